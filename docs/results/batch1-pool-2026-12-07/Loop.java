import dev.hne.anytime.AnytimeWorkload;
public class Loop {
  public static void main(String[] a) {
    int n = Integer.parseInt(a[0]);
    AnytimeWorkload w = AnytimeWorkload.create("resnet-hne", 1, null, "cpu", 1);
    StringBuilder sb = new StringBuilder();
    for (int round = 0; round < 12; round++) {
      long[] t = new long[400];
      for (int i = 0; i < t.length; i++) { long s = System.nanoTime(); w.run(n); t[i] = System.nanoTime() - s; }
      java.util.Arrays.sort(t);
      sb.append(String.format("%.2f ", t[t.length/2] / 1e6)); 
    }
    System.out.println(sb);
  }
}
