cmp    %ebx,%r10d
jae    0xb65
mov    0x550(%rsp),%r9
mov    0xc(%r9),%ecx
vbroadcastss 0x10(%rdx,%r10,4),%zmm2
cmp    %ecx,%r10d
jae    0xc68
mov    0x530(%rsp),%rdi
mov    0xc(%rdi),%r8d
vbroadcastss 0x10(%r9,%r10,4),%zmm3
vmovdqu64 %zmm3,%zmm4
vfmadd231ps %zmm2,%zmm23,%zmm4
add    $0xfffffff1,%r8d
vcmple_oqps %zmm0,%zmm4,%k6
vmovdqu32 -0x5a0cc9(%rip),%zmm12{%k6}{z}        # 0xffffffffffa5f6c0
vpcmpeqd -0x5a0cd4(%rip),%zmm12,%k6        # 0xffffffffffa5f6c0
vpblendmd %zmm0,%zmm4,%zmm4{%k6}
vcmpgt_oqps %zmm1,%zmm4,%k6
vmovdqu32 -0x5a0ceb(%rip),%zmm12{%k6}{z}        # 0xffffffffffa5f6c0
