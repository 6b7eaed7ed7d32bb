package dev.hne.serve;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer to one request.
 *
 * @param probabilities softmax of the prediction's logits, one per class
 * @param members       stages evaluated (HNE: ensemble members; ANN: exits)
 * @param mmacs         MMACs spent on this image: the cost model's cumulative cost of {@code members}
 * @param queueMs       from its arrival at the HTTP handler (body read and decoded in this time) to the start of its batch
 * @param computeMs     from the start of its batch to its answer
 * @param stoppedBy     why it stopped: last (the whole model), members, budget, policy, deadline, load
 */
public record Prediction(int predictedClass, double[] probabilities, int members, double mmacs, double queueMs,
                         double computeMs, String stoppedBy) {

    /** Probabilities from logits z (k values at offset), in doubles so that they sum to 1 closely. */
    static double[] softmax(float[] z, int offset, int k) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) max = Math.max(max, z[offset + c]);
        double[] p = new double[k];
        double sum = 0;
        for (int c = 0; c < k; c++) sum += p[c] = Math.exp(z[offset + c] - max);
        for (int c = 0; c < k; c++) p[c] /= sum;
        return p;
    }

    /** The JSON object of the response, with the {@code topK} most probable classes (ties: lower class first). */
    Map<String, Object> toJson(int topK) {
        List<Integer> order = new ArrayList<>();
        for (int c = 0; c < probabilities.length; c++) order.add(c);
        order.sort((a, b) -> probabilities[a] != probabilities[b] ? Double.compare(probabilities[b], probabilities[a]) : a - b);
        List<Map<String, Object>> top = new ArrayList<>();
        for (int i = 0; i < Math.min(topK, order.size()); i++) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("class", order.get(i));
            e.put("probability", probabilities[order.get(i)]);
            top.add(e);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class", predictedClass);
        m.put("top", top);
        m.put("members", members);
        m.put("mmacs", mmacs);
        m.put("queue_ms", queueMs);
        m.put("compute_ms", computeMs);
        m.put("stopped_by", stoppedBy);
        return m;
    }
}
