/*
 * RemoteFile: where to download one archive from and the MD5 it must have.
 */
package dev.hne.datasets.download;

import java.net.URI;
import java.util.Locale;

public record RemoteFile(URI uri, String md5) {

    public RemoteFile {
        if (!md5.matches("(?i)[0-9a-f]{32}")) {
            throw new IllegalArgumentException("not an MD5 hex digest: " + md5);
        }
        md5 = md5.toLowerCase(Locale.ROOT);
    }

    /** The last path segment, e.g. cifar-10-binary.tar.gz. */
    public String fileName() {
        String path = uri.getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The same file name under another base URI (a mirror), same MD5. */
    public RemoteFile onMirror(URI base) {
        String b = base.toString();
        return new RemoteFile(URI.create(b.endsWith("/") ? b + fileName() : b + "/" + fileName()), md5);
    }
}
