package dev.hne.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Adaptive evaluation on a fake model with known outputs: it stops the examples a plain per-example
 * loop says it should, its accuracy and average MMACs are that loop's, and the batch really shrinks.
 */
class AdaptiveEvaluatorTest {

    static final int EXAMPLES = 300, STAGES = 5, CLASSES = 4;

    /** Plain loop: example by example, stage by stage, from the stored logits. */
    static int[] plainExitStages(FakeStagedModel m, ExitPolicy policy) {
        int[] exit = new int[EXAMPLES];
        for (int i = 0; i < EXAMPLES; i++) {
            int previous = -1;
            exit[i] = STAGES;
            for (int s = 1; s < STAGES; s++) {
                float[] z = m.prediction[s - 1][i];
                StageFeatures f = StageFeatures.of(z, 0, CLASSES, ThresholdPolicyTest.argmax(m.latest[s - 1][i]),
                        previous, s, STAGES);
                previous = ThresholdPolicyTest.argmax(z);
                if (policy.stop(f)) {
                    exit[i] = s;
                    break;
                }
            }
        }
        return exit;
    }

    @Test
    void matchesAPlainLoopAndShrinksTheBatch() {
        int[] labels = new int[EXAMPLES];
        FakeStagedModel m = FakeStagedModel.random(EXAMPLES, STAGES, CLASSES, labels, 5);
        ExitPolicy policy = new ThresholdPolicy(0, new double[] {0.9, 0.8, 0.7, 0.6});
        int[] exit = plainExitStages(m, policy);
        int correct = 0;
        double mmacs = 0;
        int[] exits = new int[STAGES];
        for (int i = 0; i < EXAMPLES; i++) {
            if (ThresholdPolicyTest.argmax(m.prediction[exit[i] - 1][i]) == labels[i]) correct++;
            mmacs += m.cumulative[exit[i] - 1];
            exits[exit[i] - 1]++;
        }
        // three batches of 100, as a loader would give them
        Outcome.Tally tally = new Outcome.Tally(STAGES);
        for (int b = 0; b < 3; b++) {
            int[] ids = new int[100], y = new int[100];
            for (int i = 0; i < 100; i++) {
                ids[i] = b * 100 + i;
                y[i] = labels[ids[i]];
            }
            AdaptiveEvaluator.evaluateBatch(m, FakeStagedModel.input(ids), y, policy, tally);
        }
        Outcome o = tally.outcome(policy.label(), true);
        assertEquals(EXAMPLES, o.examples());
        assertArrayEquals(exits, o.exits());
        assertEquals((double) correct / EXAMPLES, o.accuracy(), 1e-12);
        assertEquals(mmacs / EXAMPLES, o.averageMMacs(), 1e-9);
        assertTrue(o.msPerExample() >= 0);

        // rows computed at stage s of each batch = the batch's examples still running then
        List<Integer> want = new ArrayList<>();
        for (int b = 0; b < 3; b++) {
            for (int s = 1; s <= STAGES; s++) {
                int running = 0;
                for (int i = b * 100; i < (b + 1) * 100; i++) if (exit[i] >= s) running++;
                if (running > 0) want.add(running);
            }
        }
        assertEquals(want, m.rowsComputed);
        assertTrue(exits[0] > 0 && exits[0] < EXAMPLES, "the test needs some early and some late exits");
    }

    @Test
    void measuredEvaluationEqualsTheSimulationOnTheSameData() {
        int[] labels = new int[EXAMPLES];
        FakeStagedModel m = FakeStagedModel.random(EXAMPLES, STAGES, CLASSES, labels, 6);
        int[] ids = new int[EXAMPLES];
        for (int i = 0; i < EXAMPLES; i++) ids[i] = i;
        StageTable table = StageTable.collectBatch(m, FakeStagedModel.input(ids), labels);
        m.rowsComputed.clear();
        for (ExitPolicy p : List.of(LearnedPolicy.fit(table, 0.05), ThresholdPolicy.calibrate(table, 5.0),
                new FixedStagePolicy(2))) {
            Outcome.Tally tally = new Outcome.Tally(STAGES);
            AdaptiveEvaluator.evaluateBatch(m, FakeStagedModel.input(ids), labels, p, tally);
            Outcome measured = tally.outcome(p.label(), true), simulated = table.simulate(p);
            assertArrayEquals(simulated.exits(), measured.exits(), p.label());
            assertEquals(simulated.accuracy(), measured.accuracy(), 1e-12);
            assertEquals(simulated.averageMMacs(), measured.averageMMacs(), 1e-9);
        }
        assertEquals(List.of(EXAMPLES, EXAMPLES), m.rowsComputed.subList(m.rowsComputed.size() - 2, m.rowsComputed.size()),
                "fixed n = 2: everyone runs two stages, then stops");
    }
}
