package dev.hne.bench.repro;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * One finished run of scripts/reproduce.sh, read back from its folder: the full-test-set
 * evaluation ({@code eval-full/eval.json}, written by {@code ./hne eval}), its settings
 * ({@code summary.json}) and its last training epoch ({@code epochs.csv}).
 *
 * @param trainAccuracy  the ensemble's accuracy on the training batches of the last epoch (batch
 *                       norm in training mode, as the run saw them): how well it fits what it trains on
 * @param imagesPerSecond training images per second, averaged over the epochs
 */
public record RunResult(String config, long seed, String label, double[] mmacs, double[] accuracy,
                        double[] logitStd, double[] memberAccuracy, double trainAccuracy, double imagesPerSecond) {

    public int models() {
        return mmacs.length;
    }

    /** Reads {@code runs/<config>-s<seed>/}. */
    public static RunResult read(Path dir, String config, long seed) throws IOException {
        JsonObject evals = JsonParser.parseString(Files.readString(dir.resolve("eval-full/eval.json"))).getAsJsonObject();
        JsonObject eval = evals.entrySet().iterator().next().getValue().getAsJsonObject();
        JsonArray byN = eval.getAsJsonArray("by_n");
        int n = byN.size();
        double[] mmacs = new double[n], accuracy = new double[n], std = new double[n];
        for (int i = 0; i < n; i++) {
            JsonObject row = byN.get(i).getAsJsonObject();
            mmacs[i] = row.get("mmacs").getAsDouble();
            accuracy[i] = row.get("accuracy").getAsDouble();
            std[i] = row.get("logit_std").getAsDouble();
        }
        double[] members = doubles(eval.getAsJsonArray("per_model_accuracy"));
        JsonObject settings = JsonParser.parseString(Files.readString(dir.resolve("summary.json"))).getAsJsonObject()
                .getAsJsonObject("config");
        List<String> epochs = Files.readAllLines(dir.resolve("epochs.csv"));
        List<String> header = List.of(epochs.get(0).split(","));
        double speed = 0;
        for (String line : epochs.subList(1, epochs.size())) {
            speed += Double.parseDouble(line.split(",")[header.indexOf("images_per_s")]);
        }
        String[] last = epochs.get(epochs.size() - 1).split(",");
        return new RunResult(config, seed, label(settings), mmacs, accuracy, std, members,
                Double.parseDouble(last[header.indexOf("train_accuracy")]), speed / (epochs.size() - 1));
    }

    /** "L_I+L_HD (a = 0.5)", "independent, L_I+L_HD (a = 0.5, x T^2)": the objective and tree shape a run trained. */
    static String label(JsonObject config) {
        String loss = config.get("loss").getAsString();
        String name = switch (loss) {
            case "i" -> "L_I";
            case "h" -> "L_H";
            case "ih" -> "L_I+L_H";
            case "d" -> "L_I+L_D";
            case "ihd" -> "L_I+L_HD";
            default -> loss;
        };
        if (loss.equals("d") || loss.equals("ihd")) {
            boolean t2 = config.has("soft_scale") && config.get("soft_scale").getAsString().equals("t2");
            name += String.format(Locale.ROOT, " (a = %s%s)", config.get("alpha").getAsString(), t2 ? ", x T^2" : "");
        }
        return config.has("topology") ? config.get("topology").getAsString() + ", " + name : name;
    }

    private static double[] doubles(JsonArray a) {
        double[] d = new double[a.size()];
        int i = 0;
        for (JsonElement e : a) d[i++] = e.getAsDouble();
        return d;
    }
}
