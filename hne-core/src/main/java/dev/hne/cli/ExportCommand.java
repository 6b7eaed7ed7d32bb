package dev.hne.cli;

import dev.hne.ann.AnnModel;
import dev.hne.anytime.LeafOrder;
import dev.hne.cost.CostModel;
import dev.hne.export.OnnxExport;
import dev.hne.train.Checkpoints;
import dev.hne.train.HneModel;
import dev.hne.train.TrainableModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./hne export --checkpoint F --n K --out model.onnx}: one operating point of a trained
 * anytime model as an ONNX graph (docs/export.md): the ensemble of the first K members of an HNE in
 * the chosen leaf order (the mean of their logits), or exit K of an anytime network. Eval mode,
 * batch norm folded; the file is written atomically.
 */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Export the ensemble of the first K members (or ANN exit K) of a checkpoint as an ONNX model.")
public final class ExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--checkpoint", required = true, description = "a checkpoint written by ./hne train")
    Path checkpoint;

    @Option(names = "--n", required = true, description = "members of the ensemble (HNE), or the exit (anytime network)")
    int n;

    @Option(names = "--batch", defaultValue = "dynamic", description = "images per call: a number, or dynamic (default ${DEFAULT-VALUE})")
    String batch;

    @Option(names = "--order", defaultValue = "natural", description = "leaf order: natural or diverse (default ${DEFAULT-VALUE})")
    String order;

    @Option(names = "--out", required = true, description = "the .onnx file to write")
    Path out;

    @Override
    public Integer call() throws IOException {
        int batchSize = parseBatch(batch);
        LeafOrder leafOrder;
        try {
            leafOrder = LeafOrder.parse(order);
        } catch (IllegalArgumentException e) {
            throw new UserException("--order: " + e.getMessage());
        }
        TrainableModel model;
        try {
            model = Checkpoints.load(checkpoint).buildModel();
        } catch (Checkpoints.CheckpointException e) {
            throw new UserException(e.getMessage());
        }
        if (n < 1 || n > model.outputs()) {
            throw new UserException("--n " + n + ": " + checkpoint + " has " + model.outputs() + " "
                    + model.outputName() + "; use 1.." + model.outputs());
        }
        model.module().eval();
        byte[] onnx;
        String what;
        double mmacs = model.mmacs()[n - 1];
        if (model instanceof HneModel hne) {
            int[] leaves = leafOrder.first(n, hne.tree().leaves());
            onnx = OnnxExport.ensemble(hne.tree(), leaves, batchSize);
            what = "ensemble of the first " + n + " of " + model.outputs() + " members, " + leafOrder.cliName()
                    + " order (leaves " + Arrays.toString(leaves) + ")";
            mmacs = CostModel.of(hne.tree()).forFirst(n, leafOrder).mmacs();
        } else if (model instanceof AnnModel ann) {
            if (leafOrder != LeafOrder.NATURAL) {
                throw new UserException("--order " + order + ": an anytime network has one exit order; leave --order out");
            }
            onnx = OnnxExport.annExit(ann.network(), n, batchSize);
            what = "exit " + n + " of " + model.outputs();
        } else {
            throw new IllegalStateException("no ONNX export for " + model.getClass().getSimpleName());
        }
        writeAtomically(out, onnx);
        PrintWriter log = spec.commandLine().getOut();
        log.printf(Locale.ROOT, "wrote %s: %s, %s, batch %s, opset 17, %.1f MMACs per image, %,d bytes%n", out,
                model.spec().name(), what, batch, mmacs, onnx.length);
        log.flush();
        return 0;
    }

    private static int parseBatch(String s) {
        if (s.equals("dynamic")) {
            return OnnxExport.DYNAMIC_BATCH;
        }
        try {
            int b = Integer.parseInt(s);
            if (b > 0) return b;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new UserException("--batch '" + s + "': use a positive number of images or dynamic");
    }

    private static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = parent.resolve("." + file.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
