import json,glob,sys
for f in sorted(glob.glob(sys.argv[1]+'/*.json')):
    try: d=json.load(open(f))
    except Exception as e: print(f,'(no result)'); continue
    if not d: print(f,'(no result)'); continue
    for b in d:
        p=b['primaryMetric']; pc=p['scorePercentiles']
        vals=[]
        def walk(x):
            if isinstance(x,list) and len(x)==2 and all(isinstance(y,(int,float)) for y in x): vals.extend([x[0]]*int(x[1]))
            elif isinstance(x,list):
                for y in x: walk(y)
        walk(p['rawDataHistogram'])
        print(f"{f:34s} n={len(vals):2d} p50={pc['50.0']:.0f} mean={p['score']:.0f} min={pc['0.0']:.0f} max={pc['100.0']:.0f}")
