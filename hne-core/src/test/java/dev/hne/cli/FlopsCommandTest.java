package dev.hne.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class FlopsCommandTest {


    @Test
    void tablePrintsOneRowPerN() {
        CliRun r = CliRun.of("flops", "--arch", "resnet-hne");
        assertEquals(0, r.code(), r.err());
        List<String> rows = r.out().lines().filter(l -> l.matches("\\s*\\d+\\s+[\\d.]+\\s+\\d+")).toList();
        assertEquals(16, rows.size(), r.out());
        assertTrue(rows.get(0).trim().startsWith("1 "), rows.get(0));
        // 50.8 and 201.7 MMACs: the hand count of Table 2 in CostModelTest (one model, eight models)
        assertTrue(rows.get(0).contains("50.8"), rows.get(0));
        assertTrue(rows.get(7).contains("201.7"), rows.get(7));
    }

    @Test
    void jsonParsesIntoRows() {
        CliRun r = CliRun.of("flops", "--arch", "mobilenet-hne", "--json");
        assertEquals(0, r.code(), r.err());
        String json = r.out().trim();
        assertTrue(json.startsWith("{") && json.endsWith("}"), json);
        assertTrue(json.contains("\"arch\": \"mobilenet-hne\""), json);
        assertTrue(json.contains("\"resolution\": 224"), json);
        Matcher m = Pattern.compile("\\{\"models\": (\\d+), \"macs\": (\\d+), \"mmacs\": ([\\d.]+), \"params\": (\\d+)}")
                .matcher(json);
        List<long[]> rows = new ArrayList<>();
        while (m.find()) rows.add(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(4))});
        assertEquals(8, rows.size(), json);
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(i + 1, rows.get(i)[0]);
            if (i > 0) assertTrue(rows.get(i)[1] > rows.get(i - 1)[1]);
        }
        // 179.1 and 602.3 MMACs: the hand count of Table 3 in CostModelTest
        assertEquals(179.1, rows.get(0)[1] / 1e6, 0.05);
        assertEquals(602.3, rows.get(7)[1] / 1e6, 0.05);
        // nothing but the JSON object on stdout: braces balance
        assertEquals(json.chars().filter(c -> c == '{').count(), json.chars().filter(c -> c == '}').count());
    }

    @Test
    void inputOptionsAndDiverseOrder() {
        CliRun r = CliRun.of("flops", "--arch", "resnet-hne-small", "--in-channels", "1", "--resolution", "28",
                "--order", "diverse");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("1x28x28") && r.out().contains("diverse"), r.out());
    }

    @Test
    void badArgumentsExitTwoWithOneLine() {
        for (String[] args : List.of(new String[] {"flops", "--arch", "vgg"}, new String[] {"flops"},
                new String[] {"flops", "--arch", "resnet-hne", "--order", "random"},
                new String[] {"flops", "--arch", "resnet-hne", "--resolution", "0"})) {
            CliRun r = CliRun.of(args);
            assertEquals(2, r.code(), String.join(" ", args));
            assertEquals(1, r.err().lines().count(), r.err());
        }
    }
}
