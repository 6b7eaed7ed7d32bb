package dev.hne.tree;

import dev.hne.engine.Memory;
import dev.hne.engine.Tensor;
import dev.hne.engine.backend.ConvGeometry;
import dev.hne.engine.nn.Module;
import java.util.List;
import java.util.Random;

/**
 * The MobileNetV2 layer of paper Fig. 8, over all branches of a level at once:
 * <pre>
 *   expand    1x1 (in -> t*in) + BN + ReLU6
 *   depthwise 3x3 depthwise (stride) + BN + ReLU6
 *   project   1x1 (t*in -> out) + BN          (linear bottleneck: no activation)
 *   add the input when stride 1 and in == out
 * </pre>
 */
final class InvertedResidual extends Module implements BranchLayer {

    private final int branches;
    private final boolean residual;
    private final ConvBnAct expand, depthwise, project;

    InvertedResidual(Random rng, int branches, int in, int out, int stride, int expansion) {
        int mid = in * expansion;
        this.branches = branches;
        this.residual = stride == 1 && in == out;
        expand = register("expand", new ConvBnAct(rng, branches, in, mid, 1, 1, 1, Act.RELU6));
        depthwise = register("depthwise", new ConvBnAct(rng, branches, mid, mid, 3, stride, mid, Act.RELU6));
        project = register("project", new ConvBnAct(rng, branches, mid, out, 1, 1, 1, Act.NONE));
    }

    @Override
    public Tensor forward(Tensor x, Branches b, ExecutionMode mode) {
        if (mode == ExecutionMode.INFERENCE) {
            return infer(x, b, false);
        }
        Tensor h = depthwise.forward(expand.forward(x, b, mode), b, mode);
        Tensor y = project.forward(h, b, mode);
        return residual ? y.add(x) : y;
    }

    /** The residual layer's output goes over x when the caller hands x over (BranchLayer#inferConsuming). */
    @Override
    public Tensor inferConsuming(Tensor x, Branches b) {
        return infer(x, b, true);
    }

    /**
     * INFERENCE: the add happens as the project conv stores, over x's memory when {@code xIsDead};
     * the scope releases the intermediates at the end.
     */
    private Tensor infer(Tensor x, Branches b, boolean xIsDead) {
        ExecutionMode mode = ExecutionMode.INFERENCE;
        try (var scope = Memory.scope()) {
            Tensor h = depthwise.forward(expand.forward(x, b, mode), b, mode);
            return scope.keep(residual ? project.forwardInto(h, b, x, xIsDead, Act.NONE)
                    : project.forward(h, b, mode));
        }
    }

    /** expand, depthwise, project (the residual add is not a convolution). */
    @Override
    public List<ConvGeometry> convolutions(int resolution) {
        ConvGeometry e = expand.conv.geometry(resolution), d = depthwise.conv.geometry(resolution);
        return List.of(e, d, project.conv.geometry(d.outHeight()));
    }

    @Override
    public Tensor forward(Tensor x) {
        return forward(x, Branches.all(branches), ExecutionMode.standalone(isTraining()));
    }
}
