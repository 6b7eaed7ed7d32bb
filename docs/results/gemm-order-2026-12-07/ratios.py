"""Medians per run from this folder's JMH JSON: ours/ORT ranges and GFLOP/s (% of the 415.6 GFLOP/s peak)."""
import json, glob, collections, sys
MM = {('resnet-hne', '1'): 50.8, ('resnet-hne', '4'): 107.1, ('resnet-hne', '16'): 402.0,
      ('mobilenet-hne', '1'): 179.1, ('mobilenet-hne', '8'): 602.3}
PEAK = float(__import__("os").environ.get("PEAK", "415.6"))   # GFLOP/s; another session passes its own
res = collections.defaultdict(list)
for f in sorted(glob.glob(sys.argv[1] if len(sys.argv) > 1 else '*.json')):
    tag = f.split('/')[-1].split('-')[0]
    data = json.load(open(f))
    for r in data:
        p = r.get('params', {})
        if 'n' not in p: continue
        med = r['primaryMetric']['scorePercentiles']['50.0']
        t = 'ort' if 'Ort' in r['benchmark'] else tag
        res[(p.get('arch', 'mobilenet-hne'), int(p.get('batch', 1)), p['n'], t)].append(med)
for key in sorted({k[:3] for k in res}, key=lambda k: (k[0], k[1], int(k[2]))):
    arch, b, n = key
    ort = res.get(key + ('ort',), [])
    for tag in sorted(t for (a, bb, nn, t) in res if (a, bb, nn) == key and t != 'ort'):
        ours = res[key + (tag,)]
        gf = lambda v: 2 * MM[(arch, n)] * b / v
        line = f"{arch} b={b} n={n} {tag:8s} ms {', '.join(f'{x:.3f}' for x in ours)}"
        if ort:
            line += f" | ORT {', '.join(f'{x:.3f}' for x in ort)} | ours/ORT {min(ours)/max(ort):.2f}-{max(ours)/min(ort):.2f}"
            line += f" | GF ours {min(map(gf, ours)):.0f}-{max(map(gf, ours)):.0f} ({min(map(gf, ours))/PEAK*100:.0f}-{max(map(gf, ours))/PEAK*100:.0f}%)"
            line += f" ORT {min(map(gf, ort)):.0f}-{max(map(gf, ort)):.0f} ({min(map(gf, ort))/PEAK*100:.0f}-{max(map(gf, ort))/PEAK*100:.0f}%)"
        print(line)
