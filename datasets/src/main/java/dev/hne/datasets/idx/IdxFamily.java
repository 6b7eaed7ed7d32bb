/*
 * IdxFamily: the MNIST-format datasets we know, with their class names, normalisation constants
 * and the folders they are looked for in (see IdxLocator).
 */
package dev.hne.datasets.idx;

import dev.hne.datasets.Normalization;
import java.nio.file.Path;
import java.util.List;

public enum IdxFamily {

    FASHION_MNIST("fashion-mnist",
            List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"),
            Normalization.FASHION_MNIST, List.of("fashion-mnist", "FashionMNIST/raw"),
            List.of(Path.of("/usr/share/datasets/fashion-mnist"))), // Debian/Ubuntu package dataset-fashion-mnist

    MNIST("mnist", List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
            Normalization.MNIST, List.of("mnist", "MNIST/raw"), List.of());

    private final String id;
    private final List<String> classNames;
    private final Normalization normalization;
    private final List<String> subfolders;
    private final List<Path> systemFolders;

    IdxFamily(String id, List<String> classNames, Normalization normalization, List<String> subfolders,
              List<Path> systemFolders) {
        this.id = id;
        this.classNames = classNames;
        this.normalization = normalization;
        this.subfolders = subfolders;
        this.systemFolders = systemFolders;
    }

    public String id() {
        return id;
    }

    public List<String> classNames() {
        return classNames;
    }

    public Normalization normalization() {
        return normalization;
    }

    /** Folders under the data directory, e.g. fashion-mnist/ and torchvision's FashionMNIST/raw/. */
    public List<String> subfolders() {
        return subfolders;
    }

    /** Fixed system-wide folders (OS packages), checked last. */
    public List<Path> systemFolders() {
        return systemFolders;
    }
}
