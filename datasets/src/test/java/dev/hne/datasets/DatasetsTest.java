/*
 * DatasetsTest: the registry by name: synthetic with its transforms, CIFAR-10 and MNIST from a
 * given directory, folders with train/val, the data-directory rule, and unknown names.
 */
package dev.hne.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {

    @TempDir
    Path tmp;

    @Test
    void syntheticByName() {
        DatasetSplits s = Datasets.open("synthetic", DatasetOptions.defaults().withSizes(50, 20).withSeed(3));
        assertEquals(50, s.train().size());
        assertEquals(20, s.test().size());
        assertSame(s.train(), s.train()); // read once
        assertEquals(SampleShape.of(3, 32, 32), s.trainTransform().outputShape(s.train().sampleShape()));
        assertTrue(s.trainTransform().toString().startsWith("RandomCrop(32, padding=4) -> HorizontalFlip(0.5) -> Normalize"));
        assertTrue(s.evalTransform().toString().startsWith("Normalize"));
    }

    @Test
    void cifar10FromAGivenDirectory() throws IOException {
        Fixtures.cifar10Folder(tmp.resolve("cifar-10-batches-bin"), 2, 3, 1);
        DatasetSplits s = Datasets.open("CIFAR10", DatasetOptions.defaults().withDataDir(tmp).withDownload(false));
        assertEquals("cifar10/train", s.train().name());
        assertEquals(10, s.train().size());
        assertEquals(3, s.test().size());
        // The folder itself also works as the data directory.
        DatasetSplits direct = Datasets.open("cifar10",
                DatasetOptions.defaults().withDataDir(tmp.resolve("cifar-10-batches-bin")).withDownload(false));
        assertEquals(3, direct.test().size());
    }

    @Test
    void mnistFromAGivenDirectory() throws IOException {
        Path dir = tmp.resolve("mnist");
        Files.createDirectories(dir);
        byte[][] imgs = new byte[4][28 * 28];
        Files.write(dir.resolve("train-images-idx3-ubyte"), Fixtures.idxImages(imgs, 28, 28));
        Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), Fixtures.gzip(Fixtures.idxLabels(new int[] {1, 2, 3, 4})));
        DatasetSplits s = Datasets.open("mnist", DatasetOptions.defaults().withDataDir(tmp));
        assertEquals(4, s.train().size());
        assertEquals(SampleShape.of(1, 28, 28), s.train().sampleShape());
        // A test split in a later candidate folder (the data directory itself) must not be mixed in:
        // the mnist/ folder holds this dataset, so its missing test file is an error naming it.
        Files.write(tmp.resolve("t10k-images-idx3-ubyte"), Fixtures.idxImages(new byte[2][28 * 28], 28, 28));
        Files.write(tmp.resolve("t10k-labels-idx1-ubyte"), Fixtures.idxLabels(new int[] {0, 1}));
        DatasetException e = assertThrows(DatasetException.class, s::test);
        assertTrue(e.getMessage().startsWith(dir + ": has mnist files but no t10k-images-idx3-ubyte"), e.getMessage());
        assertEquals(java.util.List.of(dir.resolve("train-images-idx3-ubyte"), dir.resolve("train-labels-idx1-ubyte.gz")),
                s.train().sourceFiles(), "the files the split was read from");
    }

    @Test
    void folderWithTrainAndVal() throws IOException {
        for (String split : new String[] {"train", "val"}) {
            for (String cls : new String[] {"a", "b"}) {
                Fixtures.writeImage(Fixtures.pattern(12, 10, 1), "png", tmp.resolve(split + "/" + cls + "/1.png"));
            }
        }
        DatasetSplits s = Datasets.open("folder", DatasetOptions.defaults().withDataDir(tmp).withImageSize(8));
        assertEquals(2, s.train().size());
        assertEquals(2, s.test().size());
        assertEquals(SampleShape.of(3, 8, 8), s.evalTransform().outputShape(s.test().sampleShape()));
        assertTrue(s.evalTransform().toString().startsWith("Resize(9) -> CenterCrop(8) -> Normalize"),
                s.evalTransform().toString());
        DatasetException e = assertThrows(DatasetException.class,
                () -> Datasets.open("folder", DatasetOptions.defaults()));
        assertTrue(e.getMessage().startsWith("folder: no directory given"), e.getMessage());
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        DatasetException e = assertThrows(DatasetException.class, () -> Datasets.open("imagenet21k", DatasetOptions.defaults()));
        assertEquals("unknown dataset 'imagenet21k', expected one of [synthetic, cifar10, cifar100, fashion-mnist, mnist, folder]",
                e.getMessage());
    }

    @Test
    void dataDirectoryRule() {
        Path explicit = Path.of("/x");
        assertEquals(explicit, DataDirs.resolve(explicit, Map.of("HNE_DATA", "/env"), "/home/u"));
        assertEquals(Path.of("/env"), DataDirs.resolve(null, Map.of("HNE_DATA", "/env"), "/home/u"));
        assertEquals(Path.of("/home/u/.cache/hne"), DataDirs.resolve(null, Map.of("HNE_DATA", " "), "/home/u"));
        assertEquals(Path.of("/home/u/.cache/hne"), DataDirs.resolve(null, Map.of(), "/home/u"));
    }
}
