# Median CPU ms per image over the rounds, per policy point, and each policy's CPU time over fixed n's
# at the same average MMACs (fixed-n medians joined by straight lines): issue 20 item 4.
import csv, statistics, sys, glob
def load(v):
    runs = [list(csv.DictReader(open(f))) for f in sorted(glob.glob(f'{v}-*/policy.csv'))]
    pts = {}
    for run in runs:
        for r in run:
            key = (r['kind'], r['parameter'])
            pts.setdefault(key, {'mmacs': float(r['test_avg_mmacs']), 'cpu': []})['cpu'].append(float(r['test_cpu_ms_per_image']))
    return pts, len(runs)
def interp(fixed, m):
    for (x0, y0), (x1, y1) in zip(fixed, fixed[1:]):
        if x0 <= m <= x1: return y0 + (m - x0) / (x1 - x0) * (y1 - y0)
    return float('nan')
out = {}
for v in ('old', 'new'):
    pts, n = load(v)
    fixed = sorted((p['mmacs'], statistics.median(p['cpu'])) for (k, _), p in pts.items() if k == 'fixed')
    out[v] = {}
    for (k, par), p in pts.items():
        med = statistics.median(p['cpu'])
        ratio = med / interp(fixed, p['mmacs']) if k != 'fixed' else float('nan')
        out[v][(k, par)] = (p['mmacs'], med, ratio, p['cpu'])
    print(f'{v}: {n} rounds')
print('| point | avg MMACs | CPU ms/image old (median over rounds) | new | old vs fixed n | new vs fixed n |')
print('|---|---:|---:|---:|---:|---:|')
for key in out['new']:
    mo, co, ro, _ = out['old'][key]; mn, cn, rn, _ = out['new'][key]
    f = lambda r: '' if r != r else f'{100*(r-1):+.1f}%'
    print(f'| {key[0]} {key[1]} | {mn:.3f} | {co:.3f} | {cn:.3f} | {f(ro)} | {f(rn)} |')
for v in ('old', 'new'):
    rs = [r for (k, _), (_, _, r, _) in out[v].items() if k != 'fixed' and r == r]
    print(v, 'policies within 10%:', sum(1 for r in rs if r <= 1.10), 'of', len(rs), ' median', f'{100*(statistics.median(rs)-1):+.1f}%', ' max', f'{100*(max(rs)-1):+.1f}%')
