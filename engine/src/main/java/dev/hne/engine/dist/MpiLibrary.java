package dev.hne.engine.dist;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The dozen C functions of libmpi this program calls, bound with JNA, and the handle constants of
 * the MPI library that was found (MPI fixes the function names but not the handle values).
 *
 * <pre>
 *   handle           Open MPI 4.x (libmpi.so.40)          MPICH 3/4 (libmpich.so.12)
 *   MPI_COMM_WORLD   &amp;ompi_mpi_comm_world (an address)   0x44000000
 *   MPI_FLOAT        &amp;ompi_mpi_float                     0x4c00040a
 *   MPI_DOUBLE       &amp;ompi_mpi_double                    0x4c00080b
 *   MPI_BYTE         &amp;ompi_mpi_byte                      0x4c00010d
 *   MPI_SUM          &amp;ompi_mpi_op_sum                    0x58000003
 *   MPI_IN_PLACE     (void *) 1                           (void *) -1
 * </pre>
 *
 * Handles travel as {@code long}: on x86-64 and arm64 a C {@code int} argument is read from the low
 * half of the same register, so one signature serves MPICH's ints and Open MPI's pointers.
 *
 * <p>libmpi is opened with RTLD_GLOBAL, as Open MPI's own Java bindings do: its plugins (loaded with
 * dlopen during MPI_Init) resolve symbols of libmpi and fail to load otherwise.
 */
final class MpiLibrary {

    /** The C API, one method per function used. Handle arguments are longs (see above). */
    interface Api extends Library {
        int MPI_Initialized(int[] flag);

        int MPI_Init(Pointer argc, Pointer argv);

        int MPI_Finalized(int[] flag);

        int MPI_Finalize();

        int MPI_Comm_rank(long comm, int[] rank);

        int MPI_Comm_size(long comm, int[] size);

        int MPI_Allreduce(Pointer sendbuf, Pointer recvbuf, int count, long datatype, long op, long comm);

        int MPI_Bcast(Pointer buffer, int count, long datatype, int root, long comm);

        int MPI_Barrier(long comm);

        int MPI_Abort(long comm, int errorcode);

        int MPI_Get_library_version(byte[] version, int[] length);
    }

    /** The handles of one MPI implementation. */
    record Handles(String flavour, long commWorld, long floatType, long doubleType, long byteType, long sum,
                   Pointer inPlace) {}

    /** Sonames tried in order: Open MPI (Debian's libopenmpi3 has only the versioned one), then MPICH. */
    static final List<String> NAMES = List.of("libmpi.so.40", "mpi", "libmpich.so.12", "mpich");

    private static final int RTLD_NOW = 0x2, RTLD_GLOBAL = 0x100;   // <dlfcn.h> on Linux

    final Api api;
    final Handles handles;
    final String soname;

    private MpiLibrary(Api api, Handles handles, String soname) {
        this.api = api;
        this.handles = handles;
        this.soname = soname;
    }

    /**
     * Opens the first MPI library that loads.
     *
     * @throws CollectiveException naming every library tried when none loads
     */
    static MpiLibrary load() {
        return load(NAMES);
    }

    static MpiLibrary load(List<String> names) {
        List<String> failures = new ArrayList<>();
        Map<String, Object> options = Map.of(Library.OPTION_OPEN_FLAGS, RTLD_NOW | RTLD_GLOBAL);
        for (String name : names) {
            try {
                NativeLibrary lib = NativeLibrary.getInstance(name, options);
                Api api = Native.load(name, Api.class, options);
                return new MpiLibrary(api, handles(lib), name);
            } catch (UnsatisfiedLinkError e) {
                failures.add(name + " (" + firstLine(e.getMessage()) + ")");
            }
        }
        throw new CollectiveException("no MPI library could be loaded; tried " + String.join(", ", failures)
                + ". Install Open MPI (Debian/Ubuntu: apt-get install openmpi-bin) or MPICH");
    }

    /** Open MPI exports its predefined objects as symbols; MPICH's handles are fixed integers. */
    private static Handles handles(NativeLibrary lib) {
        try {
            return new Handles("Open MPI", address(lib, "ompi_mpi_comm_world"), address(lib, "ompi_mpi_float"),
                    address(lib, "ompi_mpi_double"), address(lib, "ompi_mpi_byte"), address(lib, "ompi_mpi_op_sum"),
                    new Pointer(1));
        } catch (UnsatisfiedLinkError notOpenMpi) {
            return new Handles("MPICH", 0x44000000L, 0x4c00040aL, 0x4c00080bL, 0x4c00010dL, 0x58000003L,
                    new Pointer(-1));
        }
    }

    private static long address(NativeLibrary lib, String symbol) {
        return Pointer.nativeValue(lib.getGlobalVariableAddress(symbol));
    }

    /** The library's own version line (MPI_Get_library_version), for messages and docs. */
    String version() {
        byte[] buf = new byte[8192];   // MPI_MAX_LIBRARY_VERSION_STRING is 256 (Open MPI) or 8192 (MPICH)
        int[] len = new int[1];
        api.MPI_Get_library_version(buf, len);
        return firstLine(new String(buf, 0, Math.max(0, Math.min(len[0], buf.length)),
                java.nio.charset.StandardCharsets.US_ASCII).trim());
    }

    static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
