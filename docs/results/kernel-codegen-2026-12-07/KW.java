package dev.hne.engine.backend.cpu;
import java.util.Random;
/** The wide kernel alone on pre-packed B: M x N x k, tiles pair-outer, rows inner (as multiplyRowsFused). */
public class KW {
  public static void main(String[] args) {
    int[][] shapes = {{64,1024,16},{128,256,32},{256,64,64},{16,1024,64},{64,64,256}};
    Random r = new Random(1);
    for (int[] s : shapes) {
      int m=s[0], n=s[1], k=s[2], NR=MicroKernel.NR;
      float[] a=rnd(r,m*k), b=rnd(r,k*n), c=new float[m*n], sc=rnd(r,m), sh=rnd(r,m);
      double best=1e9; int inner=Math.max(1,(1<<22)/(m*n*k));
      for (int rep=0; rep<400; rep++) {
        long t0=System.nanoTime();
        for (int it=0; it<inner; it++)
        for (int q=0;q<n/(2*NR);q++) for (int ir=0;ir<m;ir+=4)
          MicroKernel.multiplyRowsWideShift(k,a,ir*k,k,b,2*q*k*NR,c,ir*n+2*q*NR,n,sc,sh,ir,0f,Float.POSITIVE_INFINITY);
        long t=System.nanoTime()-t0; if (rep>100) best=Math.min(best,t);
      }
      System.out.printf("m=%3d n=%4d k=%3d  %.1f GFLOP/s%n", m,n,k, 2.0*m*n*k*inner/best);
    }
  }
  static float[] rnd(Random r,int len){float[] f=new float[len]; for(int i=0;i<len;i++) f[i]=(float)r.nextGaussian(); return f;}
}
