package dev.hne.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The held-out split is the last images of the training file and never overlaps the training images. */
class HoldoutTest {

    @Test
    void heldOutImagesAreTheLastOfTheTrainingFile() {
        RunData d = RunData.open("synthetic", null, 5, 60, 20, 25);
        assertEquals(60, d.train().size());
        assertEquals(25, d.holdout().size());
        // the synthetic training file of this run has 60 + 25 images; read it whole to compare
        RunData whole = RunData.open("synthetic", null, 5, 85, 20);
        for (int i = 0; i < 60; i++) {
            assertArrayEquals(whole.train().image(i).data(), d.train().image(i).data(), "train image " + i);
        }
        for (int i = 0; i < 25; i++) {
            assertArrayEquals(whole.train().image(60 + i).data(), d.holdout().image(i).data(), "held-out image " + i);
            assertEquals(whole.train().label(60 + i), d.holdout().label(i));
        }
        assertNull(RunData.open("synthetic", null, 5, 60, 20).holdout());
    }

    @Test
    void theLastImagesOfADatasetAndTooManyOfThem() {
        RunData d = RunData.open("synthetic", null, 5, 30, 10);
        var last = Subset.last(d.train(), 4);
        assertEquals(4, last.size());
        assertArrayEquals(d.train().image(26).data(), last.image(0).data());
        assertArrayEquals(d.train().image(29).data(), last.image(3).data());
        assertThrows(IllegalArgumentException.class, () -> Subset.last(d.train(), 31));
        assertThrows(IllegalArgumentException.class, () -> RunData.open("synthetic", null, 5, 30, 10, -1));
    }
}
