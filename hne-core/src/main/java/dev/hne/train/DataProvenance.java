package dev.hne.train;

import dev.hne.datasets.Dataset;
import dev.hne.report.IoErrors;
import dev.hne.report.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which files a run read, so that a result can be traced to its data: for each split, its name,
 * the images used, and the files behind it with size and SHA-256. Printed when training starts,
 * stored in the checkpoint (metadata {@code data_files}) and in summary.json; {@code ./hne eval}
 * prints its own, to compare.
 *
 * <p>An image folder has one file per image (ImageNet: 1.3 million), so its files are summarised in
 * one entry: the folder, the count, the bytes, and a SHA-256 of the sorted list of names and sizes
 * (it changes when a file is added, removed, renamed or resized; reading every image would take
 * longer than an epoch). Generated data (synthetic) has no files.
 */
public record DataProvenance(List<Split> splits) {

    /** Above this many files a split is summarised as one entry. */
    static final int LISTED_FILES = 16;

    /** One split: "train", "test" or "holdout", the dataset name and how many images of it were used. */
    public record Split(String split, String dataset, int images, List<FileSet> files) {}

    /**
     * Files behind a split: one file ({@code count} 1, {@code hashOf} "content"), or a folder's
     * summary ({@code hashOf} "names and sizes").
     */
    public record FileSet(String path, int count, long bytes, String sha256, String hashOf) {}

    /** Measures (reads and hashes) the files of the run's splits; a file read twice is hashed once. */
    public static DataProvenance of(RunData data) {
        Map<Path, FileSet> cache = new LinkedHashMap<>();
        List<Split> splits = new ArrayList<>();
        splits.add(split("train", data.train(), cache));
        splits.add(split("test", data.test(), cache));
        if (data.holdout() != null) splits.add(split("holdout", data.holdout(), cache));
        return new DataProvenance(List.copyOf(splits));
    }

    /** The provenance of one split alone ({@code ./hne eval}: the test split it scores). */
    public static DataProvenance ofSplit(String split, Dataset d) {
        return new DataProvenance(List.of(split(split, d, new LinkedHashMap<>())));
    }

    /** Whether every file checksum here also appears in {@code recordedJson} (a run's {@link #toJson}). */
    public boolean sameFilesAs(String recordedJson) {
        return splits.stream().flatMap(s -> s.files().stream()).allMatch(f -> recordedJson.contains(f.sha256()));
    }

    private static Split split(String split, Dataset d, Map<Path, FileSet> cache) {
        List<Path> sources = d.sourceFiles();
        List<FileSet> files = new ArrayList<>();
        if (sources.size() <= LISTED_FILES) {
            for (Path p : sources) files.add(cache.computeIfAbsent(p, DataProvenance::hashContent));
        } else {
            files.add(summarise(sources));
        }
        return new Split(split, d.name(), d.size(), List.copyOf(files));
    }

    static FileSet hashContent(Path file) {
        MessageDigest sha = sha256();
        long bytes = 0;
        try (InputStream in = java.nio.file.Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; bytes += n) sha.update(buffer, 0, n);
        } catch (IOException e) {
            throw IoErrors.describe("read data file", file, e);
        }
        return new FileSet(file.toAbsolutePath().toString(), 1, bytes, HexFormat.of().formatHex(sha.digest()), "content");
    }

    static FileSet summarise(List<Path> sources) {
        MessageDigest sha = sha256();
        Path root = sources.get(0).toAbsolutePath().getParent();
        long bytes = 0;
        for (Path p : sources) {
            Path abs = p.toAbsolutePath();
            while (!abs.startsWith(root)) root = root.getParent();
        }
        for (Path p : sources) {
            long size;
            try {
                size = java.nio.file.Files.size(p);
            } catch (IOException e) {
                throw IoErrors.describe("read the size of data file", p, e);
            }
            bytes += size;
            sha.update((root.relativize(p.toAbsolutePath()) + "\t" + size + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return new FileSet(root.toString(), sources.size(), bytes, HexFormat.of().formatHex(sha.digest()),
                "names and sizes");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Lines for the log: "  train  fashion-mnist/train[:8000] 8000 images: /x/train-images...gz 26.4 MB sha256 3aede3..." */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        for (Split s : splits) {
            if (s.files().isEmpty()) {
                out.add(String.format(Locale.ROOT, "  %-7s %s, %d images: generated from the seed, no files", s.split(),
                        s.dataset(), s.images()));
            }
            for (FileSet f : s.files()) {
                out.add(String.format(Locale.ROOT, "  %-7s %s, %d images: %s%s, %.1f MB, sha256 %s%s", s.split(),
                        s.dataset(), s.images(), f.path(), f.count() == 1 ? "" : " (" + f.count() + " files)",
                        f.bytes() / 1e6, f.sha256(), f.count() == 1 ? "" : " of their " + f.hashOf()));
            }
        }
        return out;
    }

    /** As JSON-ready maps (summary.json's "data"). */
    public List<Object> toJsonValue() {
        List<Object> out = new ArrayList<>();
        for (Split s : splits) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("split", s.split());
            m.put("dataset", s.dataset());
            m.put("images", s.images());
            List<Object> files = new ArrayList<>();
            for (FileSet f : s.files()) {
                Map<String, Object> fm = new LinkedHashMap<>();
                fm.put("path", f.path());
                fm.put("files", f.count());
                fm.put("bytes", f.bytes());
                fm.put("sha256", f.sha256());
                fm.put("sha256_of", f.hashOf());
                files.add(fm);
            }
            m.put("files", files);
            out.add(m);
        }
        return out;
    }

    /** The JSON text stored in the checkpoint's metadata {@code data_files}. */
    public String toJson() {
        return Json.write(toJsonValue());
    }
}
