package dev.hne.engine.backend.cuda;

/**
 * What trying to load one native piece found: {@code component} ("driver", "cuBLAS", "cuDNN",
 * "kernels"), the library file and version that was looked for, whether it loaded, and details
 * (the version found, or the loader's error).
 */
public record LibraryCheck(String component, String library, boolean loaded, String detail) {

    static LibraryCheck ok(String component, String library, String detail) {
        return new LibraryCheck(component, library, true, detail);
    }

    static LibraryCheck missing(String component, String library, String detail) {
        return new LibraryCheck(component, library, false, detail);
    }

    /** One line for doctor and error messages. */
    public String describe() {
        return loaded ? component + ": " + detail
                : component + ": NOT loaded, needs " + library + " (" + detail + ")";
    }
}
