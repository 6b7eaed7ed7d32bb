package dev.hne.cli;

import dev.hne.anytime.LeafOrder;
import dev.hne.cost.CostModel;
import dev.hne.cost.CostRow;
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
 */
@Command(name = "flops", description = "Print MACs and parameters of an HNE for n = 1..N evaluated models.")
public final class FlopsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--arch", required = true, description = "resnet-hne, resnet-hne-small or mobilenet-hne")
    String arch;

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
        if (!Architectures.NAMES.contains(arch)) {
            throw new UserException("unknown architecture '" + arch + "'; known: " + String.join(", ", Architectures.NAMES));
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
            treeSpec = Architectures.byName(arch, input);
            model = CostModel.hne(treeSpec);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());   // e.g. a resolution too small for the strides
        }
        List<CostRow> rows = model.table(leafOrder);
        PrintWriter out = spec.commandLine().getOut();
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
