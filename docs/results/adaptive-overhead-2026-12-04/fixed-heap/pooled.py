# Item 4 from every measurement of the fixed-heap runs' logs (fixedheap-*/eval-log.txt): the median CPU
# ms per image of each point over all its measurements, each policy point against fixed n's medians
# joined by straight lines at the same average MMACs. Usage: python3 pooled.py fixedheap-*/eval-log.txt
import re, statistics, sys
line = re.compile(r'^  (.+?)\s+accuracy\s+[\d.]+%\s+avg ([\d.]+) MMACs\s+[\d.]+ ms/image \(wall\), ([\d.]+) CPU ms/image$')
pts = {}
for f in sys.argv[1:]:
    for l in open(f):
        m = line.match(l.rstrip('\n'))
        if m:
            pts.setdefault(m[1], (float(m[2]), []))[1].append(float(m[3]))
fixed = sorted((mm, statistics.median(c)) for k, (mm, c) in pts.items() if k.startswith('fixed'))
def at(m):
    for (x0, y0), (x1, y1) in zip(fixed, fixed[1:]):
        if x0 <= m <= x1: return y0 + (m - x0) / (x1 - x0) * (y1 - y0)
print('| point | avg MMACs | measurements | median CPU ms/image | fixed n there | vs fixed n |')
print('|---|---:|---:|---:|---:|---:|')
ratios = []
for k, (mm, c) in pts.items():
    med = statistics.median(c)
    if k.startswith('fixed'):
        print(f'| {k} | {mm:.3f} | {len(c)} | {med:.3f} | | |')
    else:
        r = med / at(mm); ratios.append(r)
        print(f'| {k} | {mm:.3f} | {len(c)} | {med:.3f} | {at(mm):.3f} | {100*(r-1):+.1f}% |')
print(f'\npolicy points within +10%: {sum(r <= 1.10 for r in ratios)} of {len(ratios)}; median {100*(statistics.median(ratios)-1):+.1f}%, worst {100*(max(ratios)-1):+.1f}%')
