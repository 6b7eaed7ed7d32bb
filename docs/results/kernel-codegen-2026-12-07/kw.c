#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#define L 16
#define NR 32
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
__attribute__((noinline)) static void wide(int k,const float*a,int lda,const float*b,float*c,int ldc,const float*sc,const float*sh,float lo,float hi){
 __m512 acc[4][4];for(int i=0;i<4;i++)for(int j=0;j<4;j++)acc[i][j]=_mm512_setzero_ps();
 for(int p=0;p<k;p++){const float*bo=b+p*NR,*bo2=bo+k*NR;__m512 b0=_mm512_loadu_ps(bo),b1=_mm512_loadu_ps(bo+L),b2=_mm512_loadu_ps(bo2),b3=_mm512_loadu_ps(bo2+L);
  for(int i=0;i<4;i++){__m512 v=_mm512_set1_ps(a[p+i*lda]);acc[i][0]=_mm512_fmadd_ps(v,b0,acc[i][0]);acc[i][1]=_mm512_fmadd_ps(v,b1,acc[i][1]);acc[i][2]=_mm512_fmadd_ps(v,b2,acc[i][2]);acc[i][3]=_mm512_fmadd_ps(v,b3,acc[i][3]);}}
 __m512 vlo=_mm512_set1_ps(lo),vhi=_mm512_set1_ps(hi);
 for(int i=0;i<4;i++){__m512 s=_mm512_set1_ps(sc[i]),t=_mm512_set1_ps(sh[i]);for(int j=0;j<4;j++)_mm512_storeu_ps(c+i*ldc+j*L,_mm512_min_ps(_mm512_max_ps(_mm512_fmadd_ps(acc[i][j],s,t),vlo),vhi));}}
static float*rnd(int n){float*f=malloc(n*4);for(int i=0;i<n;i++)f[i]=rand()/(float)RAND_MAX-0.5f;return f;}
int main(){int shapes[][3]={{64,1024,16},{128,256,32},{256,64,64},{16,1024,64},{64,64,256}};
 for(int s=0;s<5;s++){int m=shapes[s][0],n=shapes[s][1],k=shapes[s][2];int inner=(1<<22)/(m*n*k);if(inner<1)inner=1;
  float*a=rnd(m*k),*b=rnd(k*n),*c=rnd(m*n),*sc=rnd(m),*sh=rnd(m);double best=1e9;
  for(int r=0;r<400;r++){double t0=now();for(int it=0;it<inner;it++)for(int q=0;q<n/64;q++)for(int ir=0;ir<m;ir+=4)wide(k,a+ir*k,k,b+2*q*k*NR,c+ir*n+2*q*NR,n,sc+ir,sh+ir,0,1e30f);double t=now()-t0;if(r>100&&t<best)best=t;}
  printf("m=%3d n=%4d k=%3d  %.1f GFLOP/s\n",m,n,k,2.0*m*n*k*inner/best*1e-9);}}
