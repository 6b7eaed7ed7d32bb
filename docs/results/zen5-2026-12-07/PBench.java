package dev.hne.engine.backend.cpu;
import java.util.Random;
/**
 * The batch-64 route of a 1x1 layer, one thread: weights packed once (scale folded), then per image
 * GemmDriver.multiply (B packed from the NCHW input, fused 8 x 32 tiles) over 64 images' own buffers,
 * as in the network. args: res|nores. GFLOP/s, best of the timed rounds.
 */
public class PBench {
  public static void main(String[] args) {
    int[][] shapes = {{64,1024,16},{16,1024,64},{128,256,32},{256,64,64},{64,256,64},{64,64,256}};
    boolean resid = args[0].equals("res"); int imgs = Integer.getInteger("imgs", 64);
    Random r = new Random(1);
    for (int[] s : shapes) {
      int m=s[0], n=s[1], k=s[2];
      float[] w=rnd(r,m*k), sc=rnd(r,m), sh=rnd(r,m);
      float[] ap=new float[GemmDriver.packedASize(m,k)];
      GemmDriver.packA(w,0,k,false,m,k,sc,0,ap,0);
      float[] b=rnd(r,k*n*imgs), c=new float[m*n*imgs], res=resid?rnd(r,m*n*imgs):null;
      Epilogue e = new Epilogue(sh, 0, res, 0f, Float.POSITIVE_INFINITY);
      double best=1e18;
      for (int rep=0; rep<40; rep++) {
        long t0=System.nanoTime();
        for (int i=0;i<imgs;i++) {
          GemmDriver.multiply(ap,0,m,n,k,b,i*k*n,n,false,c,i*m*n,n,false,e);   // res is read at C's index
        }
        long t=System.nanoTime()-t0; if (rep>8) best=Math.min(best,t);
      }
      System.out.printf("%s m=%3d n=%4d k=%3d imgs=%d  %.1f GFLOP/s%n", args[0], m,n,k,imgs, 2.0*m*n*k*imgs/best);
    }
  }
  static float[] rnd(Random r,int len){float[] f=new float[len]; for(int i=0;i<len;i++) f[i]=(float)r.nextGaussian(); return f;}
}
