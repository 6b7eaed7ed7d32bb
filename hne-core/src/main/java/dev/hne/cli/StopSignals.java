package dev.hne.cli;

import dev.hne.train.StopRequest;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM and SIGINT (Ctrl-C) during {@code ./hne train}: the first one asks the trainer to stop
 * at the next step boundary ({@link StopRequest}), where it saves a mid-epoch checkpoint and the
 * command exits with 128 + the signal number (143, 130); a second one exits at once (the files
 * on disk are whole: every checkpoint is written atomically).
 *
 * <p>Why {@code sun.misc.Signal} and not a shutdown hook: a hook runs while the JVM is already
 * exiting, so the training thread would have to save from inside the shutdown, racing it; a
 * signal handler only sets the request, and the training thread stops, saves and returns its
 * exit code the normal way. The module {@code jdk.unsupported} that holds it is in every JDK
 * and in the bundle's runtime. Closing restores the handlers that were there before.
 */
final class StopSignals implements AutoCloseable {

    private record Installed(Signal signal, SignalHandler previous) {}

    private final List<Installed> installed = new ArrayList<>();

    private StopSignals() {}

    /** Routes SIGTERM and SIGINT to {@code stop} until closed; {@code err} gets one line per signal. */
    static StopSignals install(StopRequest stop, PrintWriter err) {
        StopSignals s = new StopSignals();
        s.handle("TERM", 15, stop, err);
        s.handle("INT", 2, stop, err);
        return s;
    }

    private void handle(String name, int number, StopRequest stop, PrintWriter err) {
        Signal signal = new Signal(name);
        int exitCode = 128 + number;
        SignalHandler previous = Signal.handle(signal, sig -> {
            if (stop.request("SIG" + name, exitCode)) {
                err.println("hne train: SIG" + name + ": stopping after the current step and saving a checkpoint"
                        + " (send it again to stop at once)");
            } else {
                err.println("hne train: SIG" + name + " again: stopping at once; the checkpoints on disk are complete");
                Runtime.getRuntime().halt(exitCode);
            }
            err.flush();
        });
        installed.add(new Installed(signal, previous));
    }

    @Override
    public void close() {
        for (Installed i : installed) {
            Signal.handle(i.signal(), i.previous());
        }
        installed.clear();
    }
}
