package dev.hne.cli;

import dev.hne.datasets.DatasetException;
import dev.hne.engine.RuntimeOptions;
import dev.hne.report.IoErrors;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code hne} command line (run it through the {@code ./hne} launcher at the repository root).
 *
 * <p>Exit codes, the contract of DESIGN.md section 6: 0 on success; 2 on bad usage or bad input,
 * with one line on stderr that says what was wrong and where, never a stack trace; 1 for a bug.
 */
@Command(name = "hne", mixinStandardHelpOptions = true, version = "hne 0.1.0",
        description = "Hierarchical Neural Ensembles on a from-scratch tensor engine.",
        subcommands = {DemoCommand.class, TrainCommand.class, EvalCommand.class, FlopsCommand.class, BenchCommand.class, ExportCommand.class, DoctorCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static final int USER_ERROR = 2;
    public static final int INTERNAL_ERROR = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit code (tests call this instead of main). */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, args2) -> {
            String command = commandPath(e.getCommandLine());
            err.println(command + ": " + oneLine(e) + " (see ./" + command + " --help)");
            return USER_ERROR;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (isUserError(e)) {
                err.println(commandPath(commandLine) + ": " + oneLine(e));
                return USER_ERROR;
            }
            err.println(commandPath(commandLine) + ": internal error (a bug; please report it with this trace):");
            e.printStackTrace(err);
            return INTERNAL_ERROR;
        });
        try {
            RuntimeOptions.from(System.getProperties());   // a malformed -Dhne.* knob is the user's to fix
        } catch (IllegalArgumentException e) {
            err.println("hne: " + e.getMessage() + " (set through HNE_JAVA_OPTS)");
            return USER_ERROR;
        }
        return cli.execute(args);
    }

    /** Bad input the user can fix: a missing or malformed file, a rejected argument. */
    static boolean isUserError(Throwable e) {
        return e instanceof UserException || e instanceof IOException || e instanceof UncheckedIOException
                || e instanceof DatasetException;
    }

    /** "hne" or "hne train": how the user named the command that failed. */
    private static String commandPath(CommandLine commandLine) {
        String name = commandLine.getCommandName();
        return commandLine.getParent() == null ? name : commandPath(commandLine.getParent()) + " " + name;
    }

    private static String oneLine(Throwable e) {
        String message = e instanceof IOException io ? IoErrors.reason(io)   // Java's may be the bare path
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replace('\n', ' ');
    }
}
