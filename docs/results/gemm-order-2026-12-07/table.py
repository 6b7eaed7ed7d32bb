import json,glob,collections,sys
MM={('resnet-hne','1'):50.8,('resnet-hne','4'):107.1,('resnet-hne','16'):402.0,('mobilenet-hne','1'):179.1,('mobilenet-hne','8'):602.3}
res=collections.defaultdict(list)
for f in sorted(glob.glob(sys.argv[1])):
    tag=f.split('/')[-1].split('-')[0]
    try: data=json.load(open(f))
    except ValueError: continue
    for r in data:
        p=r.get('params',{});
        if 'n' not in p: continue
        m=r['primaryMetric']; med=m['scorePercentiles']['50.0']
        arch=p.get('arch','mobilenet-hne'); b=int(p.get('batch',1))
        if 'Ort' in r['benchmark']: tag='ort'
        res[(arch,b,p['n'],tag)].append(med)
for k in sorted(res, key=lambda k:(k[0],k[1],int(k[2]),k[3])):
    arch,b,n,tag=k; v=res[k]; g=[2*MM[(arch,n)]*b/x for x in v]
    print(f"{arch} b={b} n={n} {tag:5s} ms " + ", ".join(f"{x:.3f}" for x in v) + "  GFLOP/s " + ", ".join(f"{x:.0f}" for x in g))
