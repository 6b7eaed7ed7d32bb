import re,sys,subprocess
lines=open(sys.argv[1]).read().split('\n')
# find last C2 block
starts=[i for i,l in enumerate(lines) if 'Compiled method (c2)' in l]
s=starts[int(sys.argv[2]) if len(sys.argv)>2 else -1]
out=bytearray(); base=None
for l in lines[s:]:
    if l.startswith('[Stub Code]') or l.startswith('[Exception Handler]'): break
    m=re.match(r'\s+0x([0-9a-f]+): ((?:[0-9a-f]{4}\s?\|?\s?)+)$',l)
    if m:
        addr=int(m.group(1),16)
        if base is None: base=addr
        hexs=m.group(2).replace('|','').replace(' ','')
        if addr-base!=len(out): out+=b'\x90'*(addr-base-len(out)) if addr-base>len(out) else b''
        out+=bytes.fromhex(hexs)
open('/tmp/kw/code.bin','wb').write(out)
print(hex(base),len(out))
