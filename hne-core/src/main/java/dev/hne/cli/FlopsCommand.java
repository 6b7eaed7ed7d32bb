package dev.hne.cli;

import dev.hne.ann.AnnCost;
import dev.hne.anytime.LeafOrder;
import dev.hne.cost.CostModel;
import dev.hne.cost.CostRow;
import dev.hne.train.Models;
import dev.hne.tree.Architectures;
import dev.hne.tree.TreeSpec;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ./hne flops --arch A [--json]}: the anytime cost table of an architecture, one row per
 * number of evaluated models n = 1..N: MACs (millions) and parameters of the sub-tree evaluated.
 * Computed from the spec by {@link CostModel}; no weights are built. What is counted: docs/hne.md.
 * For an anytime network ({@code ann-resnet}, {@code ann-resnet-small}) one row per exit: MACs to
 * reach it in an anytime run (all stages and exits up to it, {@link AnnCost}) and parameters.
 * {@code --levels} and {@code --width-divisor} size the network as {@code ./hne train} does.
 */
@Command(name = "flops", mixinStandardHelpOptions = true, description = "Print MACs and parameters of an HNE for n = 1..N evaluated models, or of an anytime network (ann-resnet*) per exit.")
public final class FlopsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--arch", required = true, description = "resnet-hne, resnet-hne-small, mobilenet-hne, ann-resnet or ann-resnet-small")
    String arch;

    @Option(names = "--levels", defaultValue = "0", description = "keep only the first L levels (stages of an ANN) (default: all)")
    int levels;

    @Option(names = "--width-divisor", defaultValue = "1", description = "divide every channel count by this (default ${DEFAULT-VALUE})")
    int widthDivisor;

    @Option(names = "--order", defaultValue = "natural", description = "leaf order: natural or diverse (default ${DEFAULT-VALUE})")
    String order;

    @Option(names = "--in-channels", description = "input channels (default: 3)")
    Integer inChannels;

    @Option(names = "--resolution", description = "input height = width (default: 32, or 224 for mobilenet-hne)")
    Integer resolution;

    @Option(names = "--classes", description = "number of classes (default: 10, or 1000 for mobilenet-hne)")
    Integer classes;

    @Option(names = "--json", description = "print JSON instead of a table")
    boolean json;

    @Override
    public Integer call() {
        if (!Architectures.NAMES.contains(arch) && !Models.isAnn(arch)) {
            throw new UserException("unknown architecture '" + arch + "'; known: " + String.join(", ", Architectures.NAMES)
                    + ", " + String.join(", ", Architectures.ANN_NAMES));
        }
        LeafOrder leafOrder;
        try {
            leafOrder = LeafOrder.parse(order);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        Architectures.Input d = Architectures.defaultInput(arch);
        Architectures.Input input = new Architectures.Input(positive("--in-channels", inChannels, d.channels()),
                positive("--resolution", resolution, d.resolution()), positive("--classes", classes, d.classes()));
        TreeSpec treeSpec;
        CostModel model;
        try {
            treeSpec = Models.spec(arch, input, levels, widthDivisor);
            model = CostModel.hne(treeSpec);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());   // e.g. a resolution too small for the strides
        }
        PrintWriter out = spec.commandLine().getOut();
        if (Models.isAnn(arch)) {
            printExits(out, treeSpec, input, new AnnCost(treeSpec));
            out.flush();
            return 0;
        }
        List<CostRow> rows = model.table(leafOrder);
        if (json) {
            printJson(out, treeSpec, input, leafOrder, rows);
        } else {
            out.printf("%s, input %dx%dx%d, %d classes, %s order (MACs of conv and linear layers, per image)%n",
                    arch, input.channels(), input.resolution(), input.resolution(), input.classes(), leafOrder.cliName());
            out.printf("%6s %10s %12s%n", "models", "MMACs", "params");
            for (CostRow r : rows) {
                out.printf(Locale.ROOT, "%6d %10.1f %12d%n", r.models(), r.cost().mmacs(), r.cost().params());
            }
        }
        out.flush();
        return 0;
    }

    private static int positive(String name, Integer value, int fallback) {
        if (value == null) {
            return fallback;
        }
        if (value <= 0) {
            throw new UserException(name + " must be positive, got " + value);
        }
        return value;
    }

    /** One row per exit: the cost of reaching it in an anytime run, and of the network cut there. */
    private void printExits(PrintWriter out, TreeSpec s, Architectures.Input in, AnnCost cost) {
        if (json) {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                    "{\"arch\": \"%s\", \"in_channels\": %d, \"resolution\": %d, \"classes\": %d, \"exits\": [",
                    s.name(), in.channels(), in.resolution(), in.classes()));
            for (int e = 1; e <= cost.exits(); e++) {
                sb.append(e == 1 ? "\n  " : ",\n  ").append(String.format(Locale.ROOT,
                        "{\"exit\": %d, \"macs\": %d, \"mmacs\": %.3f, \"params\": %d, \"mmacs_alone\": %.3f}",
                        e, cost.cumulative(e).macs(), cost.cumulative(e).mmacs(), cost.cumulative(e).params(),
                        cost.alone(e).mmacs()));
            }
            out.println(sb.append("\n]}"));
            return;
        }
        out.printf("%s, input %dx%dx%d, %d classes, exits in order (MACs of conv and linear layers, per image)%n",
                s.name(), in.channels(), in.resolution(), in.resolution(), in.classes());
        out.printf("%6s %10s %12s %14s%n", "exit", "MMACs", "params", "MMACs alone");
        for (int e = 1; e <= cost.exits(); e++) {
            out.printf(Locale.ROOT, "%6d %10.1f %12d %14.1f%n", e, cost.cumulative(e).mmacs(),
                    cost.cumulative(e).params(), cost.alone(e).mmacs());
        }
    }

    private static void printJson(PrintWriter out, TreeSpec s, Architectures.Input in, LeafOrder order, List<CostRow> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT,
                "{\"arch\": \"%s\", \"in_channels\": %d, \"resolution\": %d, \"classes\": %d, \"order\": \"%s\", \"rows\": [",
                s.name(), in.channels(), in.resolution(), in.classes(), order.cliName()));
        for (int i = 0; i < rows.size(); i++) {
            CostRow r = rows.get(i);
            sb.append(i == 0 ? "\n  " : ",\n  ").append(String.format(Locale.ROOT,
                    "{\"models\": %d, \"macs\": %d, \"mmacs\": %.3f, \"params\": %d}",
                    r.models(), r.cost().macs(), r.cost().mmacs(), r.cost().params()));
        }
        out.println(sb.append("\n]}"));
    }
}
