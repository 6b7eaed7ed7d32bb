"""As jfr-top.py, but only samples from SKIP seconds after the first (steady state), and with the caller line."""
import re, collections, sys
skip = float(sys.argv[2]) if len(sys.argv) > 2 else 10
events = open(sys.argv[1]).read().split('jdk.ExecutionSample')
per = collections.defaultdict(collections.Counter); t0 = None
for e in events:
    m = re.search(r'startTime = (\d+):(\d+):([\d.]+)', e)
    th = re.search(r'sampledThread = "([^"]+)"', e)
    frames = re.findall(r'\n\s+([\w.$]+)\(', e)
    if not m or not th or not frames: continue
    t = int(m.group(1)) * 3600 + int(m.group(2)) * 60 + float(m.group(3))
    t0 = t if t0 is None else t0
    if t - t0 < skip: continue
    mine = [f for f in frames if f.startswith('dev.hne')]
    per[th.group(1)][(mine[0] if mine else frames[0]).replace('dev.hne.engine.backend.cpu.', '')] += 1
for key, counts in per.items():
    total = sum(counts.values())
    print('==', key, total, 'samples')
    for name, n in counts.most_common(int(sys.argv[3]) if len(sys.argv) > 3 else 18):
        print(f'  {100 * n / total:5.1f}% {name}')
