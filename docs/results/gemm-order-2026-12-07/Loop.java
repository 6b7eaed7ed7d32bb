import dev.hne.anytime.AnytimeWorkload;
public class Loop {
  public static void main(String[] a) {
    int n = Integer.parseInt(a[0]);
    String arch = a[1]; int batch = Integer.parseInt(a[2]); int reps = Integer.parseInt(a[3]); int rounds = Integer.parseInt(a[4]);
    AnytimeWorkload w = AnytimeWorkload.create(arch, batch, null, "cpu", 1);
    double[] med = new double[rounds];
    for (int round = 0; round < rounds; round++) {
      long[] t = new long[reps];
      for (int i = 0; i < t.length; i++) { long s = System.nanoTime(); w.run(n); t[i] = System.nanoTime() - s; }
      java.util.Arrays.sort(t); med[round] = t[t.length/2] / 1e6;
    }
    double[] m = java.util.Arrays.copyOfRange(med, 2, rounds); java.util.Arrays.sort(m);
    System.out.printf("%.3f%n", m[m.length/2]);
    System.exit(0);
  }
}
