package dev.hne.engine.autograd;

import dev.hne.engine.Tensor;
import dev.hne.engine.backend.Storage;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a recorded graph keeps alive for its backward pass, for memory reports (bench's
 * {@code TrainStepMemory}): the distinct intermediate storages that ops saved, grouped by the
 * names of the ops that saved each one ("batch_norm_relu+conv2d": a ReLU'd batch-norm output that
 * the next convolution saved too). Read-only: it walks the graph and changes nothing.
 */
public final class SavedMemory {

    private SavedMemory() {
    }

    /** One group: how many distinct storages, and their floats. */
    public record Group(int storages, long floats) {
    }

    /** Saved intermediates reachable from {@code root}'s creator, by the sorted names of their savers. */
    public static Map<String, Group> byOp(Tensor root) {
        Map<Storage, TreeSet<String>> savers = new IdentityHashMap<>();
        Map<Storage, Long> sizes = new IdentityHashMap<>();
        if (root.creator() != null) {
            for (Function fn : Autograd.reverseTopologicalOrder(root.creator())) {
                for (Tensor t : fn.saved()) {
                    if (t == null || !t.isIntermediate()) continue;
                    savers.computeIfAbsent(t.storage(), s -> new TreeSet<>()).add(fn.name());
                    sizes.put(t.storage(), t.size());
                }
            }
        }
        Map<String, Group> groups = new TreeMap<>();
        savers.forEach((s, names) -> groups.merge(String.join("+", names), new Group(1, sizes.get(s)),
                (a, b) -> new Group(a.storages() + b.storages(), a.floats() + b.floats())));
        return groups;
    }
}
