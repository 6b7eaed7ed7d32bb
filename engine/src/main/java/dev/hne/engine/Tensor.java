package dev.hne.engine;

import dev.hne.engine.autograd.Autograd;
import dev.hne.engine.autograd.Function;
import dev.hne.engine.backend.Backend;
import dev.hne.engine.backend.Storage;
import dev.hne.engine.backend.cpu.CpuBackend;
import dev.hne.engine.ops.Activation;
import dev.hne.engine.ops.Add;
import dev.hne.engine.ops.Multiply;
import dev.hne.engine.ops.Reshape;
import dev.hne.engine.ops.Scale;
import dev.hne.engine.ops.Softmax;
import dev.hne.engine.ops.Sum;
import java.util.Arrays;
import java.util.Random;

/**
 * An n-dimensional float32 array on one backend, with the autograd links that produced it.
 *
 * <p>What it is: a shape plus a contiguous {@link Storage} (NCHW for images, row-major for
 * matrices), an optional gradient, and the {@link Function} that created it when it is part of a
 * recorded graph. What it is not: a view system. A tensor never aliases part of another; the only
 * sharing is {@link #reshape}, which reuses the whole storage with a new shape.
 *
 * <p>The methods below are sugar: each one calls an op class in {@code dev.hne.engine.ops}, where
 * the forward and the backward sit side by side.
 */
public final class Tensor {

    private final int[] shape;
    private final Storage storage;
    private boolean requiresGrad;
    private Tensor grad;
    private Function creator;
    private boolean intermediate;   // its storage was made by a recorded op (see markIntermediate)

    public Tensor(Storage storage, int... shape) {
        this.shape = shape.clone();
        this.storage = storage;
        long n = sizeOf(shape);
        if (n != storage.size()) {
            throw new IllegalArgumentException("tensor shape " + Arrays.toString(shape) + " needs " + n
                    + " elements but the storage holds " + storage.size());
        }
    }

    // ---------------------------------------------------------------- creation

    private static volatile Backend defaultBackend = CpuBackend.INSTANCE;

    /** The backend new tensors go to when none is named (the CPU unless a run chose another). */
    public static Backend defaultBackend() {
        return defaultBackend;
    }

    /**
     * Chooses where new tensors (and so a module's parameters, built after this call) live for the
     * rest of the run, e.g. {@code Tensor.setDefaultBackend(Backends.byName("cuda"))}. Set it once,
     * before building models: tensors already made stay where they are.
     */
    public static void setDefaultBackend(Backend backend) {
        defaultBackend = java.util.Objects.requireNonNull(backend, "backend");
    }

    public static Tensor zeros(int... shape) {
        return zeros(defaultBackend(), shape);
    }

    public static Tensor zeros(Backend backend, int... shape) {
        return tracked(new Tensor(backend.allocate(sizeOf(shape), true), shape));
    }

    /**
     * A tensor whose contents are unspecified, for an op output that a kernel overwrites entirely
     * (saves zero-filling memory that is about to be written anyway; it may reuse memory that was
     * released).
     */
    public static Tensor empty(Backend backend, int... shape) {
        return tracked(new Tensor(backend.allocate(sizeOf(shape), false), shape));
    }

    /** Every new storage is offered to the open {@link Memory} scope, which owns it under no-grad. */
    private static Tensor tracked(Tensor t) {
        Memory.track(t);
        return t;
    }

    /** {@link #empty} with the shape and backend of {@code like}. */
    public static Tensor emptyLike(Tensor like) {
        return empty(like.backend(), like.shape);
    }

    /** A tensor with the same shape and backend as {@code like}, zero-filled. */
    public static Tensor zerosLike(Tensor like) {
        return zeros(like.backend(), like.shape);
    }

    public static Tensor of(float[] data, int... shape) {
        return new Tensor(defaultBackend().upload(data), shape);
    }

    public static Tensor scalar(float value) {
        return of(new float[] {value});
    }

    public static Tensor full(float value, int... shape) {
        Tensor t = zeros(shape);
        t.backend().fill(t.storage, value);
        return t;
    }

    /** Standard normal samples times {@code std}, drawn from {@code rng} in storage order. */
    public static Tensor randn(Random rng, float std, int... shape) {
        float[] data = new float[Math.toIntExact(sizeOf(shape))];
        for (int i = 0; i < data.length; i++) data[i] = (float) (rng.nextGaussian() * std);
        return of(data, shape);
    }

