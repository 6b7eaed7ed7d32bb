package dev.hne.engine;

/**
 * {@code -Dhne.recompute}: whether training checkpoints its layers (keeps each layer's input only
 * and runs the layer again in backward: about a third of the memory, one more forward pass).
 */
public enum Recompute {
    /** {@code false}: keep every activation backward reads (the fastest step). */
    OFF("false"),
    /** {@code true}: checkpoint every layer (the smallest step). */
    ON("true"),
    /**
     * {@code auto}, the default: keep everything when that fits comfortably in memory, else
     * checkpoint as few leading layers as it takes; the model decides per batch size (the tree:
     * {@code HneTree.trainingMemory}).
     */
    AUTO("auto");

    private final String property;

    Recompute(String property) {
        this.property = property;
    }

    /** The property's value: {@code false}, {@code true} or {@code auto} (null: the default). */
    public static Recompute parse(String value) {
        if (value == null) {
            return AUTO;
        }
        for (Recompute r : values()) {
            if (r.property.equalsIgnoreCase(value.trim())) return r;
        }
        throw new IllegalArgumentException("hne.recompute must be true, false or auto, got '" + value + "'");
    }

    @Override
    public String toString() {
        return property;
    }
}
