package dev.hne.cascade;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hne.policy.ExitPolicy;
import dev.hne.policy.Outcome;
import dev.hne.policy.StageFeatures;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The measured cascade ({@link CascadeEvaluator}): each network computes only the rows sent to it
 * (a jump skips the middle network for real), each row is charged what it evaluated, and a
 * network's own early exit charges the stage the row stopped at. Expected values by hand.
 */
class CascadeEvaluatorTest {

    /** Confidence of logits (s, 0): 1 / (1 + e^-s). s = 2: 0.88, s = 1: 0.73, s = 0.1: 0.52. */
    private static final SelectionPolicy BY_CONFIDENCE = new SelectionPolicy() {
        @Override
        public Action decide(StageFeatures f) {
            if (f.confidence() >= 0.8) return Action.EXIT;
            return f.stage() == 1 && f.confidence() < 0.6 ? Action.JUMP : Action.NEXT;
        }

        @Override
        public String label() {
            return "by confidence";
        }
    };

    /** Stops at the network's stage 1 when confident. */
    private static final ExitPolicy INNER = new ExitPolicy() {
        @Override
        public boolean stop(StageFeatures f) {
            return f.confidence() >= 0.8;
        }

        @Override
        public String label() {
            return "inner";
        }
    };

    /**
     * Four examples, all of class 0. Network 1 (1 MMAC): example 0 confident and right (exits),
     * 1 and 3 middling (next), 2 unsure (jumps to network 3). Network 2 (two stages, 2 and 3 MMACs
     * cumulative, stopping early inside by {@link #INNER}): example 1 confident at its stage 1
     * (exits the cascade there), example 3 middling through both stages (goes on). Network 3
     * (5 MMACs): right on example 2, wrong on example 3.
     */
    @Test
    void rowsGoWhereThePolicySendsThemAndPayOnlyForWhatTheyEvaluated() {
        TableModel net1 = TableModel.oneStage(2, new int[] {0, 1, 1, 0}, new double[] {2, 1, 0.1, 1}, 1);
        float[][][] two = new float[2][4][2];
        two[0][1][0] = 2;   // example 1, stage 1: class 0, confident
        two[0][3][0] = 1;   // example 3: class 0, middling at both stages
        two[1][3][0] = 1;
        TableModel net2 = new TableModel(two, new double[] {2, 3});
        TableModel net3 = TableModel.oneStage(2, new int[] {0, 0, 0, 1}, new double[] {1, 1, 1, 1}, 5);
        CascadeEvaluator cascade = new CascadeEvaluator(List.of(CascadeNetwork.whole("a", net1),
                new CascadeNetwork("b", net2, INNER), CascadeNetwork.whole("c", net3)));
        Outcome.Tally tally = new Outcome.Tally(3);
        cascade.evaluateBatch(TableModel.input(0, 1, 2, 3), new int[] {0, 0, 0, 0}, BY_CONFIDENCE, 1, tally);
        Outcome o = tally.outcome("x", true);

        assertEquals(1, net1.computed.size());
        assertArrayEquals(new int[] {0, 1, 2, 3}, net1.computed.get(0));
        assertArrayEquals(new int[] {1, 3}, net2.computed.get(0), "network 2, stage 1: the rows sent on");
        assertArrayEquals(new int[] {3}, net2.computed.get(1), "network 2, stage 2: example 1 stopped inside");
        assertArrayEquals(new int[] {2, 3}, net3.computed.get(0), "network 3: the jumped row and the one sent on");
        // exits: example 0 at network 1; 1 at network 2; 2 and 3 at network 3
        assertArrayEquals(new int[] {1, 1, 2}, o.exits());
        // right: 0 (net 1), 1 (net 2), 2 (net 3); wrong: 3 (net 3 answers class 1)
        assertEquals(0.75, o.accuracy(), 1e-12);
        // MMACs: 1; 1 + 2 (stopped at network 2's stage 1); 1 + 5 (jumped); 1 + 3 + 5 -> 19 / 4
        assertEquals(19 / 4.0, o.averageMMacs(), 1e-12);
    }

    @Test
    void aNetworkAloneRunsOnlyThatNetwork() {
        TableModel net1 = TableModel.oneStage(2, new int[] {0, 1}, new double[] {2, 2}, 1);
        TableModel net2 = TableModel.oneStage(2, new int[] {0, 0}, new double[] {2, 2}, 4);
        CascadeEvaluator cascade = new CascadeEvaluator(List.of(CascadeNetwork.whole("a", net1), CascadeNetwork.whole("b", net2)));
        Outcome.Tally tally = new Outcome.Tally(2);
        cascade.evaluateBatch(TableModel.input(0, 1), new int[] {0, 0}, new SelectionPolicy() {
            @Override
            public Action decide(StageFeatures f) {
                return Action.EXIT;
            }

            @Override
            public String label() {
                return "exit";
            }
        }, 2, tally);
        Outcome o = tally.outcome("x", false);
        assertEquals(0, net1.computed.size(), "network 1 is not run");
        assertArrayEquals(new int[] {0, 2}, o.exits());
        assertEquals(1.0, o.accuracy());
        assertEquals(4, o.averageMMacs(), 1e-12);
    }
}
