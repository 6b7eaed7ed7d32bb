package dev.hne.tree;

import static dev.hne.tree.LayerSpec.convBnRelu;
import static dev.hne.tree.LayerSpec.convBnRelu6;
import static dev.hne.tree.LayerSpec.linear;
import static dev.hne.tree.LayerSpec.mbnet;
import static dev.hne.tree.LayerSpec.mbnetBranching;
import static dev.hne.tree.LayerSpec.poolLinear;
import static dev.hne.tree.LayerSpec.poolLinearRelu6;
import static dev.hne.tree.LayerSpec.resnet;
import static dev.hne.tree.LayerSpec.resnetBranching;

import java.util.List;

/**
 * The paper's architectures as {@link TreeSpec}s, row for row as in its Tables 2 and 3.
 *
 * <p>Input channels, resolution and classes are parameters, so the same trees serve CIFAR
 * (3x32x32), Fashion-MNIST (1x28x28: strides 1, 2, 2, 1 take 28 to 28, 14, 7, 7) and ImageNet
 * (3x224x224). Every spec here has B + 1 levels and is meant for {@link Topology#hne}.
 */
public final class Architectures {

    /** The names {@link #byName} knows, for help texts. */
    public static final List<String> NAMES = List.of("resnet-hne", "resnet-hne-small", "mobilenet-hne");

    /**
     * The anytime networks with an exit after every stage ({@code dev.hne.ann}); {@link #byName}
     * builds their specs too, one level per stage.
     */
    public static final List<String> ANN_NAMES = List.of("ann-resnet", "ann-resnet-small");

    private Architectures() {}

    /** What the network reads and predicts. */
    public record Input(int channels, int resolution, int classes) {
        public static final Input CIFAR10 = new Input(3, 32, 10);
        public static final Input CIFAR100 = new Input(3, 32, 100);
        public static final Input FASHION_MNIST = new Input(1, 28, 10);
        public static final Input IMAGENET = new Input(3, 224, 1000);
    }

    /** The default input of each architecture: CIFAR-10 for the ResNets, ImageNet for MobileNet. */
    public static Input defaultInput(String name) {
        return name.startsWith("mobilenet") ? Input.IMAGENET : Input.CIFAR10;
    }

    public static TreeSpec byName(String name, Input input) {
        return switch (name) {
            case "resnet-hne" -> resnetHne(input);
            case "resnet-hne-small" -> resnetHneSmall(input);
            case "mobilenet-hne" -> mobilenetHne(input);
            case "ann-resnet" -> annResnet(input);
            case "ann-resnet-small" -> annResnet(input).narrowed("ann-resnet-small", 2);
            default -> throw new IllegalArgumentException("unknown architecture '" + name + "'; known: "
                    + String.join(", ", NAMES) + ", " + String.join(", ", ANN_NAMES));
        };
    }

    /**
     * Table 2: ResNet HNE, B = 4 (5 levels, N = 16 leaves). Each level after the first opens with a
     * Branching layer and then stacks 2, 3, 3, 4 ResNet layers (the Branching layer comes in
     * addition, as the table lists it on its own row). Channels per branch 64, 128, 256, 256.
     */
    public static TreeSpec resnetHne(Input in) {
        return new TreeSpec("resnet-hne", in.channels(), in.resolution(), List.of(
                List.of(convBnRelu(3, 1, 16), convBnRelu(1, 1, 64)),
                List.of(resnetBranching(1, 64), resnet(1, 2, 64)),
                List.of(resnetBranching(2, 128), resnet(1, 3, 128)),
                List.of(resnetBranching(2, 256), resnet(1, 3, 256)),
                List.of(resnetBranching(1, 256), resnet(1, 4, 256))),
                List.of(poolLinear(in.classes())));
    }

    /** HNE-small of the paper's Sec. 4.2: resnet-hne with every channel count halved. */
    public static TreeSpec resnetHneSmall(Input in) {
        return resnetHne(in).narrowed("resnet-hne-small", 2);
    }

    /**
     * Table 3: MobileNetV2 HNE (width 0.75, expansion 6), B = 3 (4 levels, N = 8 leaves). The last
     * convolution of MobileNetV2 is replaced by a 1x1 conv to 720 channels, pool, linear to 1280 and
     * ReLU6; the classifier is one linear layer.
     */
    public static TreeSpec mobilenetHne(Input in) {
        return new TreeSpec("mobilenet-hne", in.channels(), in.resolution(), List.of(
                List.of(convBnRelu6(3, 2, 16), convBnRelu6(1, 1, 16), mbnet(2, 2, 24)),
                List.of(mbnetBranching(2, 24), mbnet(1, 2, 24)),
                List.of(mbnetBranching(2, 48), mbnet(1, 3, 48), mbnet(1, 3, 72)),
                List.of(mbnetBranching(2, 120), mbnet(1, 2, 120), convBnRelu6(1, 1, 720), poolLinearRelu6(1280))),
                List.of(linear(in.classes())));
    }

    /**
     * The anytime network (ANN, Hu et al.) that spends the compute of {@link #resnetHne} on ONE
     * deeper-and-wider path: the same rows (stem, then per stage a Branching-style bottleneck with a
     * projection shortcut and 2/3/3/4 ResNet layers), but stage b is sqrt(2^b) times as wide
     * (rounded to a multiple of 16). A 1x1 conv's MACs grow with the square of the width, so stage b
     * costs about what the HNE's level b costs with all its 2^b branches, and the whole network
     * about what the full HNE costs; the exits ({@code dev.hne.ann.AnytimeNetwork}) sit where the
     * HNE's levels end. Cutting to L levels ({@code --levels}) keeps the first L stages, just as it
     * keeps the HNE's first L levels, so the two stay comparable. Channels 64/96/256/720/1024.
     */
    public static TreeSpec annResnet(Input in) {
        TreeSpec hne = resnetHne(in);
        List<List<LayerSpec>> stages = new java.util.ArrayList<>();
        for (int b = 0; b < hne.levels(); b++) {
            double widen = Math.sqrt(1 << b);
            stages.add(hne.blocks().get(b).stream().map(r -> widen == 1 ? r : new LayerSpec(r.type(), r.kernel(),
                    r.stride(), r.repeats(), roundTo16(r.outChannels() * widen), r.expansion())).toList());
        }
        return new TreeSpec("ann-resnet", in.channels(), in.resolution(), stages, List.of(poolLinear(in.classes())));
    }

    private static int roundTo16(double channels) {
        return (int) Math.max(16, Math.round(channels / 16) * 16);
    }
}
