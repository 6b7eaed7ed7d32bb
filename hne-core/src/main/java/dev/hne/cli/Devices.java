package dev.hne.cli;

import dev.hne.engine.backend.Backend;
import dev.hne.engine.backend.Backends;
import dev.hne.engine.backend.Device;
import dev.hne.engine.backend.cuda.CudaUnavailableException;

/** The {@code --device} option of train and eval: makes the named backend the run's default. */
final class Devices {

    private Devices() {}

    /** The device an option names; an unknown name is a user error naming --device. */
    static Device parse(String device) {
        try {
            return Device.parse(device);
        } catch (IllegalArgumentException e) {
            throw new UserException("unknown --device '" + device + "'; use " + Device.NAMES);
        }
    }

    /**
     * Every tensor made after this call (the model's parameters, the batches) lives on {@code device}.
     * A device that cannot run is a user error (exit 2) whose line names the missing library and version.
     */
    static Backend use(String device) {
        try {
            return Backends.use(parse(device));
        } catch (CudaUnavailableException e) {
            throw new UserException("--device cuda: " + e.getMessage() + "; see docs/cuda.md or run ./hne doctor");
        }
    }
}
