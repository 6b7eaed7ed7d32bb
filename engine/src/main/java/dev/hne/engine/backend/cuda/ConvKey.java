package dev.hne.engine.backend.cuda;

import dev.hne.engine.backend.ConvGeometry;

/**
 * The key of the convolution algorithm caches: which pass, which convolution, which math mode.
 * cuDNN's best algorithm depends on these and on nothing else we pass it (the data do not matter).
 * {@link ConvAlgorithms} keeps Find's ranking per {@link #forAnyBatch} key and the algorithm
 * checked to run per full key.
 */
record ConvKey(Pass pass, ConvGeometry geometry, boolean tf32) {

    enum Pass { FORWARD, BACKWARD_DATA, BACKWARD_FILTER }

    /** The same key with the batch size left out (set to 1). */
    ConvKey forAnyBatch() {
        ConvGeometry g = geometry;
        return new ConvKey(pass, new ConvGeometry(1, g.inChannels(), g.height(), g.width(), g.outChannels(), g.kernelH(),
                g.kernelW(), g.stride(), g.padding(), g.groups()), tf32);
    }
}
