package dev.hne.engine.backend.cuda;

import dev.hne.engine.backend.ConvGeometry;

/**
 * The key of the convolution algorithm cache: which pass, which convolution, which math mode.
 * cuDNN's best algorithm depends on all three and on nothing else we pass it (the data do not
 * matter), so each is searched for once per run (CudnnConvolutions).
 */
record ConvKey(Pass pass, ConvGeometry geometry, boolean tf32) {

    enum Pass { FORWARD, BACKWARD_DATA, BACKWARD_FILTER }
}
