package dev.hne.cli;

import dev.hne.datasets.Dataset;
import dev.hne.train.Checkpoints;
import dev.hne.train.DataProvenance;
import dev.hne.train.RunData;
import dev.hne.train.Trainer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The data a cascade of checkpoints ({@code ./hne eval --select}) is fitted and scored on: the test
 * split, and a held-out split of the training file that NONE of the checkpoints trained on. Why
 * none did, from what each checkpoint recorded about its run:
 *
 * <pre>
 *   checkpoint k trained on images [0, used_k) of the training file:
 *       used_k = train_size_k            when the run gave --train-size
 *              = full - holdout_k         when it gave only --holdout
 *              = full                     neither: it saw everything; refused
 *   the cascade's held-out split = the LAST H images, H = the smallest holdout any checkpoint recorded
 *   required for every k: used_k + H <= full        (so [full - H, full) was never trained on)
 * </pre>
 * The checkpoints must also come from the same dataset and, where they recorded the files they
 * read (their {@code data_files} checksums), from the same training file; synthetic data is
 * generated from a run's seed and sizes, so there those must be equal too. Any failure exits 2
 * with one line naming the checkpoint.
 *
 * @param data    the splits (test as the first checkpoint's, or --test-size; held-out as above)
 * @param holdout H
 */
record CascadeData(RunData data, int holdout) {

    static CascadeData open(List<Checkpoints.Loaded> checkpoints, Path dataOption, Integer testSize, PrintWriter log) {
        Checkpoints.Loaded first = checkpoints.get(0);
        String dataset = first.get("dataset");
        int h = Integer.MAX_VALUE;
        for (Checkpoints.Loaded c : checkpoints) {
            if (!c.get("dataset").equals(dataset)) {
                throw new UserException(c.file() + " was trained on " + c.get("dataset") + ", but " + first.file()
                        + " on " + dataset + "; a cascade needs one dataset");
            }
            if (c.metadata().get("holdout") != null) h = Math.min(h, c.getInt("holdout"));
        }
        if (h == Integer.MAX_VALUE) {
            throw new UserException("none of the --select checkpoints recorded a held-out split; train at least one with --holdout H"
                    + " (and the others on fewer images) to fit the selection on (docs/anytime.md)");
        }
        if (dataset.equals("synthetic")) {
            for (Checkpoints.Loaded c : checkpoints) {
                for (String key : new String[] {"seed", "train_size", "holdout"}) {
                    if (!String.valueOf(c.metadata().get(key)).equals(String.valueOf(first.metadata().get(key)))) {
                        throw new UserException(c.file() + ": synthetic data is generated from the run's seed and sizes, and its "
                                + key + " differs from " + first.file() + "'s");
                    }
                }
            }
        }
        Path dir = dataOption != null ? dataOption : recordedDir(first);
        int test = testSize != null ? testSize : first.getInt("test_size");
        RunData data;
        try {
            // all but the last H images as the "training" part: only its length is used, to know the file's
            data = RunData.open(dataset, dir, first.getLong("seed"), dataset.equals("synthetic") ? first.getInt("train_size") : 0,
                    test, h);
        } catch (IllegalArgumentException e) {
            throw new UserException(first.file() + ": " + e.getMessage());
        }
        int full = data.train().size() + h;
        for (Checkpoints.Loaded c : checkpoints) {
            int used = used(c, full);
            if (used + h > full) {
                throw new UserException(String.format(Locale.ROOT,
                        "%s trained on images [0, %d) of the %d-image training file, which overlaps the cascade's held-out split, the last %d images",
                        c.file(), used, full, h));
            }
            sameTrainingFile(c, data.holdout());
        }
        log.printf(Locale.ROOT, "held-out split %s (%d images): no checkpoint trained on it (each trained on the first %s images)%n",
                data.holdout().name(), h, usedList(checkpoints, full));
        return new CascadeData(data, h);
    }

    /** The images [0, used) the checkpoint's run trained on. */
    static int used(Checkpoints.Loaded c, int full) {
        int trainSize = c.getInt("train_size");
        if (trainSize > 0) return trainSize;
        if (c.metadata().get("holdout") != null) return full - c.getInt("holdout");
        throw new UserException(c.file() + " trained on the whole training file (no --train-size, no --holdout): nothing is left to fit"
                + " the selection on");
    }

    private static String usedList(List<Checkpoints.Loaded> checkpoints, int full) {
        StringBuilder sb = new StringBuilder();
        for (Checkpoints.Loaded c : checkpoints) sb.append(sb.length() > 0 ? ", " : "").append(used(c, full));
        return sb.toString();
    }

    /** The checkpoint's recorded training files (checksums) must be the ones the held-out split is read from. */
    private static void sameTrainingFile(Checkpoints.Loaded c, Dataset holdout) {
        String recorded = c.metadata().get(Trainer.DATA_FILES_KEY);
        DataProvenance p = DataProvenance.ofSplit("holdout", holdout);
        if (recorded != null && !p.splits().get(0).files().isEmpty() && !p.sameFilesAs(recorded)) {
            throw new UserException(c.file() + " was trained on other files than the held-out split is read from ("
                    + p.splits().get(0).files().get(0).path() + "); give --data DIR with the files it recorded");
        }
    }

    private static Path recordedDir(Checkpoints.Loaded c) {
        String recorded = c.metadata().getOrDefault(Trainer.DATA_DIR_KEY, "");
        return recorded.isEmpty() ? null : Path.of(recorded);
    }
}
