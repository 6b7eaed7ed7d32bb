package dev.hne.train;

import dev.hne.report.Terminal;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The progress of one epoch, in two forms:
 * <ul>
 *   <li>plain lines on {@code lines}, one per ~10% of the epoch, with loss, accuracy, images/s and
 *       the time left in the epoch (the ETA): text a log file can hold;</li>
 *   <li>on a terminal only ({@link Terminal#interactive}), also a live bar (me.tongfei:progressbar)
 *       on stderr. The caller then points {@code lines} at the log file alone ({@link RunLog}), so
 *       the terminal shows the bar and the file the lines.</li>
 * </ul>
 */
final class Progress implements AutoCloseable {

    /** Lines per epoch on the plain output. */
    static final int LINES_PER_EPOCH = 10;

    private final PrintWriter lines;
    private final ProgressBar bar;
    private final String task;
    private final int steps;
    private final int every;
    private final LongSupplier nanoTime;
    private final long start;
    private int step;

    Progress(PrintWriter lines, String task, int steps) {
        this(lines, task, steps, Terminal.interactive(), System::nanoTime);
    }

    /** @param nanoTime the clock (tests pass a fake one to check the ETA) */
    Progress(PrintWriter lines, String task, int steps, boolean drawBar, LongSupplier nanoTime) {
        this.lines = lines;
        this.task = task;
        this.steps = steps;
        this.every = Math.max(1, (steps + LINES_PER_EPOCH - 1) / LINES_PER_EPOCH);
        this.nanoTime = nanoTime;
        this.start = nanoTime.getAsLong();
        this.bar = drawBar ? new ProgressBarBuilder().setTaskName(task).setInitialMax(steps)
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
        }
        if (step % every == 0 || step == steps) {
            double elapsed = (nanoTime.getAsLong() - start) / 1e9;
            double left = elapsed / step * (steps - step);   // the mean step time so far, for the steps to go
            lines.printf(Locale.ROOT, "  %s  step %d/%d  %s  eta %s%n", task, step, steps, message, duration(left));
            lines.flush();
        }
    }

    /** "42s", "3m05s", "2h07m": whole seconds under an hour, whole minutes above. */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) return s + "s";
        if (s < 3600) return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        long m = Math.round(seconds / 60);
        return String.format(Locale.ROOT, "%dh%02dm", m / 60, m % 60);
    }

    @Override
    public void close() {
        if (bar != null) bar.close();
    }
}
