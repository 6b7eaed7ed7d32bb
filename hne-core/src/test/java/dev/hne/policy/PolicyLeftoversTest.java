package dev.hne.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Survivors of the policy PIT run (issue 19): the overflow guards of the logistic, accessors of a policy file. */
class PolicyLeftoversTest {

    @Test
    void sigmoidAndSoftplusStayFiniteFarOut() {
        // exp(800) overflows to infinity: the guarded forms give 1 and 800; the unguarded ones NaN and infinity
        assertEquals(1.0, WeightedLogistic.sigmoid(800), 0.0);
        assertEquals(0.0, WeightedLogistic.sigmoid(-800), 0.0);
        assertEquals(800.0, WeightedLogistic.softplus(800), 0.0);
        assertEquals(0.0, WeightedLogistic.softplus(-800), 1e-300);
    }

    @Test
    void aPolicyFileNamesItsSidecar(@TempDir Path dir) throws IOException {
        Path checkpoint = Files.writeString(dir.resolve("last.safetensors"), "weights");
        PolicyFile p = PolicyFile.empty(checkpoint, 100);
        assertEquals(dir.resolve("last.policy.properties"), p.file());
        assertTrue(p.toString().contains("last.policy.properties") && p.toString().contains("(0 entries)"), p.toString());
    }
}
