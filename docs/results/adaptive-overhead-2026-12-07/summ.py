import re,sys,statistics
for r in sys.argv[1:]:
    L=open(f'/tmp/ovh7/{r}.log').read().splitlines()
    pts=[float(m.group(1)) for l in L if re.match(r'^(threshold|learned)',l) for m in [re.search(r'([+-]\d+\.\d)%',l)] if m]
    fx=[l.split()[7] for l in L if l.startswith('fixed n =')][-8:]
    print(f"{r}: within +10% {sum(p<=10 for p in pts)} of {len(pts)}; median {statistics.median(pts):+.1f}%, worst {max(pts):+.1f}%; fixed n=1,2,4,8 CPU ms {fx[0]}, {fx[1]}, {fx[3]}, {fx[7]}")
