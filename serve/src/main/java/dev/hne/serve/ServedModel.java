package dev.hne.serve;

import dev.hne.anytime.LeafOrder;
import dev.hne.anytime.StagedModel;
import dev.hne.datasets.DatasetException;
import dev.hne.datasets.DatasetOptions;
import dev.hne.datasets.Datasets;
import dev.hne.datasets.SampleShape;
import dev.hne.datasets.transform.Transform;
import dev.hne.policy.ExitPolicy;
import dev.hne.policy.PolicyFile;
import dev.hne.train.Checkpoints;
import dev.hne.train.TrainableModel;
import dev.hne.tree.TreeSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the server serves: a training checkpoint (HNE or anytime network) rebuilt in eval mode as a
 * {@link StagedModel}, its cost curve, the preprocessing its training data used, and the exit
 * policy chosen on the command line (loaded from the checkpoint's {@code .policy.properties}, which
 * {@code ./hne eval --policy} writes; the server never calibrates).
 *
 * <p>Input of every request: one image (C, H, W) = (inChannels, resolution, resolution), raw values
 * in [0, 1] before {@link #preprocess}, normalised after it.
 */
public record ServedModel(Path checkpoint, String kind, TreeSpec spec, StagedModel staged, Transform preprocess,
                          ExitPolicy policy, String policyName) {

    /** How a request's members are chosen once the rows are in a batch. */
    public enum PolicyChoice { LEARNED, THRESHOLD, NONE }

    /**
     * Loads the checkpoint and the policy.
     *
     * @param tradeoff the learned policy's lambda to look up in the sidecar file
     * @param budget   the threshold policy's MMAC budget to look up
     * @throws ServeException (a user error) when the checkpoint or the policy cannot be had
     */
    public static ServedModel load(Path checkpoint, PolicyChoice choice, double tradeoff, Double budget) {
        Checkpoints.Loaded c;
        TrainableModel model;
        try {
            c = Checkpoints.load(checkpoint);
            model = c.buildModel();
        } catch (Checkpoints.CheckpointException e) {
            throw new ServeException(e.getMessage());
        }
        model.module().eval();
        StagedModel staged = model.staged(LeafOrder.NATURAL);
        String order = LeafOrder.NATURAL.cliName();
        Transform preprocess;
        try {
            preprocess = Datasets.open(c.get("dataset"), DatasetOptions.defaults()).evalTransform();
        } catch (DatasetException e) {
            throw new ServeException(checkpoint + ": cannot rebuild the preprocessing of its dataset: " + e.getMessage());
        }
        ExitPolicy policy = null;
        String name = "none";
        if (choice != PolicyChoice.NONE) {
            String metaHoldout = c.metadata().get("holdout");
            if (metaHoldout == null) {
                throw new ServeException(checkpoint + ": no held-out split recorded, so it has no calibrated policies;"
                        + " train with --holdout N and run ./hne eval --policy first, or serve with --policy none");
            }
            try {
                PolicyFile file = PolicyFile.loadOrEmpty(checkpoint, Integer.parseInt(metaHoldout));
                if (choice == PolicyChoice.LEARNED) {
                    policy = file.learned(order, tradeoff);
                    name = "learned, lambda " + tradeoff;
                    if (policy == null) {
                        throw new ServeException(file.file() + ": no learned policy for trade-off " + tradeoff
                                + "; run ./hne eval --checkpoint " + checkpoint + " --policy learned --tradeoffs " + tradeoff);
                    }
                } else {
                    if (budget == null) {
                        throw new ServeException("--policy threshold needs --budget MMACS (a budget ./hne eval --policy threshold calibrated)");
                    }
                    policy = file.threshold(order, budget);
                    name = "threshold, budget " + budget + " MMACs";
                    if (policy == null) {
                        throw new ServeException(file.file() + ": no threshold policy for budget " + budget
                                + "; run ./hne eval --checkpoint " + checkpoint + " --policy threshold --budget " + budget);
                    }
                }
            } catch (IOException e) {
                throw new ServeException(checkpoint + ": cannot read its policies: " + e.getMessage());
            }
        }
        String kind = model.outputName().equals("exits") ? "ann" : "hne";
        return new ServedModel(checkpoint, kind, model.spec(), staged, preprocess, policy, name);
    }

    /** (C, H, W) of one input. */
    public SampleShape inputShape() {
        return SampleShape.of(spec.inChannels(), spec.resolution(), spec.resolution());
    }

    /** Floats in one input: C * H * W. */
    public int inputSize() {
        return spec.inChannels() * spec.resolution() * spec.resolution();
    }

    public int stages() {
        return staged.stages();
    }

    public int classes() {
        return spec.classes();
    }

    /** The cost curve: MMACs per image to the end of stage s, at [s - 1]. */
    public double[] costCurve() {
        double[] c = new double[stages()];
        for (int s = 1; s <= c.length; s++) c[s - 1] = staged.cumulativeMMacs(s);
        return c;
    }

    /** GET /v1/model's answer. */
    public Map<String, Object> describe(InputDecoder decoder) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("checkpoint", checkpoint.getFileName().toString());
        m.put("architecture", spec.name());
        m.put("kind", kind);
        m.put("stages", stages());
        m.put("stage_meaning", kind.equals("hne") ? "ensemble members, natural leaf order" : "exits of the anytime network");
        m.put("classes", classes());
        m.put("cost_mmacs", costCurve());
        m.put("policy", policyName);
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("channels", spec.inChannels());
        input.put("height", spec.resolution());
        input.put("width", spec.resolution());
        input.put("image", "PNG or JPEG, " + (spec.inChannels() == 1 ? "grayscale" : "RGB") + ", "
                + spec.resolution() + "x" + spec.resolution() + "; pixel / max value gives [0, 1], then the preprocessing");
        input.put("preprocessing", preprocess.toString());
        input.put("raw_tensor", "application/octet-stream: C*H*W float32 little-endian, (C, H, W) order, already preprocessed ("
                + 4 * inputSize() + " bytes)");
        input.put("max_body_bytes", decoder.maxBodyBytes());
        m.put("input", input);
        m.put("request_fields", List.of("deadline_ms", "budget_mmacs", "members"));
        return m;
    }
}
