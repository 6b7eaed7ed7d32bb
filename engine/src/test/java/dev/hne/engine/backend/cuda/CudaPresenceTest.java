package dev.hne.engine.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When the CUDA tests may skip (no GPU) and when they must run and fail instead (a GPU, broken libraries). */
class CudaPresenceTest {

    private static LibraryCheck driverMissing(String detail) {
        return LibraryCheck.missing("driver", NativeLibraries.DRIVER_LIBRARY, detail);
    }

    @Test
    void noDriverLibraryOrNoDeviceSkipsWithTheReason() {
        Optional<String> noLibrary = CudaPresence.skipReason(driverMissing("libcuda.so.1: cannot open shared object file"), null);
        assertTrue(noLibrary.isPresent() && noLibrary.get().contains("libcuda.so.1"), noLibrary.toString());
        assertTrue(CudaPresence.skipReason(driverMissing(NativeLibraries.NO_DEVICE), null).isPresent());
        assertTrue(CudaPresence.skipReason(driverMissing(
                "NoClassDefFoundError: Could not initialize class jcuda.driver.JCudaDriver"), null).isPresent(),
                "the second try in a JVM whose first found no libcuda.so.1");
        assertTrue(CudaPresence.skipReason(driverMissing("CudaException: CUDA_ERROR_NO_DEVICE"), "0").isPresent());
    }

    @Test
    void aDriverThatSeesADeviceMeansTheTestsMustRun() {
        LibraryCheck driver = LibraryCheck.ok("driver", NativeLibraries.DRIVER_LIBRARY, "CUDA 13.0 driver, 1 device(s)");
        assertEquals(Optional.empty(), CudaPresence.skipReason(driver, null));
    }

    @Test
    void aBrokenDriverIsNotAnAbsentOne() {
        assertEquals(Optional.empty(), CudaPresence.skipReason(driverMissing("this driver supports only CUDA 11.4; update"), null));
        assertEquals(Optional.empty(), CudaPresence.skipReason(driverMissing("CudaException: CUDA_ERROR_UNKNOWN"), null));
    }

    @Test
    void expectingAGpuTurnsEveryMissingPieceIntoAFailure() {
        assertEquals(Optional.empty(), CudaPresence.skipReason(driverMissing("libcuda.so.1: cannot open shared object file"), "1"));
    }
}
