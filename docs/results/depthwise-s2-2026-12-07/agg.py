import json,sys,collections
ev=json.load(open(sys.argv[1])); reps=int(sys.argv[2])
agg=collections.defaultdict(lambda:[0,0,''])
tot=0
for e in ev:
    if e.get('cat')!='Node' or not e['name'].endswith('_kernel_time'): continue
    a=e['args']; key=(a.get('op_name'), str([list(d.values())[0] for d in a.get('input_type_shape',[])][:2]), str([list(d.values())[0] for d in a.get('output_type_shape',[])]))
    agg[key][0]+=e['dur']; agg[key][1]+=1; tot+=e['dur']
print('total kernel ms/forward %.3f'%(tot/1000/reps))
for k,v in sorted(agg.items(), key=lambda kv:-kv[1][0]):
    print('%8.3f ms/fwd %4d calls/fwd %s %s -> %s'%(v[0]/1000/reps, v[1]//reps, k[0], k[1], k[2]))
