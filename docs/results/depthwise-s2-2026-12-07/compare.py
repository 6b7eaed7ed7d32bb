"""Per-layer time per forward: ours (the CpuConv.forwardFused timer, TIME lines) against ORT's profiler (agg.py lines).
usage: compare.py OURS.txt OURS_FORWARDS ORT.txt"""
import re, sys
ours, forwards, ort = sys.argv[1], int(sys.argv[2]), sys.argv[3]
o = {}
for l in open(ort):
    m = re.match(r'\s*([\d.]+) ms/fwd\s+(\d+) calls/fwd Conv \[\[(\d+), (\d+), (\d+), (\d+)\], \[(\d+), (\d+), (\d+), (\d+)\]\] -> \[\[\d+, \d+, (\d+), (\d+)\]\]', l)
    if m:
        v = list(map(int, m.groups()[1:]))
        calls, n, cin, h, w, cout, cpg, kh, kw, oh, ow = v
        key = (cin, h, cout, kh, oh, cpg == 1 and cin == cout)
        o[key] = o.get(key, 0) + float(m.group(1))
rows, tot_o, tot_r = [], 0, 0
for l in open(ours):
    m = re.match(r'TIME\s+([\d.]+) ms\s+(\d+) calls x\((\d+),(\d+),(\d+),(\d+)\) -> (\d+) channels, kernel (\d)x\d, stride (\d)', l)
    if not m: continue
    t, calls, n, cin, h, w, cout, k, s = float(m.group(1)), *map(int, m.groups()[1:])
    dw = 'groups ' + str(cin) in l and cin == cout and cin > 1
    oh = (h + 2 * (k // 2) - k) // s + 1
    key = (cin, h, cout, k, oh, dw)
    ms = t / forwards
    rows.append((ms, "x(" + l.split("x(")[1].strip(), round(calls / forwards), key))
merged = {}
for ms, desc, cpf, key in rows:
    d = merged.setdefault(key, [0, [], 0]); d[0] += ms; d[1].append(desc); d[2] += cpf
print('| layer (ours) | calls per forward | ours ms | ORT ms | ours/ORT |')
print('|---|---:|---:|---:|---:|')
for key, (ms, descs, cpf) in sorted(merged.items(), key=lambda kv: -kv[1][0]):
    r = o.get(key)
    tot_o += ms; tot_r += r or 0
    print(f"| {' + '.join(sorted(set(d.replace(' channels, kernel', ', k').replace(', padding 0, groups 1', '').replace(', padding 1', '') for d in descs)))} | {cpf} | {ms:.3f} | {r if r is None else f'{r:.3f}'} | {'' if not r else f'{ms / r:.2f}'} |")
print(f'| all convolutions | | {tot_o:.2f} | {tot_r:.2f} | {tot_o / tot_r:.2f} |')
