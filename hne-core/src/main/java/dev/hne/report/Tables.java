package dev.hne.report;

import dev.hne.train.EvalResult;
import java.io.PrintWriter;
import java.util.Locale;

/** The anytime table the commands print: one row per n. */
public final class Tables {

    private Tables() {}

    /** n, MMACs, accuracy, loss, logit std of the first n models, and model n's own accuracy. */
    public static void anytime(PrintWriter out, EvalResult r) {
        if (r.order().equals("exits")) {   // an anytime network: one row per exit, no ensemble columns
            out.printf(Locale.ROOT, "%4s %9s %9s %8s%n", "exit", "MMACs", "accuracy", "loss");
            for (int e = 1; e <= r.models(); e++) {
                out.printf(Locale.ROOT, "%4d %9.2f %8.2f%% %8.4f%n", e, r.mmacs()[e - 1], 100 * r.accuracy()[e - 1],
                        r.loss()[e - 1]);
            }
            out.flush();
            return;
        }
        out.printf(Locale.ROOT, "%4s %9s %9s %8s %9s %12s%n", "n", "MMACs", "accuracy", "loss", "logit std",
                "model n alone");
        for (int n = 1; n <= r.models(); n++) {
            out.printf(Locale.ROOT, "%4d %9.2f %8.2f%% %8.4f %9.4f %11.2f%%%n", n, r.mmacs()[n - 1],
                    100 * r.accuracy()[n - 1], r.loss()[n - 1], r.logitStd()[n - 1],
                    100 * r.perModelAccuracy()[n - 1]);
        }
        out.flush();
    }
}
