package dev.hne.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.engine.nn.BatchNorm2d;
import dev.hne.engine.nn.Conv2d;
import dev.hne.engine.nn.Linear;
import dev.hne.engine.nn.Sequential;
import dev.hne.engine.ops.GlobalAvgPool;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDictFileTest {

    private static Sequential net(long seed, int classes) {
        Random rng = new Random(seed);
        return new Sequential(new Conv2d(rng, 3, 6, 3, 1, 1, 1), new BatchNorm2d(6),
                Sequential.of(GlobalAvgPool::apply), new Linear(rng, 6, classes));
    }

    @Test
    void aSavedModuleLoadsIntoAFreshOneWithIdenticalOutputs(@TempDir Path dir) throws Exception {
        Sequential trained = net(1, 4);
        trained.forward(Tensor.randn(new Random(2), 1f, 4, 3, 6, 6));   // moves the BN running statistics
        Path file = dir.resolve("model.safetensors");
        StateDictFile.save(file, trained, Map.of("arch", "test"));

        Sequential fresh = net(99, 4);
        StateDictFile.load(file, fresh);
        trained.eval();
        fresh.eval();
        Tensor x = Tensor.randn(new Random(3), 1f, 2, 3, 6, 6);
        try (var scope = Autograd.noGrad()) {
            assertArrayEquals(trained.forward(x).toArray(), fresh.forward(x).toArray());
        }
        assertEquals("test", SafeTensors.read(file).metadata().get("arch"));
        assertEquals(List.of("0.weight", "1.weight", "1.bias", "1.running_mean", "1.running_var", "3.weight", "3.bias"),
                List.copyOf(StateDictFile.read(file).keySet()));
    }

    @Test
    void aCheckpointOfAnotherModelIsRejectedNamingTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ten-classes.safetensors");
        StateDictFile.save(file, net(1, 10), Map.of());
        Sequential fourClasses = net(2, 4);
        float[] before = fourClasses.stateDict().get("3.weight").toArray();
        var e = assertThrows(CheckpointFormatException.class, () -> StateDictFile.load(file, fourClasses));
        assertTrue(e.getMessage().contains("ten-classes.safetensors") && e.getMessage().contains("'3.weight'"),
                e.getMessage());
        assertArrayEquals(before, fourClasses.stateDict().get("3.weight").toArray(), "module left unchanged");
    }
}
