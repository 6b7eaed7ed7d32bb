package dev.hne.engine.backend.cpu;
public class KPeak {
  public static void main(String[] args) {
    int NR=MicroKernel.NR, MR=MicroKernel.MR;
    for (int k : new int[]{16,32,64,128,256}) {
      float[] a=new float[MR*k], b=new float[k*NR], c=new float[MR*NR], ap=new float[MR*k], sc=new float[MR], sh=new float[MR];
      java.util.Arrays.fill(a,0.001f); java.util.Arrays.fill(b,0.001f); java.util.Arrays.fill(ap,0.001f);
      double best1=1e9,best2=1e9; int iters=(1<<22)/k;
      for (int rep=0;rep<30;rep++){
        long t0=System.nanoTime();
        for(int i=0;i<iters;i++) MicroKernel.multiplyRowsShift(k,a,0,k,b,0,NR,c,0,NR,sc,sh,0,0f,Float.POSITIVE_INFINITY);
        long t1=System.nanoTime();
        for(int i=0;i<iters;i++) MicroKernel.multiply(k,ap,0,b,0,NR,c,0,NR,false);
        long t2=System.nanoTime();
        if(rep>5){best1=Math.min(best1,t1-t0);best2=Math.min(best2,t2-t1);}
      }
      double fl=2.0*MR*NR*k*iters;
      System.out.printf("k=%3d rowsShift %.1f  packed %.1f GFLOP/s%n",k,fl/best1,fl/best2);
    }
  }
}
