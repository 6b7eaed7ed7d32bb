package dev.hne.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands with an anytime network: flops per exit, train, and eval of an ANN and an HNE together. */
class AnnCommandsTest {


    /**
     * Exit 1 of ann-resnet on 3x32x32, by hand: conv3x3 3 -> 16 at 32x32 = 32*32*16*3*9 = 442,368;
     * conv1x1 16 -> 64 = 32*32*64*16 = 1,048,576; pool + linear 64 -> 10 = 640. Total 1,491,584.
     */
    @Test
    void flopsPrintsOneRowPerExit() {
        CliRun r = CliRun.of("flops", "--arch", "ann-resnet", "--json");
        assertEquals(0, r.code(), r.err());
        Matcher m = Pattern.compile("\\{\"exit\": (\\d+), \"macs\": (\\d+),").matcher(r.out());
        List<long[]> rows = new ArrayList<>();
        while (m.find()) rows.add(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
        assertEquals(5, rows.size(), r.out());
        assertEquals(1_491_584L, rows.get(0)[1]);
        for (int i = 1; i < rows.size(); i++) assertTrue(rows.get(i)[1] > rows.get(i - 1)[1], "cumulative");
        CliRun small = CliRun.of("flops", "--arch", "ann-resnet-small", "--levels", "4", "--width-divisor", "2",
                "--in-channels", "1", "--resolution", "28");
        assertEquals(0, small.code(), small.err());
        assertEquals(4, small.out().lines().filter(l -> l.matches("\\s*\\d+\\s+[\\d.]+\\s+\\d+\\s+[\\d.]+")).count(),
                small.out());
        assertTrue(small.out().contains("ann-resnet-small-L4-w2"), small.out());
    }

    private static String[] tiny(String arch, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--arch", arch, "--levels", "2", "--width-divisor", "8",
                "--dataset", "synthetic", "--train-size", "64", "--test-size", "32", "--batch", "16", "--lr", "0.05",
                "--epochs", "1", "--out", out.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void evalDrawsAnAnnAndAnHneTogether(@TempDir Path dir) throws Exception {
        CliRun ann = CliRun.of(tiny("ann-resnet-small", dir.resolve("ann"), "--ann-weights", "adaloss"));
        assertEquals(0, ann.code(), ann.err());
        assertTrue(ann.out().contains("loss AdaLoss") && ann.out().contains("(2 exits)"), ann.out());
        String table = ann.out().substring(ann.out().indexOf("exit     MMACs"), ann.out().indexOf("report: "));
        CliRun hne = CliRun.of(tiny("resnet-hne-small", dir.resolve("hne"), "--loss", "i"));
        assertEquals(0, hne.code(), hne.err());
        CliRun e = CliRun.of("eval", "--checkpoint", dir.resolve("ann/last.safetensors").toString(), "--checkpoint",
                dir.resolve("hne/last.safetensors").toString(), "--batch", "16", "--out", dir.resolve("both").toString());
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().contains(table), "eval:\n" + e.out() + "\ntrain:\n" + table);
        assertTrue(e.out().contains("   n     MMACs"), e.out());
        String json = Files.readString(dir.resolve("both/eval.json"));
        assertTrue(json.contains("\"order\": \"exits\"") && json.contains("\"order\": \"natural\""), json);
        assertTrue(Files.size(dir.resolve("both/accuracy-vs-mmacs.png")) > 0);
    }

    @Test
    void badAnnWeightsExitTwoWithOneLine(@TempDir Path dir) {
        CliRun r = CliRun.of(tiny("ann-resnet-small", dir, "--ann-weights", "linear"));
        assertEquals(2, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("--ann-weights"), r.err());
    }
}
