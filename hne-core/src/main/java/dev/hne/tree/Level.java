package dev.hne.tree;

import dev.hne.engine.Memory;
import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Checkpoint;
import dev.hne.engine.backend.ConvGeometry;
import dev.hne.engine.nn.BatchNorm2d;
import dev.hne.engine.nn.Module;
import dev.hne.engine.nn.Parameter;
import java.util.ArrayList;
import java.util.List;

/**
 * One level of the tree (one block of the paper): its layers, in order, each holding the
 * parameters of all of the level's branches. Children are named "0", "1", ... per layer (repeated
 * rows expanded), so state-dict keys read {@code blocks.2.0.reduce.conv.weight}.
 */
final class Level extends Module implements BranchLayer {

    private final int branches;
    private final List<BranchLayer> layers = new ArrayList<>();

    Level(int branches) {
        this.branches = branches;
    }

    void add(BranchLayer layer) {
        register(Integer.toString(layers.size()), (Module) layer);   // every BranchLayer is a Module
        layers.add(layer);
    }

    int branches() {
        return branches;
    }

    boolean isEmpty() {
        return layers.isEmpty();
    }

    @Override
    public Tensor forward(Tensor x, Branches b, ExecutionMode mode) {
        return forward(x, b, mode, mode == ExecutionMode.TRAIN_RECOMPUTE ? layers.size() : 0);
    }

    /**
     * The level with its first {@code checkpointed} layers as {@link Checkpoint}s (TRAIN_RECOMPUTE,
     * or REPLAY when the tree measures what a step keeps), so that each keeps only its input and
     * runs again in backward; the rest run as the plain ops.
     */
    Tensor forward(Tensor x, Branches b, ExecutionMode mode, int checkpointed) {
        // Without a graph (no-grad), the outputs between two layers are dead once the level has run:
        // the scope releases them; the level's input was made outside it, its output is kept. In
        // INFERENCE, each of them is dead once the next layer has run, so that layer may write over
        // it; never over the level's input, which a parent's other children and the progressive
        // evaluator still read.
        try (var scope = Memory.scope()) {
            for (int i = 0; i < layers.size(); i++) {
                BranchLayer layer = layers.get(i);
                boolean handOver = mode == ExecutionMode.INFERENCE && i > 0;
                x = handOver ? layer.inferConsuming(x, b) : forwardLayer(layer, x, b, mode, i < checkpointed);
            }
            return scope.keep(x);
        }
    }

    int layerCount() {
        return layers.size();
    }

    /**
     * One layer; checkpointed, it keeps only its input and runs again in backward, without moving
     * its batch norms' running statistics a second time (REPLAY).
     */
    private static Tensor forwardLayer(BranchLayer layer, Tensor x, Branches b, ExecutionMode mode, boolean checkpoint) {
        ExecutionMode plain = mode == ExecutionMode.TRAIN_RECOMPUTE ? ExecutionMode.TRAIN : mode;
        Module module = (Module) layer;
        if (!checkpoint || sharesStatistics(module)) {   // a replay of a shared statistic would run the collective again
            return layer.forward(x, b, plain);
        }
        List<Tensor> parameters = module.namedParameters().values().stream().map(Parameter::value).toList();
        return Checkpoint.apply(x, parameters, in -> layer.forward(in, b, plain),
                in -> layer.forward(in, b, ExecutionMode.REPLAY), module.getClass().getSimpleName());
    }

    /** Whether a batch norm in the module normalises with other ranks' statistics ({@code --sync-bn}). */
    static boolean sharesStatistics(Module module) {
        if (module instanceof BatchNorm2d bn && bn.statisticsGroup() != null) {
            return true;
        }
        return module.children().values().stream().anyMatch(Level::sharesStatistics);
    }

    /** Every layer's, in order, each at the resolution the one before hands on. */
    @Override
    public List<ConvGeometry> convolutions(int resolution) {
        List<ConvGeometry> convs = new ArrayList<>();
        for (BranchLayer layer : layers) {
            List<ConvGeometry> own = layer.convolutions(resolution);
            convs.addAll(own);
            resolution = own.get(own.size() - 1).outHeight();   // the layer's output: its last convolution's
        }
        return convs;
    }

    /** Parameters of ONE branch: every branch holds the same shapes. */
    long branchParameters() {
        return parameterCount() / branches;
    }

    @Override
    public Tensor forward(Tensor x) {
        return forward(x, Branches.all(branches), ExecutionMode.standalone(isTraining()));
    }
}
