package dev.hne.engine.dist;

/**
 * The communicator of a job with one process: sums and broadcasts over one rank leave the data as
 * it is. Plain training uses it, so the trainer has no "distributed or not" branches.
 */
public final class SingleProcess implements Communicator {

    @Override
    public int rank() {
        return 0;
    }

    @Override
    public int size() {
        return 1;
    }

    @Override
    public void allreduceSum(float[] data, int offset, int count) {
        java.util.Objects.checkFromIndexSize(offset, count, data.length);
    }

    @Override
    public void allreduceSum(double[] data) {
    }

    @Override
    public void broadcast(float[] data, int offset, int count, int root) {
        java.util.Objects.checkFromIndexSize(offset, count, data.length);
        if (root != 0) {
            throw new IllegalArgumentException("broadcast from rank " + root + " in a job of 1 process");
        }
    }

    @Override
    public void barrier() {
    }

    @Override
    public void abort(int exitCode) {
        Runtime.getRuntime().halt(exitCode);
    }

    @Override
    public void close() {
    }
}
