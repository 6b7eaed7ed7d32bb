package dev.hne.engine.backend.cpu;
import java.util.Random;
/** args: variant [copies]; packed 8x32 fused store kernel over m x n x k, ReLU (lo 0, hi +inf). */
public class EpBench {
  public static void main(String[] args) {
    int[][] shapes = {{64,1024,16},{128,256,32},{256,64,64},{64,1024,64},{64,64,256}};
    Random r = new Random(1);
    int v=Integer.parseInt(args[0]); int copies = args.length>1?Integer.parseInt(args[1]):1;
    int NR=MicroKernel.NR, MR=8;
    for (int[] s : shapes) {
      int m=s[0], n=s[1], k=s[2];
      float[] ap=rnd(r,m*k), b=rnd(r,k*n), sh=rnd(r,m);
      float[][] cs=new float[copies][m*n];
      double best=1e9; int inner=Math.max(1,(1<<22)/(m*n*k));
      for (int rep=0; rep<300; rep++) {
        long t0=System.nanoTime();
        for (int it=0; it<inner; it++) {
         float[] c=cs[(rep*inner+it)%copies];
         for (int q=0;q<n/NR;q++) for (int ir=0;ir<m;ir+=MR) {
          int ao=ir*k, bo=q*k*NR, co=ir*n+q*NR;
          switch (v) {
            case 0: EpV.v0(k,ap,ao,b,bo,NR,c,co,n,sh,ir,0f,Float.POSITIVE_INFINITY); break;
            case 1: EpV.v1(k,ap,ao,b,bo,NR,c,co,n,sh,ir,0f,Float.POSITIVE_INFINITY); break;
            case 2: EpV.v2(k,ap,ao,b,bo,NR,c,co,n,sh,ir,0f,Float.POSITIVE_INFINITY); break;
            case 3: EpV.v3(k,ap,ao,b,bo,NR,c,co,n,sh,ir,0f,Float.POSITIVE_INFINITY); break;
            case 4: EpV.v4(k,ap,ao,b,bo,NR,c,co,n,sh,ir,0f,Float.POSITIVE_INFINITY); break;
            case 5: EpV.v5(k,ap,ao,b,bo,NR,c,co,n,sh,ir,0f,Float.POSITIVE_INFINITY); break;
            default: MicroKernel.multiplyStoreShift(k,ap,ao,b,bo,NR,c,co,n,sh,ir,0f,Float.POSITIVE_INFINITY);
          }
         }
        }
        long t=System.nanoTime()-t0; if (rep>100) best=Math.min(best,t);
      }
      System.out.printf("v%d m=%3d n=%4d k=%3d  %.1f GFLOP/s%n", v, m,n,k, 2.0*m*n*k*inner/best);
    }
  }
  static float[] rnd(Random r,int len){float[] f=new float[len]; for(int i=0;i<len;i++) f[i]=(float)r.nextGaussian(); return f;}
}
