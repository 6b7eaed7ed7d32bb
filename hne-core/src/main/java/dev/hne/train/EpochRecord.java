package dev.hne.train;

import java.util.Arrays;
import java.util.Locale;

/**
 * What one epoch produced: its training statistics and the test evaluation for every n.
 * {@link #encode}/{@link #decode} turn it into one line of text, stored in every checkpoint, so a
 * resumed run continues its history (and its reports) exactly where the checkpoint left off.
 *
 * @param epoch         1-based number of the epoch just completed
 * @param lr            learning rate at the start of the epoch
 * @param trainLoss     mean of the objective over the epoch's batches
 * @param trainAccuracy accuracy of the full ensemble on the training batches (train mode, augmented)
 * @param seconds       wall time of the training part of the epoch
 */
public record EpochRecord(int epoch, double lr, double trainLoss, double trainAccuracy, double seconds,
                          double imagesPerSecond, EvalResult test) {

    public String encode() {
        return String.join(";", "" + epoch, "" + lr, "" + trainLoss, "" + trainAccuracy, "" + seconds,
                "" + imagesPerSecond, "" + test.samples(), test.order(), join(test.mmacs()), join(test.accuracy()),
                join(test.loss()), join(test.logitStd()), join(test.perModelAccuracy()));
    }

    public static EpochRecord decode(String line) {
        String[] f = line.split(";", -1);
        if (f.length != 13) {
            throw new IllegalArgumentException("history line has " + f.length + " fields, expected 13");
        }
        EvalResult test = new EvalResult(Integer.parseInt(f[6]), f[7], split(f[8]), split(f[9]), split(f[10]),
                split(f[11]), split(f[12]));
        return new EpochRecord(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]), test);
    }

    private static String join(double[] a) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < a.length; i++) sb.append(i > 0 ? " " : "").append(a[i]);
        return sb.toString();
    }

    private static double[] split(String s) {
        return Arrays.stream(s.trim().split(" ")).mapToDouble(Double::parseDouble).toArray();
    }

    /** "epoch 3: loss 1.234, ..." for logs. */
    public String summaryLine(int epochs) {
        return String.format(Locale.ROOT, "epoch %d/%d: train loss %.4f, train acc %.1f%%, test acc n=1 %.2f%%, n=%d %.2f%%"
                        + "  (lr %.4f, %.0f s, %.0f images/s)", epoch, epochs, trainLoss, 100 * trainAccuracy,
                100 * test.accuracy()[0], test.models(), 100 * test.fullAccuracy(), lr, seconds, imagesPerSecond);
    }
}
