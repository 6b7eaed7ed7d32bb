package dev.hne.tree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The recipes hold the paper's numbers. Expected values are copied by hand from paper 001, Sec. 4.1
 * "Hyper-parameter settings" ("initial learning rate of 0.1 and a momentum of 0.9 ... 200 epochs and
 * use a batch size of 128. Weight decay is set to 5e-4 ... 150 epochs and reduce the learning rate
 * with a factor two at epochs {60, 90, 110, 125, 135, 145} ... batch size of 450 ... weight decay
 * 1e-5 ... temperature T = 2 ... alpha = 0.5") and Sec. 4.3 ("For hierarchical co-distillation we
 * use alpha = 0.75").
 */
class RecipeTest {

    @Test
    void cifarIsSec41() {
        Recipe r = Recipe.CIFAR;
        assertEquals(200, r.epochs());
        assertEquals(128, r.batch());
        assertEquals(0.1, r.lr());
        assertEquals(0.9f, r.momentum());
        assertEquals(5e-4f, r.weightDecay());
        assertSame(Recipe.Schedule.COSINE, r.schedule());
        assertEquals(0.5f, r.alpha());
        assertEquals(2f, r.temperature());
    }

    @Test
    void imagenetIsSec41WithTheAlphaOfSec43() {
        Recipe r = Recipe.IMAGENET;
        assertEquals(150, r.epochs());
        assertEquals(450, r.batch());
        assertEquals(0.1, r.lr());
        assertEquals(0.9f, r.momentum());
        assertEquals(1e-5f, r.weightDecay());
        assertSame(Recipe.Schedule.MULTISTEP, r.schedule());
        assertArrayEquals(new int[] {60, 90, 110, 125, 135, 145}, r.milestones());
        assertEquals(0.5, r.gamma(), "reduce by a factor two");
        assertEquals(0.75f, r.alpha());
        assertEquals(2f, r.temperature());
    }

    @Test
    void mobilenetTrainsWithImagenetsRecipeAndTheResNetsWithCifars() {
        assertSame(Recipe.IMAGENET, Recipe.forArch("mobilenet-hne"));
        for (String arch : new String[] {"resnet-hne", "resnet-hne-small", "ann-resnet", "ann-resnet-small"}) {
            assertSame(Recipe.CIFAR, Recipe.forArch(arch), arch);
        }
    }

    @Test
    void milestonesCannotBeChangedFromOutside() {
        int[] m = Recipe.IMAGENET.milestones();
        m[0] = 1;
        assertEquals(60, Recipe.IMAGENET.milestones()[0]);
    }

    @Test
    void scheduleNamesRoundTripAndOthersAreRefusedNamingTheChoices() {
        assertEquals("cosine", Recipe.Schedule.COSINE.cliName());
        assertEquals("multistep", Recipe.Schedule.MULTISTEP.cliName());
        for (Recipe.Schedule s : Recipe.Schedule.values()) assertSame(s, Recipe.Schedule.parse(s.cliName()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Recipe.Schedule.parse("COSINE"));
        assertTrue(e.getMessage().contains("'COSINE'") && e.getMessage().contains("cosine or multistep"),
                e.getMessage());
    }
}
