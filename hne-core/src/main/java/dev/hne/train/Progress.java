package dev.hne.train;

import dev.hne.engine.RuntimeOptions;
import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The progress of one epoch on stderr: a live bar (me.tongfei:progressbar) with loss, accuracy and
 * images/s when a terminal is attached, else one plain line per ~10% of the epoch (log files, tests).
 */
final class Progress implements AutoCloseable {

    private final PrintWriter plain;
    private final ProgressBar bar;
    private final String task;
    private final int steps;
    private int step;

    Progress(PrintWriter err, String task, int steps) {
        this.task = task;
        this.steps = steps;
        boolean live = System.console() != null && !RuntimeOptions.current().plainProgress();
        this.plain = live ? null : err;
        this.bar = live ? new ProgressBarBuilder().setTaskName(task).setInitialMax(steps)
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setUpdateIntervalMillis(500).build() : null;
    }

    /** One step done, with the running mean loss and accuracy and the throughput so far. */
    void step(double loss, double accuracy, double imagesPerSecond) {
        step++;
        String message = String.format(Locale.ROOT, "loss %.4f  acc %.1f%%  %.0f img/s", loss, 100 * accuracy,
                imagesPerSecond);
        if (bar != null) {
            bar.stepTo(step);
            bar.setExtraMessage(" " + message);
        } else {
            int every = Math.max(1, (steps + 9) / 10);
            if (step % every == 0 || step == steps) {
                plain.printf(Locale.ROOT, "  %s  step %d/%d  %s%n", task, step, steps, message);
                plain.flush();
            }
        }
    }

    @Override
    public void close() {
        if (bar != null) bar.close();
    }
}
