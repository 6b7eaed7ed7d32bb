package dev.hne.engine.dist;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.PointerByReference;
import java.util.ArrayList;
import java.util.List;

/**
 * The NCCL functions used for GPU gradients (libnccl.so.2, NCCL 2.10 or newer for ncclAvg), bound
 * with JNA. Enum values are those of nccl.h: ncclFloat32 = 7, ncclSum = 0, ncclAvg = 4; ncclSuccess = 0.
 */
final class NcclLibrary {

    static final int FLOAT32 = 7;
    static final int SUM = 0;
    static final int AVG = 4;
    static final int UNIQUE_ID_BYTES = 128;   // NCCL_UNIQUE_ID_BYTES

    /** ncclUniqueId: 128 opaque bytes, passed BY VALUE to ncclCommInitRank. */
    @Structure.FieldOrder("internal")
    public static class UniqueId extends Structure {
        public byte[] internal = new byte[UNIQUE_ID_BYTES];

        public static class ByValue extends UniqueId implements Structure.ByValue {}
    }

    interface Api extends Library {
        int ncclGetVersion(int[] version);

        int ncclGetUniqueId(UniqueId id);

        int ncclCommInitRank(PointerByReference comm, int nranks, UniqueId.ByValue id, int rank);

        int ncclGroupStart();

        int ncclGroupEnd();

        /** sendbuff, recvbuff: device addresses; count in elements; stream: cudaStream_t (NULL = legacy default). */
        int ncclAllReduce(Pointer sendbuff, Pointer recvbuff, long count, int datatype, int op, Pointer comm,
                          Pointer stream);

        int ncclCommDestroy(Pointer comm);

        int ncclCommAbort(Pointer comm);

        String ncclGetErrorString(int result);
    }

    static final List<String> NAMES = List.of("libnccl.so.2", "nccl");

    final Api api;
    final String soname;

    private NcclLibrary(Api api, String soname) {
        this.api = api;
        this.soname = soname;
    }

    static NcclLibrary load() {
        return load(NAMES);
    }

    /** @throws CollectiveException naming every library tried when none loads */
    static NcclLibrary load(List<String> names) {
        List<String> failures = new ArrayList<>();
        for (String name : names) {
            try {
                return new NcclLibrary(Native.load(name, Api.class), name);
            } catch (UnsatisfiedLinkError e) {
                failures.add(name + " (" + MpiLibrary.firstLine(e.getMessage()) + ")");
            }
        }
        throw new CollectiveException("NCCL could not be loaded; tried " + String.join(", ", failures)
                + ". Install NCCL 2.10 or newer (Debian/Ubuntu with NVIDIA's repository: apt-get install libnccl2)");
    }

    /** "2.21.5" from NCCL's integer version (major*10000 + minor*100 + patch). */
    String version() {
        int[] v = new int[1];
        check(api.ncclGetVersion(v), "ncclGetVersion");
        return (v[0] / 10000) + "." + (v[0] / 100 % 100) + "." + (v[0] % 100);
    }

    void check(int result, String call) {
        if (result != 0) {
            throw new CollectiveException(call + " failed: " + api.ncclGetErrorString(result) + " (ncclResult " + result + ")");
        }
    }
}
