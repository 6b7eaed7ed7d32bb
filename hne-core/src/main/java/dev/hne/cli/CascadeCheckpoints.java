package dev.hne.cli;

import dev.hne.anytime.LeafOrder;
import dev.hne.anytime.StagedModel;
import dev.hne.cascade.CascadeSpec;
import dev.hne.cascade.FirstStages;
import dev.hne.policy.PolicyFile;
import dev.hne.train.Checkpoints;
import dev.hne.train.Models;
import dev.hne.train.TrainableModel;
import dev.hne.tree.TreeSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The checkpoints of {@code ./hne eval --select A,B,...}, loaded and checked before anything runs:
 * each file exists and is a training checkpoint, all take the same input (channels, resolution)
 * and answer the same number of classes, and each cut fits its model ({@code @n=K} only on an HNE,
 * {@code @exit=K} only on an anytime network, K within its members or exits). Any failure exits 2
 * with one line naming the entry.
 *
 * @param models the models cut at their chosen stage ({@link FirstStages}), in eval mode
 * @param ann    per network: an anytime network (true) or an HNE
 */
record CascadeCheckpoints(List<CascadeSpec> specs, List<Checkpoints.Loaded> checkpoints, List<TrainableModel> trainables,
                          List<StagedModel> models, List<Boolean> ann) {

    static CascadeCheckpoints load(List<String> select, LeafOrder order) {
        List<CascadeSpec> specs;
        try {
            specs = CascadeSpec.parseAll(select);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        List<Checkpoints.Loaded> loaded = new ArrayList<>();
        List<TrainableModel> trainables = new ArrayList<>();
        List<StagedModel> models = new ArrayList<>();
        List<Boolean> ann = new ArrayList<>();
        for (CascadeSpec s : specs) {
            try {
                Checkpoints.Loaded c = Checkpoints.load(s.checkpoint());
                TrainableModel m = c.buildModel();
                loaded.add(c);
                trainables.add(m);
                ann.add(Models.isAnn(c.get("arch")));
            } catch (Checkpoints.CheckpointException e) {
                throw new UserException("--select " + s.text() + ": " + e.getMessage());
            }
        }
        TreeSpec first = trainables.get(0).spec();
        for (int m = 0; m < specs.size(); m++) {
            CascadeSpec s = specs.get(m);
            TrainableModel t = trainables.get(m);
            TreeSpec tree = t.spec();
            if (tree.inChannels() != first.inChannels() || tree.resolution() != first.resolution()
                    || tree.classes() != first.classes()) {
                throw new UserException(String.format("--select %s takes %dx%dx%d images and answers %d classes, but %s takes %dx%dx%d and %d;"
                                + " a cascade's networks must see the same images and answer the same classes",
                        s.text(), tree.inChannels(), tree.resolution(), tree.resolution(), tree.classes(), specs.get(0).text(),
                        first.inChannels(), first.resolution(), first.resolution(), first.classes()));
            }
            String key = ann.get(m) ? "exit" : "n";
            if (s.cutKey() != null && !s.cutKey().equals(key)) {
                throw new UserException("--select " + s.text() + ": @" + s.cutKey() + " does not apply to "
                        + (ann.get(m) ? "an anytime network; use @exit=K" : "an HNE; use @n=K"));
            }
            t.module().eval();
            StagedModel staged = t.staged(order);
            int k = s.stages() == null ? staged.stages() : s.stages();
            if (k > staged.stages()) {
                throw new UserException("--select " + s.text() + ": @" + key + "=" + k + " but the checkpoint has "
                        + staged.stages() + (ann.get(m) ? " exits" : " members"));
            }
            models.add(new FirstStages(staged, k));
        }
        return new CascadeCheckpoints(specs, loaded, trainables, models, ann);
    }

    int size() {
        return specs.size();
    }

    /**
     * The cascade's policy file, beside its first (cheapest) checkpoint: {@code cascade-<id>.policy.properties},
     * id from the SHA-256 of every checkpoint's bytes, its cut and early exit, and the leaf order, so
     * any change to the cascade gives another file and a retrained checkpoint makes it stale.
     */
    PolicyFile policyFile(LeafOrder order, int holdout) throws IOException {
        StringBuilder identity = new StringBuilder("order=" + order.cliName() + "\n");
        StringBuilder name = new StringBuilder("cascade");
        for (CascadeSpec s : specs) {
            identity.append(PolicyFile.sha256(s.checkpoint())).append(" @").append(s.cutKey()).append('=').append(s.stages())
                    .append(" early=").append(s.early()).append('\n');
            name.append(' ').append(s.text());
        }
        String sha = sha256(identity.toString());
        Path file = specs.get(0).checkpoint().toAbsolutePath().resolveSibling("cascade-" + sha.substring(0, 12)
                + ".policy.properties");
        return PolicyFile.loadOrEmpty(file, name.toString(), sha, holdout);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }
}
