package dev.hne.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reports' JSON: escaping, numbers, nesting and embedded raw JSON. */
class JsonTest {

    @Test
    void writesNestedValues() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "a \"b\"\n");
        m.put("n", 3);
        m.put("acc", 0.912);
        m.put("small", 1e-5);
        m.put("nan", Double.NaN);
        m.put("xs", new double[] {0.5, 1});
        m.put("rows", List.of(Map.of("k", 1)));
        m.put("raw", new Json.Raw("{\"x\": 1}"));
        m.put("none", null);
        assertEquals("""
                {
                  "name": "a \\"b\\"\\n",
                  "n": 3,
                  "acc": 0.912,
                  "small": 1.00000e-05,
                  "nan": null,
                  "xs": [0.5, 1],
                  "rows": [
                    {
                      "k": 1
                    }
                  ],
                  "raw": {"x": 1},
                  "none": null
                }""", Json.write(m));
    }
}
