package dev.hne.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hne.train.TrainConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Options left out of ./hne train come from the architecture's recipe; options given win. Expected
 * numbers are the paper's (Sec. 4.1 and 4.3), written out here rather than read from Recipe.
 */
class TrainDefaultsTest {

    private static TrainConfig config(String... args) {
        TrainCommand cmd = new TrainCommand();
        new CommandLine(cmd).parseArgs(args);
        return cmd.config();
    }

    @Test
    void mobilenetGetsTheImagenetRecipe() {
        TrainConfig c = config("--arch", "mobilenet-hne", "--dataset", "synthetic");
        assertEquals(150, c.epochs());
        assertEquals(450, c.batch());
        assertEquals(0.1, c.lr());
        assertEquals(0.9f, c.momentum());
        assertEquals(1e-5f, c.weightDecay());
        assertEquals("multistep", c.schedule());
        assertArrayEquals(new int[] {60, 90, 110, 125, 135, 145}, c.milestones());
        assertEquals(0.5, c.gamma());
        assertEquals(0.75f, c.alpha());
        assertEquals(2f, c.temperature());
    }

    @Test
    void theResNetHneGetsTheCifarRecipe() {
        TrainConfig c = config("--dataset", "synthetic");
        assertEquals(200, c.epochs());
        assertEquals(128, c.batch());
        assertEquals(5e-4f, c.weightDecay());
        assertEquals("cosine", c.schedule());
        assertEquals(0.5f, c.alpha());
    }

    @Test
    void givenOptionsWinOverTheRecipe() {
        TrainConfig c = config("--arch", "mobilenet-hne", "--dataset", "synthetic", "--epochs", "3", "--batch", "8",
                "--lr", "0.2", "--momentum", "0.5", "--weight-decay", "0", "--schedule", "cosine", "--alpha", "0.25",
                "--temperature", "4", "--gamma", "0.1", "--milestones", "1,2");
        assertEquals(3, c.epochs());
        assertEquals(8, c.batch());
        assertEquals(0.2, c.lr());
        assertEquals(0.5f, c.momentum());
        assertEquals(0f, c.weightDecay());
        assertEquals("cosine", c.schedule());
        assertEquals(0.25f, c.alpha());
        assertEquals(4f, c.temperature());
        assertEquals(0.1, c.gamma());
        assertArrayEquals(new int[] {1, 2}, c.milestones());
    }
}
