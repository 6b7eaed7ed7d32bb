package dev.hne.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.engine.dist.LaunchEnvironment;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class DistributedOptionsTest {

    @Test
    void distributedOutsideALauncherExitsTwoWithOneLine() {
        Assumptions.assumeTrue(LaunchEnvironment.detect().isEmpty(), "this test JVM itself runs under a launcher");
        CliRun r = CliRun.of("train", "--dataset", "synthetic", "--distributed");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("hne train: --distributed needs a launcher"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void syncBnWithoutDistributedIsRefused() {
        CliRun r = CliRun.of("train", "--dataset", "synthetic", "--sync-bn");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--sync-bn needs --distributed"), r.err());
    }
}
