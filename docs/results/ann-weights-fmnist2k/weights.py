import csv, glob, statistics, sys
rows = {}
for w in ["constant", "adaloss", "oscillating"]:
    for s in [0, 1, 2]:
        f = f"/work/wt-21/runs/{sys.argv[1]}-{w}-s{s}/metrics.csv"
        try:
            r = list(csv.DictReader(open(f)))
        except FileNotFoundError:
            continue
        last = max(int(x["epoch"]) for x in r)
        for x in r:
            if int(x["epoch"]) == last:
                rows.setdefault((w, int(x["n"])), []).append((s, float(x["accuracy"]) * 100, float(x["mmacs"])))
out = ["weighting,exit,mmacs,seeds,accuracy_per_seed,mean,std"]
for (w, e), v in sorted(rows.items()):
    accs = [a for _, a, _ in v]
    sd = statistics.stdev(accs) if len(accs) > 1 else float("nan")
    out.append(f"{w},{e},{v[0][2]:.4f},{len(v)},{';'.join(f'{a:.2f}' for a in accs)},{statistics.mean(accs):.3f},{sd:.3f}")
print("\n".join(out))
