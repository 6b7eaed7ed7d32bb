import dev.hne.anytime.AnytimeWorkload;
public class Loop3 {
  public static void main(String[] a) {
    int n = Integer.parseInt(a[0]);
    AnytimeWorkload w = AnytimeWorkload.create(a.length > 1 ? a[1] : "resnet-hne", 1, null, "cpu", 1);
    double[] med = new double[12];
    for (int round = 0; round < 12; round++) {
      long[] t = new long[300];
      for (int i = 0; i < t.length; i++) { long s = System.nanoTime(); w.run(n); t[i] = System.nanoTime() - s; }
      java.util.Arrays.sort(t); med[round] = t[t.length/2] / 1e6;
    }
    double[] m = java.util.Arrays.copyOfRange(med, 2, 12); java.util.Arrays.sort(m);
    System.out.printf("%.3f%n", (m[4] + m[5]) / 2);
    System.exit(0);
  }
}