    /** This tensor's data on another backend (a copy; not recorded by autograd). */
    public Tensor to(Backend target) {
        if (target == backend()) {
            return this;
        }
        return new Tensor(target.upload(backend().download(storage)), shape);
    }

    // ---------------------------------------------------------------- shape and data

    public int[] shape() {
        return shape.clone();
    }

    public int dim(int axis) {
        return shape[axis < 0 ? shape.length + axis : axis];
    }

    public int rank() {
        return shape.length;
    }

    public long size() {
        return storage.size();
    }

    public Storage storage() {
        return storage;
    }

    public Backend backend() {
        return storage.backend();
    }

    /** A host copy of the data. */
    public float[] toArray() {
        return backend().download(storage);
    }

    /** The value of a one-element tensor. */
    public float item() {
        if (size() != 1) {
            throw new IllegalStateException("item() needs one element, tensor has shape " + shapeString());
        }
        return toArray()[0];
    }

    public String shapeString() {
        return shapeString(shape);
    }

    public static String shapeString(int[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) sb.append(i == 0 ? "" : ",").append(shape[i]);
        return sb.append(shape.length == 1 ? ",)" : ")").toString();
    }

    public static long sizeOf(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
        }
        return n;
    }

    @Override
    public String toString() {
        return "Tensor" + shapeString() + (requiresGrad ? " requiresGrad" : "");
    }

    // ---------------------------------------------------------------- autograd state

    public boolean requiresGrad() {
        return requiresGrad;
    }

    public Tensor requiresGrad(boolean value) {
        this.requiresGrad = value;
        return this;
    }

    /** The accumulated gradient of a leaf after {@link #backward()}, or null. */
    public Tensor grad() {
        return grad;
    }

    public void setGrad(Tensor grad) {
        this.grad = grad;
    }

    public Function creator() {
        return creator;
    }

    public void setCreator(Function creator) {
        this.creator = creator;
    }

    /** The same data, cut from the graph: gradients do not flow through the result. */
    public Tensor detach() {
        return view(shape);
    }

    /** Another tensor over the same storage (reshape, detach); it shares the intermediate mark. */
    public Tensor view(int... newShape) {
        Tensor t = new Tensor(storage, newShape);
        t.intermediate = intermediate;
        return t;
    }

    /**
     * Whether this tensor's storage was allocated by a recorded op as its output (an activation),
     * as opposed to a parameter or user data. Autograd frees the storage of saved intermediates once
     * the last backward that reads them has run; it never frees anything else.
     */
    public boolean isIntermediate() {
        return intermediate;
    }

    /**
     * Frees this intermediate's memory now, for model code that knows a tensor is dead: one that was
     * read once and that no op saved (a projection shortcut's output, once added). Using it, or a
     * tensor sharing its storage, afterwards fails loudly. Does nothing for tensors that are not
     * intermediates (parameters, user data, anything computed under no-grad).
     */
    public void release() {
        if (intermediate) {
            backend().release(storage);
        }
    }

    /** Set by {@link Autograd#record} on a fresh op output. */
    public void markIntermediate() {
        this.intermediate = true;
    }

    /** Back-propagates from this one-element tensor (a loss) into every leaf that requires grad. */
    public void backward() {
        Autograd.backward(this);
    }

    // ---------------------------------------------------------------- op sugar

    public Tensor add(Tensor other) { return Add.apply(this, other); }

    public Tensor mul(Tensor other) { return Multiply.apply(this, other); }

    public Tensor scale(float alpha) { return Scale.apply(this, alpha); }

    public Tensor relu() { return Activation.relu(this); }

    public Tensor relu6() { return Activation.relu6(this); }

    public Tensor reshape(int... newShape) { return Reshape.apply(this, newShape); }

    /** (N, ...) -> (N, product of the rest). */
    public Tensor flatten() { return reshape(shape[0], (int) (size() / shape[0])); }

    public Tensor sum() { return Sum.apply(this); }

    public Tensor mean() { return Sum.apply(this).scale(1f / size()); }

    public Tensor softmax() { return Softmax.apply(this, false); }

    public Tensor logSoftmax() { return Softmax.apply(this, true); }
}
