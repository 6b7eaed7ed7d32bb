package dev.hne.bench.ort;

/** Whether benchmarks.jar carries ONNX Runtime (built with -Port); no ORT types here, so it loads without it. */
final class OrtAvailability {

    private OrtAvailability() {}

    static void require() {
        try {
            Class.forName("ai.onnxruntime.OrtEnvironment", false, OrtAvailability.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("benchmarks.jar has no ONNX Runtime; build it with: "
                    + "./mvnw -B -Port -pl bench -am -DskipTests package");
        }
    }
}
