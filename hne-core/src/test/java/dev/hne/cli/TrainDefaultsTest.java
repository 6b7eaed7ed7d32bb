package dev.hne.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hne.train.TrainConfig;
import dev.hne.tree.Recipe;
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
        assertEquals(150, c.optim().epochs());
        assertEquals(450, c.optim().batch());
        assertEquals(0.1, c.optim().lr());
        assertEquals(0.9f, c.optim().momentum());
        assertEquals(1e-5f, c.optim().weightDecay());
        assertEquals(Recipe.Schedule.MULTISTEP, c.optim().schedule());
        assertArrayEquals(new int[] {60, 90, 110, 125, 135, 145}, c.optim().milestones());
        assertEquals(0.5, c.optim().gamma());
        assertEquals(0.75f, c.loss().alpha());
        assertEquals(2f, c.loss().temperature());
    }

    @Test
    void theResNetHneGetsTheCifarRecipe() {
        TrainConfig c = config("--dataset", "synthetic");
        assertEquals(200, c.optim().epochs());
        assertEquals(128, c.optim().batch());
        assertEquals(5e-4f, c.optim().weightDecay());
        assertEquals(Recipe.Schedule.COSINE, c.optim().schedule());
        assertEquals(0.5f, c.loss().alpha());
    }

    @Test
    void givenOptionsWinOverTheRecipe() {
        TrainConfig c = config("--arch", "mobilenet-hne", "--dataset", "synthetic", "--epochs", "3", "--batch", "8",
                "--lr", "0.2", "--momentum", "0.5", "--weight-decay", "0", "--schedule", "cosine", "--alpha", "0.25",
                "--temperature", "4", "--gamma", "0.1", "--milestones", "1,2");
        assertEquals(3, c.optim().epochs());
        assertEquals(8, c.optim().batch());
        assertEquals(0.2, c.optim().lr());
        assertEquals(0.5f, c.optim().momentum());
        assertEquals(0f, c.optim().weightDecay());
        assertEquals(Recipe.Schedule.COSINE, c.optim().schedule());
        assertEquals(0.25f, c.loss().alpha());
        assertEquals(4f, c.loss().temperature());
        assertEquals(0.1, c.optim().gamma());
        assertArrayEquals(new int[] {1, 2}, c.optim().milestones());
    }
}
