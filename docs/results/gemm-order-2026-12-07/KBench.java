package dev.hne.engine.backend.cpu;
import java.util.Random;
public class KBench {
  interface G { void run(float[] a,int m,int n,int k,float[] b,float[] c,float[] sc,float[] sh,float[] res); }
  public static void main(String[] args) {
    int[][] shapes = {{16,1024,64},{64,1024,16},{32,1024,64},{128,256,32},{32,256,128},{64,64,256},{256,64,64},{64,256,64}};
    boolean resid = args[0].equals("res"); int mode=Integer.parseInt(args[1]); float[] slab0=new float[32*1024+64]; int so=Integer.getInteger("so",0); float[] slab=slab0;
    G cur = (a,m,n,k,b,c,sc,sh,res) -> GemmDriver.multiplyRowsFused(a,0,k,m,n,k,b,0,n,false,c,0,n,sc,sh,0,res,0f,Float.POSITIVE_INFINITY);
    Random r = new Random(1);
    for (int[] s : shapes) {
      int m=s[0], n=s[1], k=s[2];
      int imgs = Integer.getInteger("imgs", Math.max(1, (1<<22)/(m*n*k)));
      float[] a=rnd(r,m*k), b=rnd(r,k*n*imgs), c=new float[m*n*imgs], sc=rnd(r,m), sh=rnd(r,m), res=resid?rnd(r,m*n*imgs):null;
      double best=1e9;
      for (int rep=0; rep<Integer.getInteger("reps",300); rep++) {
        long t0=System.nanoTime();
        for (int i=0;i<imgs;i++) {
          if (mode==0) GemmDriver.multiplyRowsFused(a,0,k,m,n,k,b,i*k*n,n,false,c,i*m*n,n,sc,sh,0,res,0f,Float.POSITIVE_INFINITY);
          else if (mode==1) perPanel(a,m,n,k,b,i*k*n,c,i*m*n,sc,sh,res,slab,so);
          else if (mode==3) fusedCopy(a,0,k,m,n,k,b,i*k*n,n,false,c,i*m*n,n,sc,sh,0,res,0f,Float.POSITIVE_INFINITY);
          else inPlace(a,m,n,k,b,i*k*n,c,i*m*n,sc,sh,res);
        }
        long t=System.nanoTime()-t0; if (rep>Integer.getInteger("reps",300)/6) best=Math.min(best,t);
      }
      double flops=2.0*m*n*k*imgs;
      System.out.printf("m=%3d n=%4d k=%3d imgs=%3d  %.1f GFLOP/s%n", m,n,k,imgs, flops/best);
    }
  }
  static float[] tmp=new float[32*1024];
  static void perPanel(float[] a,int m,int n,int k,float[] b,int bOff,float[] c,int cOff,float[] sc,float[] sh,float[] res,float[] slab,int so){
    int NR=MicroKernel.NR, MR=MicroKernel.MR;
    for (int j0=0;j0<n;j0+=NR){
      GemmDriver.packB(b,bOff,n,false,0,k,j0,NR,tmp); System.arraycopy(tmp,0,slab,so,k*NR);
      for(int ir=0;ir<m;ir+=MR){
        if(res==null) MicroKernel.multiplyRowsShift(k,a,ir*k,k,slab,so,NR,c,cOff+ir*n+j0,n,sc,sh,ir,0f,Float.POSITIVE_INFINITY);
        else MicroKernel.multiplyRowsShiftResidual(k,a,ir*k,k,slab,so,NR,c,cOff+ir*n+j0,n,sc,sh,ir,res,0f,Float.POSITIVE_INFINITY);
      }
    }
  }
  static void inPlace(float[] a,int m,int n,int k,float[] b,int bOff,float[] c,int cOff,float[] sc,float[] sh,float[] res){
    int NR=MicroKernel.NR, MR=MicroKernel.MR;
    for (int j0=0;j0<n;j0+=NR){
      for(int ir=0;ir<m;ir+=MR){
        if(res==null) MicroKernel.multiplyRowsShift(k,a,ir*k,k,b,bOff+j0,n,c,cOff+ir*n+j0,n,sc,sh,ir,0f,Float.POSITIVE_INFINITY);
        else MicroKernel.multiplyRowsShiftResidual(k,a,ir*k,k,b,bOff+j0,n,c,cOff+ir*n+j0,n,sc,sh,ir,res,0f,Float.POSITIVE_INFINITY);
      }
    }
  }
  static float[] rnd(Random r,int len){float[] f=new float[len]; for(int i=0;i<len;i++) f[i]=(float)r.nextGaussian(); return f;}
    static void fusedCopy(float[] a, int aOff, int lda, int m, int n, int k,
                                  float[] b, int bOff, int ldb, boolean transB,
                                  float[] c, int cOff, int ldc,
                                  float[] scale, float[] shift, int rowOff, float[] res, float lo, float hi) {
        if (m % MicroKernel.MR != 0 || k <= 0) {
            throw new IllegalArgumentException("multiplyRowsFused needs m % " + MicroKernel.MR + " == 0 and k > 0, got m=" + m
                    + ", k=" + k);
        }
        float[] panel = Scratch.get(Scratch.Slot.PACKED_B, k * MicroKernel.NR);
        for (int j0 = 0; j0 < n; j0 += MicroKernel.NR) {
            int nr = Math.min(MicroKernel.NR, n - j0);
            if (nr == MicroKernel.NR) GemmDriver.packB(b, bOff, ldb, transB, 0, k, j0, MicroKernel.NR, panel); else GemmDriver.packB(b, bOff, ldb, transB, 0, k, j0, nr, panel);
            for (int ir = 0; ir < m; ir += MicroKernel.MR) {
                int ao = aOff + ir * lda, co = cOff + ir * ldc + j0;
                if (nr == MicroKernel.NR) {
                    if (res == null) {
                        MicroKernel.multiplyRowsShift(k, a, ao, lda, panel, 0, MicroKernel.NR, c, co, ldc,
                                scale, shift, rowOff + ir, lo, hi);
                    } else {
                        MicroKernel.multiplyRowsShiftResidual(k, a, ao, lda, panel, 0, MicroKernel.NR, c, co, ldc,
                                scale, shift, rowOff + ir, res, lo, hi);
                    }
                    continue;
                }
                float[] tile = Scratch.get(Scratch.Slot.TILE, MicroKernel.MR * MicroKernel.NR);
                float[] resTile = null;
                if (res != null) {   // laid out like the tile, as the kernel reads it at C's index
                    resTile = Scratch.get(Scratch.Slot.RESIDUAL_TILE, MicroKernel.MR * MicroKernel.NR);
                    for (int r = 0; r < MicroKernel.MR; r++) System.arraycopy(res, co + r * ldc, resTile, r * MicroKernel.NR, nr);
                }
                if (resTile == null) {
                    MicroKernel.multiplyRowsShift(k, a, ao, lda, panel, 0, MicroKernel.NR, tile, 0, MicroKernel.NR,
                            scale, shift, rowOff + ir, lo, hi);
                } else {
                    MicroKernel.multiplyRowsShiftResidual(k, a, ao, lda, panel, 0, MicroKernel.NR, tile, 0, MicroKernel.NR,
                            scale, shift, rowOff + ir, resTile, lo, hi);
                }
                for (int r = 0; r < MicroKernel.MR; r++) System.arraycopy(tile, r * MicroKernel.NR, c, co + r * ldc, nr);
            }
        }
    }
}
