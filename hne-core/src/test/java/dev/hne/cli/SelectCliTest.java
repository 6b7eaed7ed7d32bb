package dev.hne.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.engine.io.HostTensor;
import dev.hne.engine.io.SafeTensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./hne eval --select}: a cascade of an ANN and an HNE (at n = 2 with its own early exit,
 * and whole) fitted, saved, reloaded and refitted; two identical networks never pay for the
 * second; bad cascades exit 2 with one line.
 */
class SelectCliTest {

    /** The data every cascade checkpoint shares: synthetic 32x32, the same seed and sizes, 40 held out. */
    private static final String[] DATA = {"--dataset", "synthetic", "--train-size", "48", "--test-size", "32", "--holdout", "40",
            "--batch", "16", "--lr", "0.05", "--epochs", "1"};

    @TempDir
    static Path dir;
    static String hne;
    static String ann;

    private static String train(String name, String... arch) {
        String[] tree = Stream.concat(Stream.of(arch), Stream.of(DATA)).toArray(String[]::new);
        CliRun r = CliRun.of(CliRun.args("train", tree, dir.resolve(name)));
        assertEquals(0, r.code(), r.err());
        return dir.resolve(name).resolve("last.safetensors").toString();
    }

    @BeforeAll
    static void trainTheNetworks() {
        hne = train("hne", "--arch", "resnet-hne-small", "--levels", "3", "--width-divisor", "8", "--loss", "i");
        ann = train("ann", "--arch", "ann-resnet-small", "--levels", "2", "--width-divisor", "8");
    }

    @Test
    void aCascadeIsFittedSavedReloadedAndRefitted() throws Exception {
        Path out = dir.resolve("report");
        String cascade = ann + "," + hne + "@n=2@early=learned:0.05," + hne;
        CliRun r = CliRun.of("eval", "--select", cascade, "--batch", "16", "--policy", "learned,threshold",
                "--tradeoffs", "0.01,0.2", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("no checkpoint trained on it"), r.out());
        assertTrue(r.out().contains("fitting learned early exit, lambda 0.05"), r.out());
        for (String s : new String[] {"oracle", "learned selection, lambda 0.2", "threshold selection, budget",
                "fitted on the held-out split and saved"}) {
            assertTrue(r.out().contains(s), s + " in " + r.out());
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir.resolve("ann"))) {
            files = list.filter(p -> p.getFileName().toString().startsWith("cascade-")).toList();
        }
        assertEquals(1, files.size(), "one policy file beside the first checkpoint: " + files);
        String saved = Files.readString(files.get(0));
        assertTrue(saved.contains("select.stop.learned.1.tradeoff=0.2") && saved.contains("select.jump.learned.1.stage.1=")
                && saved.contains("net2.natural.learned.0.tradeoff=0.05") && saved.contains("select.threshold.0.budget="), saved);
        // 3 networks alone + the oracle + 6 default budgets + 2 trade-offs, then network 3's own early
        // exit over its 4 members: 2 trade-offs + 6 budgets; and the header
        List<String> csv = Files.readAllLines(out.resolve("policy.csv"));
        assertEquals(1 + 3 + 1 + 6 + 2 + 2 + 6, csv.size(), String.join("\n", csv));
        assertTrue(Files.size(out.resolve("accuracy-vs-avg-mmacs.png")) > 0);

