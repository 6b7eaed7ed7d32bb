package dev.hne.engine.backend.cpu;
import java.util.Random;
/** args: variant (0 engine residual kernel, 1 accumulators initialised with shift + residual, 2 the engine kernel writing over the residual); C and res over 64 images' buffers, B packed once. */
public class RBench {
  public static void main(String[] args) {
    int[][] shapes = {{64,1024,16},{16,1024,64},{128,256,32},{256,64,64}};
    Random r = new Random(1); int v=Integer.parseInt(args[0]); int imgs=Integer.getInteger("imgs",64);
    int NR=MicroKernel.NR, MR=8;
    for (int[] s : shapes) {
      int m=s[0], n=s[1], k=s[2];
      float[] ap=rnd(r,m*k), b=rnd(r,k*n), sh=rnd(r,m), res=rnd(r,m*n*imgs), c=v==2?res:new float[m*n*imgs];
      double best=1e18;
      for (int rep=0; rep<60; rep++) {
        long t0=System.nanoTime();
        for (int im=0; im<imgs; im++) {
         int base=im*m*n;
         for (int q=0;q<n/NR;q++) for (int ir=0;ir<m;ir+=MR) {
          int ao=ir*k, bo=q*k*NR, co=base+ir*n+q*NR;
          if (v!=1) MicroKernel.multiplyStoreShiftResidual(k,ap,ao,b,bo,NR,c,co,n,sh,ir,res,0f,Float.POSITIVE_INFINITY);
          else EpR.initRes(k,ap,ao,b,bo,NR,c,co,n,sh,ir,res,0f,Float.POSITIVE_INFINITY);
         }
        }
        long t=System.nanoTime()-t0; if (rep>15) best=Math.min(best,t);
      }
      System.out.printf("r%d m=%3d n=%4d k=%3d imgs=%d  %.1f GFLOP/s%n", v, m,n,k,imgs, 2.0*m*n*k*imgs/best);
    }
  }
  static float[] rnd(Random r,int len){float[] f=new float[len]; for(int i=0;i<len;i++) f[i]=(float)r.nextGaussian(); return f;}
}
