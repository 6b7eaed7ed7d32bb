/*
 * DataDirs: which directory holds (or will cache) downloaded data.
 *
 *   1. the explicit directory (--data), if given;
 *   2. else the HNE_DATA environment variable, if set and not blank;
 *   3. else ~/.cache/hne.
 * Nothing is created here; the downloader creates the directory when it first writes.
 */
package dev.hne.datasets;

import java.nio.file.Path;
import java.util.Map;

public final class DataDirs {

    public static final String ENV = "HNE_DATA";

    private DataDirs() {
    }

    public static Path resolve(Path explicit) {
        return resolve(explicit, System.getenv(), System.getProperty("user.home"));
    }

    /** The rule above with the environment and home passed in, so tests need not change them. */
    static Path resolve(Path explicit, Map<String, String> env, String userHome) {
        if (explicit != null) {
            return explicit;
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        return Path.of(userHome, ".cache", "hne");
    }
}
