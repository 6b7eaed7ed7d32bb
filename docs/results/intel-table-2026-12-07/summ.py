import json,glob,sys
rows=[]
for f in sorted(glob.glob(sys.argv[1] if len(sys.argv)>1 else '*.json')):
    for r in json.load(open(f)):
        p=r.get('params',{}); m=r['primaryMetric']
        med=m.get('scorePercentiles',{}).get('50.0',m['score'])
        print(f"{f:22s} {r['benchmark'].split('.')[-2]+'.'+r['benchmark'].split('.')[-1]:40s} {p.get('arch',''):12s} b={p.get('batch','')} n={p.get('n','')} {r['mode']} median {med:.3f} {m['scoreUnit']}")
