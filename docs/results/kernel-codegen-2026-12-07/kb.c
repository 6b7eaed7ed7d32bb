// The same GEMM as GemmDriver.multiplyRowsFused (pack B per 2048 columns, 4x64 wide tiles on panel pairs,
// 8x32 tiles on the rest, A in place, fused scale/shift/clamp), in C with AVX-512 intrinsics: how far is C2?
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#define L 16
#define NR 32
#define MR 8
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
static void packB(const float*b,int ldb,int k,int jc,int nc,float*slab){int panels=(nc+NR-1)/NR;
 for(int p=0;p<k;p++){const float*src=b+p*ldb+jc;for(int jp=0;jp<panels;jp++){memcpy(slab+jp*k*NR+p*NR,src+jp*NR,NR*4);}}}
static void wide(int k,const float*a,int lda,const float*b,float*c,int ldc,const float*sc,const float*sh,float lo,float hi){
 __m512 acc[4][4];for(int i=0;i<4;i++)for(int j=0;j<4;j++)acc[i][j]=_mm512_setzero_ps();
 for(int p=0;p<k;p++){const float*bo=b+p*NR,*bo2=bo+k*NR;__m512 b0=_mm512_loadu_ps(bo),b1=_mm512_loadu_ps(bo+L),b2=_mm512_loadu_ps(bo2),b3=_mm512_loadu_ps(bo2+L);
  for(int i=0;i<4;i++){__m512 v=_mm512_set1_ps(a[p+i*lda]);acc[i][0]=_mm512_fmadd_ps(v,b0,acc[i][0]);acc[i][1]=_mm512_fmadd_ps(v,b1,acc[i][1]);acc[i][2]=_mm512_fmadd_ps(v,b2,acc[i][2]);acc[i][3]=_mm512_fmadd_ps(v,b3,acc[i][3]);}}
 __m512 vlo=_mm512_set1_ps(lo),vhi=_mm512_set1_ps(hi);
 for(int i=0;i<4;i++){__m512 s=_mm512_set1_ps(sc[i]),t=_mm512_set1_ps(sh[i]);for(int j=0;j<4;j++)_mm512_storeu_ps(c+i*ldc+j*L,_mm512_min_ps(_mm512_max_ps(_mm512_fmadd_ps(acc[i][j],s,t),vlo),vhi));}}
static void tile(int k,const float*a,int lda,const float*b,float*c,int ldc,const float*sc,const float*sh,float lo,float hi){
 __m512 acc[8][2];for(int i=0;i<8;i++)for(int j=0;j<2;j++)acc[i][j]=_mm512_setzero_ps();
 for(int p=0;p<k;p++){__m512 b0=_mm512_loadu_ps(b+p*NR),b1=_mm512_loadu_ps(b+p*NR+L);
  for(int i=0;i<8;i++){__m512 v=_mm512_set1_ps(a[p+i*lda]);acc[i][0]=_mm512_fmadd_ps(v,b0,acc[i][0]);acc[i][1]=_mm512_fmadd_ps(v,b1,acc[i][1]);}}
 __m512 vlo=_mm512_set1_ps(lo),vhi=_mm512_set1_ps(hi);
 for(int i=0;i<8;i++){__m512 s=_mm512_set1_ps(sc[i]),t=_mm512_set1_ps(sh[i]);for(int j=0;j<2;j++)_mm512_storeu_ps(c+i*ldc+j*L,_mm512_min_ps(_mm512_max_ps(_mm512_fmadd_ps(acc[i][j],s,t),vlo),vhi));}}
static float slab[2048*512];
static void fused(const float*a,int m,int n,int k,const float*b,float*c,const float*sc,const float*sh){
 for(int jc=0;jc<n;jc+=2048){int nc=n-jc<2048?n-jc:2048;int panels=nc/NR;packB(b,n,k,jc,nc,slab);
  int pairs=panels/2;for(int q=0;q<pairs;q++)for(int ir=0;ir<m;ir+=4)wide(k,a+ir*k,k,slab+2*q*k*NR,c+ir*n+jc+2*q*NR,n,sc+ir,sh+ir,0,1e30f);
  for(int jp=2*pairs;jp<panels;jp++)for(int ir=0;ir<m;ir+=MR)tile(k,a+ir*k,k,slab+jp*k*NR,c+ir*n+jc+jp*NR,n,sc+ir,sh+ir,0,1e30f);}}
static float*rnd(int n){float*f=aligned_alloc(64,((n*4+63)/64)*64);for(int i=0;i<n;i++)f[i]=rand()/(float)RAND_MAX-0.5f;return f;}
int main(){int shapes[][3]={{16,1024,64},{64,1024,16},{32,1024,64},{128,256,32},{32,256,128},{64,64,256},{256,64,64},{64,256,64}};
 for(int s=0;s<8;s++){int m=shapes[s][0],n=shapes[s][1],k=shapes[s][2];int imgs=(1<<22)/(m*n*k);if(imgs<1)imgs=1;
  float*a=rnd(m*k),*b=rnd(k*n*imgs),*c=rnd(m*n*imgs),*sc=rnd(m),*sh=rnd(m);double best=1e9;
  for(int r=0;r<300;r++){double t0=now();for(int i=0;i<imgs;i++)fused(a,m,n,k,b+i*k*n,c+i*m*n,sc,sh);double t=now()-t0;if(r>50&&t<best)best=t;}
  printf("m=%3d n=%4d k=%3d imgs=%3d  %.1f GFLOP/s\n",m,n,k,imgs,2.0*m*n*k*imgs/best*1e-9);}}
