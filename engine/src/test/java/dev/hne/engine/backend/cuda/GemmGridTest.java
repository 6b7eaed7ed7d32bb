package dev.hne.engine.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The launch grid of gemm_f32: one block per 64x64 tile of C, capped at CUDA's grid limit. */
class GemmGridTest {

    @Test
    void oneBlockPerTileRoundedUp() {
        assertEquals(new GemmGrid(1, 1), GemmGrid.of(1, 1));
        assertEquals(new GemmGrid(1, 1), GemmGrid.of(64, 64));
        // C (65, 129): rows need 2 tiles (gridDim.y), columns 3 (gridDim.x)
        assertEquals(new GemmGrid(3, 2), GemmGrid.of(65, 129));
    }

    @Test
    void gridIsCappedAtCudasLimitAndTheKernelLoopsOverTheRest() {
        // 65535 * 64 = 4,194,240 rows; one more tile would exceed gridDim.y's limit
        assertEquals(new GemmGrid(1, 65535), GemmGrid.of(4_194_241, 10));
        assertEquals(new GemmGrid(65535, 1), GemmGrid.of(10, Integer.MAX_VALUE));
    }

    @Test
    void emptyOutputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> GemmGrid.of(0, 5));
    }
}
