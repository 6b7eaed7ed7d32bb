package dev.hne.tree;

import java.util.List;

/**
 * A whole HNE architecture as plain data, read like the paper's Tables 2 and 3: the input, then
 * for each block (tree level) b = 0..B its rows, then the per-leaf classifier rows.
 *
 * <p>The spec describes ONE root-to-leaf network (one branch per level). How many branches each
 * level has is the {@link Topology}'s business, so the same spec builds the HNE, N independent
 * networks or a multi-branch baseline. What it is not: weights or modules ({@link TreeBuilder}).
 *
 * @param blocks     rows of each level; level b has 2^b branches in an HNE
 * @param classifier rows applied to every leaf after the last block; the last one outputs the
 *                   class scores (may be empty for a cost-only spec)
 */
public record TreeSpec(String name, int inChannels, int resolution, List<List<LayerSpec>> blocks,
                       List<LayerSpec> classifier) {

    public TreeSpec {
        if (inChannels <= 0 || resolution <= 0) {
            throw new IllegalArgumentException("spec " + name + ": input channels and resolution must be positive");
        }
        if (blocks.isEmpty() || blocks.stream().anyMatch(List::isEmpty)) {
            throw new IllegalArgumentException("spec " + name + ": needs at least one block and no empty block");
        }
        blocks = blocks.stream().map(List::copyOf).toList();
        classifier = List.copyOf(classifier);
    }

    /** B + 1, the number of tree levels. */
    public int levels() {
        return blocks.size();
    }

    /** The class count: the output width of the last classifier row. */
    public int classes() {
        if (classifier.isEmpty()) {
            throw new IllegalStateException("spec " + name + " has no classifier");
        }
        return classifier.get(classifier.size() - 1).outChannels();
    }

    /** Every channel count divided by {@code divisor} (the input channels and the classes stay). */
    public TreeSpec narrowed(String newName, int divisor) {
        List<List<LayerSpec>> nb = blocks.stream().map(rows -> rows.stream().map(r -> r.narrowed(divisor)).toList())
                .toList();
        List<LayerSpec> nc = classifier.isEmpty() ? classifier
                : java.util.stream.Stream.concat(
                        classifier.subList(0, classifier.size() - 1).stream().map(r -> r.narrowed(divisor)),
                        java.util.stream.Stream.of(classifier.get(classifier.size() - 1))).toList();
        return new TreeSpec(newName, inChannels, resolution, nb, nc);
    }
}
