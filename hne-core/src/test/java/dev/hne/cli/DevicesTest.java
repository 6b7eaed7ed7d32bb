package dev.hne.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hne.engine.Tensor;
import dev.hne.engine.backend.cpu.CpuBackend;
import dev.hne.engine.backend.cuda.CudaBackend;
import dev.hne.engine.backend.cuda.CudaUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DevicesTest {

    @AfterEach
    void restore() {
        Tensor.setDefaultBackend(CpuBackend.INSTANCE);
    }

    @Test
    void cpuBecomesTheDefaultAndUnknownDevicesAreUserErrors() {
        assertSame(CpuBackend.INSTANCE, Devices.use("cpu"));
        assertSame(CpuBackend.INSTANCE, Tensor.defaultBackend());
        UserException e = assertThrows(UserException.class, () -> Devices.use("tpu"));
        assertTrue(e.getMessage().contains("tpu"), e.getMessage());
    }

    @Test
    void cudaWithoutAGpuIsOneLineNamingTheMissingLibrary() {
        boolean available;
        try {
            CudaBackend.get();
            available = true;
        } catch (CudaUnavailableException e) {
            available = false;
        }
        assumeTrue(!available, "this machine can run CUDA; the no-GPU message is not reachable here");
        UserException e = assertThrows(UserException.class, () -> Devices.use("cuda"));
        assertTrue(e.getMessage().startsWith("--device cuda: CUDA backend unavailable: "), e.getMessage());
        assertTrue(e.getMessage().contains(".so"), "names the library: " + e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertSame(CpuBackend.INSTANCE, Tensor.defaultBackend(), "a failed --device leaves the default alone");
    }
}