        r = CliRun.of("eval", "--select", cascade, "--batch", "16", "--policy", "learned", "--tradeoffs", "0.2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("policies loaded from " + files.get(0)), r.out());
        r = CliRun.of("eval", "--select", cascade, "--batch", "16", "--policy", "learned", "--tradeoffs", "0.2", "--refit");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("fitted on the held-out split and saved"), r.out());
    }

    @Test
    void twoIdenticalNetworksNeverPayForTheSecond() throws Exception {
        Path out = dir.resolve("same");
        CliRun r = CliRun.of("eval", "--select", hne + "@n=1," + hne + "@n=1", "--batch", "16", "--policy", "learned",
                "--tradeoffs", "0.001,0.1", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        // every test image (32) exits at network 1, for both trade-offs
        List<String> learned = Files.readAllLines(out.resolve("policy.csv")).stream()
                .filter(l -> l.startsWith("learned selection,")).toList();
        assertEquals(2, learned.size(), learned.toString());
        for (String l : learned) assertTrue(l.contains(",32;0,"), l);
    }

    @Test
    void anEannRunsEveryExitOfEachNetworkInOrder() throws Exception {
        String deeper = train("ann3", "--arch", "ann-resnet-small", "--levels", "3", "--width-divisor", "8");
        Path out = dir.resolve("eann");
        CliRun r = CliRun.of("eval", "--select", ann + "," + deeper, "--policy", "eann", "--checkpoint", hne, "--batch", "16",
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("bound b / (b - 1)"), r.out());
        // exits 1-2 of the first network, then 1-3 of the second, in that order
        List<String> csv = Files.readAllLines(out.resolve("eann.csv"));
        assertEquals(List.of("1,1", "1,2", "2,1", "2,2", "2,3"),
                csv.subList(1, csv.size()).stream().map(l -> l.substring(0, 3)).toList());
        assertEquals(3, Files.readAllLines(out.resolve("eann-overheads.csv")).size());
        assertTrue(Files.size(out.resolve("eann-vs-mmacs.png")) > 0);
    }

    /**
     * A copy of the checkpoint as if trained for fewer classes: its metadata, and the classifier's
     * tensors (one block of rows per leaf: leaves x classes rows) cut to as many blocks of fewer rows.
     */
    private static Path withClasses(String from, int classes, Path to) throws Exception {
        var c = SafeTensors.read(Path.of(from));
        int old = Integer.parseInt(c.metadata().get("classes"));
        Map<String, HostTensor> cut = new LinkedHashMap<>();
        c.tensors().forEach((name, t) -> {
            if (name.startsWith("classifier") && t.shape()[0] % old == 0) {
                int[] shape = t.shape().clone();
                shape[0] = t.shape()[0] / old * classes;
                float[] data = java.util.Arrays.copyOf(t.data(), t.numel() / t.shape()[0] * shape[0]);
                cut.put(name, new HostTensor(shape, data));
            } else {
                cut.put(name, t);
            }
        });
        Map<String, String> meta = new LinkedHashMap<>(c.metadata());
        meta.put("classes", Integer.toString(classes));
        Files.createDirectories(to.getParent());
        SafeTensors.write(to, cut, meta);
        return to;
    }

    /** A copy of the checkpoint as written by a run with these metadata changes (null removes a key). */
    private static Path withMetadata(String from, Path to, String... keyValues) throws Exception {
        var c = SafeTensors.read(Path.of(from));
        Map<String, String> meta = new LinkedHashMap<>(c.metadata());
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] == null) meta.remove(keyValues[i]);
            else meta.put(keyValues[i], keyValues[i + 1]);
        }
        Files.createDirectories(to.getParent());
        SafeTensors.write(to, c.tensors(), meta);
        return to;
    }

    @Test
    void badCascadesExitWithTwoAndOneLine() throws Exception {
        Path data = dir.resolve("idx");
        DataProvenanceCliTest.writeIdx(data.resolve("fashion-mnist"), 64, 40, true);
        String[] mnistTree = {"--arch", "resnet-hne-small", "--levels", "2", "--width-divisor", "8", "--batch", "16", "--epochs", "1"};
        CliRun t = CliRun.of(CliRun.args("train", mnistTree, dir.resolve("mnist"), "--dataset", "fashion-mnist", "--data",
                data.toString(), "--train-size", "24", "--holdout", "40"));
        assertEquals(0, t.code(), t.err());
        String mnist = dir.resolve("mnist").resolve("last.safetensors").toString();
        String fiveClasses = withClasses(hne, 5, dir.resolve("five").resolve("last.safetensors")).toString();
        String noHoldout = withMetadata(ann, dir.resolve("noholdout").resolve("last.safetensors"), "holdout", null).toString();
        String missing = dir.resolve("nothing-here").resolve("last.safetensors").toString();
        String[][] cases = {
                {ann + "," + missing, "no such checkpoint file"},
                {ann + "," + fiveClasses, "answers 5 classes"},
                {ann + "," + mnist, "takes 1x28x28 images"},
                {ann + "@n=2," + hne, "does not apply to an anytime network"},
                {ann + "," + hne + "@n=9", "@n=9 but the checkpoint has 4 members"},
                {hne, "at least two checkpoints"},
                {ann + "," + hne + "@depth=2", "unknown '@depth=2'"},
                {noHoldout + "," + noHoldout, "none of the --select checkpoints recorded a held-out split"},
                {ann + "," + noHoldout, "synthetic data is generated from the run's seed and sizes"},
        };
        for (String[] c : cases) {
            CliRun r = CliRun.of("eval", "--select", c[0], "--batch", "16", "--policy", "learned", "--tradeoffs", "0.1");
            assertEquals(Main.USER_ERROR, r.code(), c[0] + " -> " + r.err() + r.out());
            assertEquals(1, r.err().strip().lines().count(), c[0] + " -> " + r.err());
            assertTrue(r.err().contains(c[1]), c[1] + " in " + r.err());
        }
        CliRun r = CliRun.of("eval", "--select", ann + "," + hne, "--policy", "oracle");
        assertEquals(Main.USER_ERROR, r.code(), r.err());
        r = CliRun.of("eval", "--select", ann + "," + hne, "--policy", "eann");
        assertEquals(Main.USER_ERROR, r.code(), r.err());
        assertTrue(r.err().contains("is an HNE"), r.err());
    }
}
