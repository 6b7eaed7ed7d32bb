# One line per eval log of run1.sh: policy points within +10% of fixed n at the same average MMACs,
# median and worst, for the CPU time (item 4's measure) and for the wall-clock time; medians over each
# point's timing rounds, fixed n joined by straight lines (as ../adaptive-overhead-2026-12-04/fixed-heap/pooled.py).
# Usage: python3 summary.py new-1.log base-1.log ...
import re, statistics, sys
line = re.compile(r'^  (.+?)\s+accuracy\s+[\d.]+%\s+avg ([\d.]+) MMACs\s+([\d.]+) ms/image \(wall\), ([\d.]+) CPU ms/image$')
for f in sys.argv[1:]:
    pts = {}
    for l in open(f):
        m = line.match(l.rstrip('\n'))
        if m:
            pts.setdefault(m[1], (float(m[2]), [], []))
            pts[m[1]][1].append(float(m[3]))
            pts[m[1]][2].append(float(m[4]))
    out = []
    for col, name in ((2, 'CPU'), (1, 'wall')):
        fixed = sorted((v[0], statistics.median(v[col])) for k, v in pts.items() if k.startswith('fixed'))
        def at(m):
            for (x0, y0), (x1, y1) in zip(fixed, fixed[1:]):
                if x0 <= m <= x1: return y0 + (m - x0) / (x1 - x0) * (y1 - y0)
        r = [statistics.median(v[col]) / at(v[0]) for k, v in pts.items() if not k.startswith('fixed')]
        out.append(f'{name}: {sum(x <= 1.10 for x in r)} of {len(r)} within +10%, median {100 * (statistics.median(r) - 1):+.1f}%, worst {100 * (max(r) - 1):+.1f}%')
    print(f'{f}: ' + '; '.join(out))
