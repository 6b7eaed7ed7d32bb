package dev.hne.bench.ort;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtException;
import org.junit.jupiter.api.Test;

/**
 * The ORT peer's set-up: it exports our tree, opens the session and refuses to start unless ORT's
 * logits match our engine's (a broken export or a different seed would throw here); bad parameters
 * fail at set-up with the reason. ONNX Runtime is on the test classpath (scope provided).
 */
class OrtPeerTest {

    @Test
    void setUpChecksTheLogitsAndRuns() throws OrtException {
        try (OrtPeer peer = new OrtPeer("resnet-hne-small", 3, 2, null, "cpu")) {
            assertTrue(Float.isFinite(peer.run()));
        }
    }

    @Test
    void refusesAMemberOutsideTheTreeAndAGpu() {
        IllegalArgumentException n = assertThrows(IllegalArgumentException.class,
                () -> new OrtPeer("resnet-hne-small", 17, 1, null, "cpu"));
        assertTrue(n.getMessage().contains("n = 17"), n.getMessage());
        IllegalArgumentException d = assertThrows(IllegalArgumentException.class,
                () -> new OrtPeer("resnet-hne-small", 1, 1, null, "cuda"));
        assertTrue(d.getMessage().contains("CPU only"), d.getMessage());
    }
}
