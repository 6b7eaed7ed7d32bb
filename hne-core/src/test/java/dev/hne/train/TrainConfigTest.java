package dev.hne.train;

import dev.hne.ann.ExitWeighting;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.loss.Objective;
import dev.hne.loss.SoftScale;
import dev.hne.tree.Recipe;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The nested configuration writes the checkpoint metadata of the flat one before it, key for key and
 * in the same order (the expected maps are typed out here as that writer spelled them, so old
 * checkpoints still resume and old programs can still read new ones), and each part rejects its own
 * out-of-range settings with a message naming the option.
 */
class TrainConfigTest {

    @Test
    void anHneRunRecordsTheKeysAndStringsOfTheFlatConfig() {
        TrainConfig c = TrainConfig.builder("resnet-hne-small", "synthetic").levels(3).widthDivisor(8).sizes(64, 32)
                .holdout(8).topology("independent").objective(Objective.CO_DISTILLATION).alpha(0.25f).temperature(3f)
                .softScale(SoftScale.T_SQUARED).epochs(2).batch(16).lr(0.05).momentum(0.8f).nesterov(true)
                .weightDecay(1e-4f).schedule(Recipe.Schedule.MULTISTEP).milestones(1).gamma(0.1).warmup(1).seed(5)
                .build();
        Map<String, String> want = new LinkedHashMap<>();
        want.put("arch", "resnet-hne-small");
        want.put("levels", "3");
        want.put("width_divisor", "8");
        want.put("dataset", "synthetic");
        want.put("train_size", "64");
        want.put("test_size", "32");
        want.put("loss", "d");
        want.put("alpha", "0.25");
        want.put("temperature", "3.0");
        want.put("batch", "16");
        want.put("lr", "0.05");
        want.put("momentum", "0.8");
        want.put("nesterov", "true");
        want.put("weight_decay", "1.0E-4");
        want.put("schedule", "multistep");
        want.put("milestones", "[1]");
        want.put("gamma", "0.1");
        want.put("warmup_epochs", "1.0");
        want.put("seed", "5");
        want.put("holdout", "8");
        want.put("topology", "independent");
        want.put("loss_definition", "hne-loss/2");
        want.put("soft_scale", "t2");
        assertEquals(entries(want), entries(c.identity()));
    }

    @Test
    void anAnytimeRunRecordsItsExitWeightingAndNoLossDefinition() {
        TrainConfig c = TrainConfig.builder("ann-resnet-small", "synthetic").levels(3).widthDivisor(8).sizes(64, 32)
                .annWeights(ExitWeighting.Kind.CONSTANT).epochs(2).batch(16).build();
        Map<String, String> want = new LinkedHashMap<>();
        want.put("arch", "ann-resnet-small");
        want.put("levels", "3");
        want.put("width_divisor", "8");
        want.put("dataset", "synthetic");
        want.put("train_size", "64");
        want.put("test_size", "32");
        want.put("loss", "constant");
        want.put("alpha", "0.5");         // CIFAR's recipe, recorded though an ANN does not use it
        want.put("temperature", "2.0");
        want.put("batch", "16");
        want.put("lr", "0.1");
        want.put("momentum", "0.9");
        want.put("nesterov", "false");
        want.put("weight_decay", "5.0E-4");
        want.put("schedule", "cosine");
        want.put("milestones", "[60, 90, 110, 125, 135, 145]");
        want.put("gamma", "0.5");
        want.put("warmup_epochs", "0.0");
        want.put("seed", "0");
        want.put("ann_weights", "constant");
        assertEquals(entries(want), entries(c.identity()));
    }

    @Test
    void theJsonAddsWhatDoesNotDefineTheRun() {
        TrainConfig c = TrainConfig.builder("resnet-hne-small", "synthetic").epochs(3).workers(2).build();
        String json = c.toJson();
        assertTrue(json.contains("\"epochs\":3") || json.contains("\"epochs\": 3"), json);
        assertTrue(json.contains("\"workers\":2") || json.contains("\"workers\": 2"), json);
        assertTrue(json.contains("\"data_dir\":null") || json.contains("\"data_dir\": null"), json);
    }

    @Test
    void eachPartNamesTheOptionItRejects() {
        TrainConfig.Builder ok = TrainConfig.builder("resnet-hne-small", "synthetic");
        assertRejects("--epochs must be >= 1, got 0", () -> ok.epochs(0).build());
        ok.epochs(1);
        assertRejects("--lr must be a finite number > 0, got NaN", () -> ok.lr(Double.NaN).build());
        ok.lr(0.1);
        assertRejects("--momentum must be in [0.0, 1.0), got 1.0", () -> ok.momentum(1f).build());
        ok.momentum(0f);
        assertRejects("--nesterov needs --momentum > 0", () -> ok.nesterov(true).build());
        ok.nesterov(false);
        assertRejects("--milestones must be positive and increasing, got [2, 2]", () -> ok.milestones(2, 2).build());
        ok.milestones(2, 3);
        assertRejects("--holdout must be >= 0, got -1", () -> ok.holdout(-1).build());
        ok.holdout(0);
        assertRejects("--width-divisor must be >= 1, got 0", () -> ok.widthDivisor(0).build());
        ok.widthDivisor(1);
        assertRejects("--topology: unknown topology 'ring'", () -> ok.topology("ring").build());
        assertRejects("unknown --ann-weights 'big'", () -> ExitWeighting.Kind.parse("big"));
        assertRejects("--topology independent is for HNE trees",
                () -> TrainConfig.builder("ann-resnet-small", "synthetic").topology("independent").build());
    }

    private static void assertRejects(String messageStart, Runnable build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::run);
        assertTrue(e.getMessage().startsWith(messageStart), e.getMessage());
    }

    /** The map's entries in order: the metadata's order is part of what older readers saw. */
    private static List<String> entries(Map<String, String> m) {
        List<String> out = new ArrayList<>();
        m.forEach((k, v) -> out.add(k + " = " + v));
        return out;
    }
}
