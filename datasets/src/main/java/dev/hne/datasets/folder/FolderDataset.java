/*
 * FolderDataset: an ImageNet-style folder, one sub-folder per class.
 *
 *   root/
 *     cat/ 001.jpg 002.png ...
 *     dog/ ...
 *
 * Classes are the sub-folder names in sorted order (label k = k-th name), files within a class are
 * sorted too, so labels and indices are the same on every machine (as torchvision's ImageFolder).
 * Files ending .jpg/.jpeg/.png (any case) count; other files are ignored.
 *
 * Images are decoded lazily with javax.imageio on each image() call, to RGB (C = 3; grey and
 * palette images are expanded), so memory holds paths only. Sizes vary: sampleShape() is
 * (3, H, W) with H = W = 0, and a transform must bring samples to one size (FolderTransforms).
 * An unreadable file is a DatasetException naming it and its index, and so is an image larger than
 * MAX_PIXELS: its size is read from the file's header before any pixel is decoded, because a
 * decoded image takes 16 bytes a pixel here (ARGB ints, then float planes), so a 20000x20000 PNG of
 * a few kilobytes would ask for 6 GB and end the run with an OutOfMemoryError.
 * A class folder without images is an error naming it (its label would never be seen).
 */
package dev.hne.datasets.folder;

import dev.hne.datasets.Dataset;
import dev.hne.datasets.DatasetException;
import dev.hne.datasets.Image;
import dev.hne.datasets.Normalization;
import dev.hne.datasets.SampleShape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Iterator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

public final class FolderDataset implements Dataset {

    /** The largest image decoded: 50 megapixels (8000 x 6250), 800 MB once decoded; ImageNet's are far smaller. */
    public static final long MAX_PIXELS = 50_000_000L;

    private final String name;
    private final Path root;
    private final List<String> classNames;
    private final List<Path> files;
    private final int[] labels;
    private final Normalization normalization;

    private FolderDataset(String name, Path root, List<String> classNames, List<Path> files, int[] labels,
                          Normalization normalization) {
        this.name = name;
        this.root = root;
        this.classNames = classNames;
        this.files = files;
        this.labels = labels;
        this.normalization = normalization;
    }

    /** Scans {@code root}; normalisation defaults to ImageNet's constants. */
    public static FolderDataset scan(Path root) {
        return scan(root, root.getFileName() == null ? "folder" : "folder/" + root.getFileName(), Normalization.IMAGENET);
    }

    public static FolderDataset scan(Path root, String name, Normalization normalization) {
        if (!Files.isDirectory(root)) {
            throw DatasetException.at(root, "no such directory, expected one sub-folder per class holding .jpg/.png images");
        }
        List<Path> classDirs;
        try (Stream<Path> s = Files.list(root)) {
            classDirs = s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw DatasetException.at(root, "cannot list: " + e.getMessage(), e);
        }
        if (classDirs.isEmpty()) {
            throw DatasetException.at(root, "no class sub-folders, expected one sub-folder per class");
        }
        List<String> classNames = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (Path dir : classDirs) {
            int label = classNames.size();
            classNames.add(dir.getFileName().toString());
            List<Path> images;
            try (Stream<Path> s = Files.list(dir)) {
                images = s.filter(FolderDataset::isImageFile).sorted().toList();
            } catch (IOException e) {
                throw DatasetException.at(dir, "cannot list: " + e.getMessage(), e);
            }
            if (images.isEmpty()) {
                throw DatasetException.at(dir, "class folder '" + dir.getFileName() + "' has no .jpg/.jpeg/.png files;"
                        + " add images or remove the folder (every class needs examples)");
            }
            for (Path f : images) {
                files.add(f);
                labels.add(label);
            }
        }
        int[] labelArray = labels.stream().mapToInt(Integer::intValue).toArray();
        return new FolderDataset(name, root, List.copyOf(classNames), List.copyOf(files), labelArray, normalization);
    }

    static boolean isImageFile(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && (n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png"));
    }

    public Path root() {
        return root;
    }

    /** The file behind sample {@code index}. */
    public Path file(int index) {
        checkIndex(index);
        return files.get(index);
    }

    @Override
    public List<Path> sourceFiles() {
        return files;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return files.size();
    }

    @Override
    public SampleShape sampleShape() {
        return SampleShape.variable(3);
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public int label(int index) {
        checkIndex(index);
        return labels[index];
    }

    @Override
    public Image image(int index) {
        Path file = file(index);
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw DatasetException.at(file, "unreadable image (sample " + index + "): no decoder recognises it,"
                        + " expected a JPEG or PNG");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                checkSize(file, index, reader.getWidth(0), reader.getHeight(0));   // from the header only
                return toImage(reader.read(0));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof DatasetException d) {
                throw d;
            }
            throw DatasetException.at(file, "unreadable image (sample " + index + "): " + e.getMessage()
                    + ", expected a JPEG or PNG", e);
        }
    }

    /** Refuses, before decoding, an image whose pixels would not fit in memory. */
    static void checkSize(Path file, int index, int width, int height) {
        if ((long) width * height > MAX_PIXELS) {
            throw DatasetException.at(file, String.format(Locale.ROOT, "image of %d x %d pixels (sample %d) is larger"
                    + " than the %d megapixels this loader decodes; shrink it (e.g. to 256 pixels on the short side)",
                    width, height, index, MAX_PIXELS / 1_000_000));
        }
    }

    /** Any BufferedImage to (3, H, W) floats in [0, 1]; getRGB converts grey/palette/CMYK-less types. */
    static Image toImage(BufferedImage img) {
        int h = img.getHeight();
        int w = img.getWidth();
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        float[] out = new float[3 * h * w]; // (3, H, W)
        int plane = h * w;
        for (int k = 0; k < plane; k++) {
            int p = argb[k];
            out[k] = ((p >> 16) & 0xFF) / 255f;
            out[plane + k] = ((p >> 8) & 0xFF) / 255f;
            out[2 * plane + k] = (p & 0xFF) / 255f;
        }
        return new Image(out, 3, h, w);
    }

    @Override
    public Normalization normalization() {
        return normalization;
    }

    @Override
    public String toString() {
        return name + " " + size() + " images in " + classNames.size() + " classes at " + root;
    }
}
