"""Execution samples of a JFR recording summed by the innermost dev.hne frame (and by thread with -t).
Usage: jfr print --events jdk.ExecutionSample REC.jfr > REC.txt; python3 jfr-top.py REC.txt [-t]."""
import collections, re, sys
events = open(sys.argv[1]).read().split('jdk.ExecutionSample')
per = collections.defaultdict(collections.Counter)
for e in events:
    frames = re.findall(r'\n\s+([\w.$]+)\(', e)
    thread = re.search(r'sampledThread = "([^"]+)"', e)
    if not frames or not thread:
        continue
    mine = [f for f in frames if f.startswith('dev.hne')]
    key = thread.group(1) if '-t' in sys.argv else 'all'
    per[key][(mine[0] if mine else frames[0]).replace('dev.hne.engine.backend.cpu.', '')] += 1
for key, counts in per.items():
    total = sum(counts.values())
    print('==', key, total, 'samples')
    for name, n in counts.most_common(15):
        print(f'  {100 * n / total:5.1f}% {name}')
