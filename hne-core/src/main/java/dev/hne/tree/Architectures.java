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
            default -> throw new IllegalArgumentException("unknown architecture '" + name + "'; known: "
                    + String.join(", ", NAMES));
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
}
