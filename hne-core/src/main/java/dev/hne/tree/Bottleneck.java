package dev.hne.tree;

import dev.hne.engine.Memory;
import dev.hne.engine.Tensor;
import dev.hne.engine.backend.ConvGeometry;
import dev.hne.engine.nn.Module;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The ResNet layer of paper Fig. 7, over all branches of a level at once:
 * <pre>
 *   reduce    1x1 (in -> out/4) + BN + ReLU
 *   depthwise 3x3 depthwise (stride) + BN + ReLU
 *   expand    1x1 (out/4 -> out) + BN
 *   add the shortcut (the input, or a 1x1 conv (stride) + BN of it for a Branching layer), ReLU
 * </pre>
 * The bottleneck width is out/4 (this reading gives the 50.8M MACs per model of DESIGN.md).
 */
final class Bottleneck extends Module implements BranchLayer {

    private final int branches;
    private final ConvBnAct reduce, depthwise, expand, shortcut;

    Bottleneck(Random rng, int branches, int in, int out, int stride, boolean projection) {
        if (!projection && (in != out || stride != 1)) {
            throw new IllegalArgumentException("ResNet layer " + in + " -> " + out + " with stride " + stride
                    + " changes the shape, so it needs the projection shortcut of a Branching layer");
        }
        int mid = Math.max(1, out / 4);
        this.branches = branches;
        reduce = register("reduce", new ConvBnAct(rng, branches, in, mid, 1, 1, 1, Act.RELU));
        depthwise = register("depthwise", new ConvBnAct(rng, branches, mid, mid, 3, stride, mid, Act.RELU));
        expand = register("expand", new ConvBnAct(rng, branches, mid, out, 1, 1, 1, Act.NONE));
        shortcut = projection ? register("shortcut", new ConvBnAct(rng, branches, in, out, 1, stride, 1, Act.NONE))
                : null;
    }

    @Override
    public Tensor forward(Tensor x, Branches b, ExecutionMode mode) {
        if (mode == ExecutionMode.INFERENCE) {
            return infer(x, b, false);
        }
        Tensor skip = shortcut == null ? x : shortcut.forward(x, b, mode);
        Tensor h = depthwise.forward(reduce.forward(x, b, mode), b, mode);
        Tensor y = expand.forwardAddRelu(h, skip, b, mode);   // relu(expand + skip)
        if (shortcut != null) {
            skip.release();   // read once by the add and saved by no op: its memory goes back to the pool now
        }
        return y;
    }

    /** An identity shortcut's output goes over x when the caller hands x over (BranchLayer#inferConsuming). */
    @Override
    public Tensor inferConsuming(Tensor x, Branches b) {
        return infer(x, b, true);
    }

    /**
     * INFERENCE: the expand conv adds the shortcut and applies the ReLU as it stores, writing over
     * the shortcut where nothing reads it afterwards: a projection (this layer's own tensor) always,
     * the input when {@code xIsDead}. No graph is recorded, so the scope releases the intermediates
     * once the layer is done.
     */
    private Tensor infer(Tensor x, Branches b, boolean xIsDead) {
        ExecutionMode mode = ExecutionMode.INFERENCE;
        try (var scope = Memory.scope()) {
            Tensor h = depthwise.forward(reduce.forward(x, b, mode), b, mode);
            if (shortcut != null) {
                return scope.keep(expand.forwardInto(h, b, shortcut.forward(x, b, mode), true, Act.RELU));
            }
            return scope.keep(expand.forwardInto(h, b, x, xIsDead, Act.RELU));
        }
    }

    /** reduce, depthwise, expand, then the projection shortcut (same output resolution as expand) if any. */
    @Override
    public List<ConvGeometry> convolutions(int resolution) {
        List<ConvGeometry> convs = new ArrayList<>();
        convs.add(reduce.conv.geometry(resolution));
        convs.add(depthwise.conv.geometry(resolution));
        convs.add(expand.conv.geometry(convs.get(1).outHeight()));
        if (shortcut != null) convs.add(shortcut.conv.geometry(resolution));
        return convs;
    }

    @Override
    public Tensor forward(Tensor x) {
        return forward(x, Branches.all(branches), ExecutionMode.standalone(isTraining()));
    }
}
