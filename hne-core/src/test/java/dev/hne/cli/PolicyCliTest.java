package dev.hne.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.engine.io.SafeTensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --holdout} and {@code eval --policy}: the held-out size is recorded in the checkpoint,
 * policies are calibrated on it, saved next to the checkpoint, reloaded, refitted on request; the
 * report files are written; user errors exit with 2 and one line.
 */
class PolicyCliTest {


    /** resnet-hne-small cut to 3 levels (N = 4), channels / 8, synthetic 32x32 data. */
    private static String[] train(Path out, String... more) {
        String[] tree = {"--arch", "resnet-hne-small", "--levels", "3", "--width-divisor", "8", "--dataset", "synthetic",
                "--train-size", "48", "--test-size", "32", "--batch", "16", "--lr", "0.05", "--epochs", "1", "--loss", "i"};
        return CliRun.args("train", tree, out, more);
    }

    @TempDir
    static Path dir;
    static Path checkpoint;

    @BeforeAll
    static void trainWithAHoldout() {
        CliRun r = CliRun.of(train(dir.resolve("run"), "--holdout", "40"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("held out for early-exit policies"), r.out());
        checkpoint = dir.resolve("run").resolve("last.safetensors");
    }

    @Test
    void holdoutIsRecordedAndPoliciesAreSavedReloadedAndRefitted() throws Exception {
        assertEquals("40", SafeTensors.read(checkpoint).metadata().get("holdout"));
        Path out = dir.resolve("report");
        CliRun r = CliRun.of("eval", "--checkpoint", checkpoint.toString(), "--batch", "16", "--policy", "learned,threshold",
                "--tradeoffs", "0.01,0.2", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("calibrated on the held-out split and saved"), r.out());
        assertTrue(r.out().contains("fixed n = 4") && r.out().contains("learned, lambda 0.2")
                && r.out().contains("threshold, budget"), r.out());
        Path sidecar = dir.resolve("run").resolve("last.policy.properties");
        assertTrue(Files.readString(sidecar).contains("natural.learned.1.tradeoff=0.2"), Files.readString(sidecar));
        for (String f : new String[] {"policy.csv", "policy.json", "accuracy-vs-avg-mmacs.png", "accuracy-vs-ms.png"}) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        // 4 fixed rows + 6 default budgets + 2 trade-offs, plus the header
        assertEquals(13, Files.readAllLines(out.resolve("policy.csv")).size());

        r = CliRun.of("eval", "--checkpoint", checkpoint.toString(), "--batch", "16", "--policy", "learned", "--tradeoffs", "0.2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("policies loaded from"), r.out());
        r = CliRun.of("eval", "--checkpoint", checkpoint.toString(), "--batch", "16", "--policy", "learned", "--tradeoffs", "0.2",
                "--refit");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("calibrated on the held-out split and saved"), r.out());
    }

    @Test
    void timingRoundsMeasureEveryPointAgainAndReportTheMedian() throws Exception {
        Path out = dir.resolve("rounds");
        CliRun r = CliRun.of("eval", "--checkpoint", checkpoint.toString(), "--batch", "16", "--policy", "learned",
                "--tradeoffs", "0.2", "--timing-rounds", "3", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        // fixed n: before the policies, then once per round; the policy: once per round
        List<Double> fixed1 = progressCpuMs(r.out(), "fixed n = 1 ");
        List<Double> learned = progressCpuMs(r.out(), "learned, lambda 0.2 ");
        assertEquals(4, fixed1.size(), r.out());
        assertEquals(3, learned.size(), r.out());
        List<String> csv = Files.readAllLines(out.resolve("policy.csv"));
        List<String> header = List.of(csv.get(0).split(","));
        int kind = header.indexOf("kind"), parameter = header.indexOf("parameter"), cpu = header.indexOf("test_cpu_ms_per_image");
        int checked = 0;
        for (String line : csv.subList(1, csv.size())) {
            String[] f = line.split(",");
            boolean isLearned = f[kind].equals("learned"), isFixed1 = f[kind].equals("fixed") && Double.parseDouble(f[parameter]) == 1;
            if (isLearned || isFixed1) {
                assertEquals(median(isLearned ? learned : fixed1), Double.parseDouble(f[cpu]), 6e-4, line);
                checked++;
            }
        }
        assertEquals(2, checked, String.join("\n", csv));
    }

    /** The CPU ms per image of each progress line "  LABEL ... accuracy ... X CPU ms/image" for the point. */
    private static List<Double> progressCpuMs(String log, String label) {
        List<Double> ms = new java.util.ArrayList<>();
        for (String line : log.lines().toList()) {
            if (line.startsWith("  " + label) && line.endsWith(" CPU ms/image")) {
                String[] w = line.trim().split("\\s+");
                ms.add(Double.parseDouble(w[w.length - 3]));
            }
        }
        return ms;
    }

    private static double median(List<Double> v) {
        List<Double> s = v.stream().sorted().toList();
        int m = s.size() / 2;
        return s.size() % 2 == 1 ? s.get(m) : (s.get(m - 1) + s.get(m)) / 2;
    }

    /** A copy of the checkpoint as a run without --holdout would have written it. */
    private static void withoutHoldout(Path from, Path to) throws Exception {
        var c = SafeTensors.read(from);
        var meta = new java.util.LinkedHashMap<>(c.metadata());
        meta.remove("holdout");
        Files.createDirectories(to.getParent());
        SafeTensors.write(to, c.tensors(), meta);
    }

    @Test
    void userErrorsExitWithTwoAndOneLine() throws Exception {
        Path plain = dir.resolve("plain");
        withoutHoldout(checkpoint, plain.resolve("last.safetensors"));
        String[][] cases = {
                {"eval", "--checkpoint", plain.resolve("last.safetensors").toString(), "--policy", "learned"},
                {"eval", "--checkpoint", checkpoint.toString(), "--policy", "threshold", "--budget", "1000000"},
                {"eval", "--checkpoint", checkpoint.toString(), "--policy", "threshold", "--budget", "-1"},
                {"eval", "--checkpoint", checkpoint.toString(), "--policy", "learned", "--tradeoffs", "-0.5"},
                {"eval", "--checkpoint", checkpoint.toString(), "--policy", "oracle"},
                {"eval", "--checkpoint", checkpoint.toString(), "--budget", "3"},
                {"eval", "--checkpoint", checkpoint.toString(), "--timing-rounds", "2"},
                {"eval", "--checkpoint", checkpoint.toString(), "--policy", "learned", "--timing-rounds", "0"},
                {"train", "--dataset", "synthetic", "--holdout", "-3"},
        };
        for (String[] c : cases) {
            CliRun r = CliRun.of(c);
            assertEquals(Main.USER_ERROR, r.code(), String.join(" ", c) + " -> " + r.err());
            assertEquals(1, r.err().strip().lines().count(), String.join(" ", c) + " -> " + r.err());
        }
        assertTrue(CliRun.of(cases[0]).err().contains("no held-out split recorded"));
        assertTrue(CliRun.of(cases[1]).err().contains("outside what this model can spend"));
    }
}
