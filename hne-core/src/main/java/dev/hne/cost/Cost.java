package dev.hne.cost;

/** Multiply-accumulates of one forward pass of one sample, and parameter count. */
public record Cost(long macs, long params) {

    public static final Cost ZERO = new Cost(0, 0);

    public Cost plus(Cost o) {
        return new Cost(macs + o.macs, params + o.params);
    }

    public Cost times(long k) {
        return new Cost(macs * k, params * k);
    }

    /** MACs in millions, the unit of the paper's plots (which say FLOPs for multiply-adds). */
    public double mmacs() {
        return macs / 1e6;
    }
}
