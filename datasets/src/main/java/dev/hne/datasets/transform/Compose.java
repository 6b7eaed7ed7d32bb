/*
 * Compose: a sequence of transforms applied left to right, sharing the sample's Random in order.
 * Nested Compose lists are flattened so toString() reads as one pipeline.
 */
package dev.hne.datasets.transform;

import dev.hne.datasets.Image;
import dev.hne.datasets.SampleShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

public final class Compose implements Transform {

    private final List<Transform> steps;

    public Compose(List<Transform> steps) {
        List<Transform> flat = new ArrayList<>();
        for (Transform t : steps) {
            if (t instanceof Compose c) {
                flat.addAll(c.steps);
            } else {
                flat.add(t);
            }
        }
        this.steps = List.copyOf(flat);
    }

    public List<Transform> steps() {
        return steps;
    }

    @Override
    public Image apply(Image image, Random random) {
        Image out = image;
        for (Transform t : steps) {
            out = t.apply(out, random);
        }
        return out;
    }

    @Override
    public SampleShape outputShape(SampleShape input) {
        SampleShape out = input;
        for (Transform t : steps) {
            out = t.outputShape(out);
        }
        return out;
    }

    @Override
    public String toString() {
        return steps.isEmpty() ? "Identity" : steps.stream().map(Object::toString).collect(Collectors.joining(" -> "));
    }
}
