package bplab.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import bplab.config.DataConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsRawImagesAndLabels() throws IOException {
        Path images = IdxFixtures.write(dir, "imgs", IdxFixtures.images(3));
        Path labels = IdxFixtures.write(dir, "lbls", IdxFixtures.labels(3));
        byte[] pixels = IdxReader.readImages(images);
        assertThat(pixels).hasSize(3 * 784);
        assertThat(pixels[785]).isEqualTo((byte) (785 % 251));
        assertThat(IdxReader.readLabels(labels)).containsExactly(0, 1, 2);
    }

    @Test
    void gzippedFilesReadTheSameAsRaw() throws IOException {
        byte[] raw = IdxFixtures.images(4);
        Path plain = IdxFixtures.write(dir, "a", raw);
        Path gz = IdxFixtures.write(dir, "b.gz", IdxFixtures.gzip(raw));
        assertThat(IdxReader.readImages(gz)).isEqualTo(IdxReader.readImages(plain));
    }

    @Test
    void wrongMagicNamesFoundAndExpected() throws IOException {
        Path p = IdxFixtures.write(dir, "imgs", IdxFixtures.images(1234, 1, 28, 28, 784));
        assertThatThrownBy(() -> IdxReader.readImages(p)).isInstanceOf(DataException.class)
                .hasMessageContaining(p.toString()).hasMessageContaining("magic number was 1234, expected 2051");
    }

    @Test
    void labelFileGivenAsImagesIsRecognised() throws IOException {
        Path p = IdxFixtures.write(dir, "lbls", IdxFixtures.labels(5));
        assertThatThrownBy(() -> IdxReader.readImages(p)).hasMessageContaining("looks like a label file");
    }

    @Test
    void truncatedRawFileIsRejectedWithSizes() throws IOException {
        byte[] full = IdxFixtures.images(2);
        Path p = IdxFixtures.write(dir, "imgs", Arrays.copyOf(full, full.length - 10));
        assertThatThrownBy(() -> IdxReader.readImages(p)).isInstanceOf(DataException.class)
                .hasMessageContaining("expected " + full.length).hasMessageContaining("truncated");
    }

    @Test
    void truncatedGzipPayloadIsRejected() throws IOException {
        byte[] full = IdxFixtures.images(2);
        Path p = IdxFixtures.write(dir, "imgs.gz", IdxFixtures.gzip(Arrays.copyOf(full, full.length - 100)));
        assertThatThrownBy(() -> IdxReader.readImages(p)).isInstanceOf(DataException.class).hasMessageContaining("truncated");
    }

    @Test
    void trailingDataIsRejected() throws IOException {
        Path p = IdxFixtures.write(dir, "imgs", IdxFixtures.images(IdxReader.IMAGE_MAGIC, 1, 28, 28, 800));
        assertThatThrownBy(() -> IdxReader.readImages(p)).hasMessageContaining("trailing data");
    }

    @Test
    void headerClaimingBillionsIsRejectedBeforeAllocation() throws IOException {
        Path p = IdxFixtures.write(dir, "imgs", IdxFixtures.images(IdxReader.IMAGE_MAGIC, 2_000_000_000, 28, 28, 784));
        assertThatThrownBy(() -> IdxReader.readImages(p)).isInstanceOf(DataException.class)
                .hasMessageContaining("header claims 2000000000 images, expected at most 1000000");
        Path q = IdxFixtures.write(dir, "neg", IdxFixtures.images(IdxReader.IMAGE_MAGIC, -1, 28, 28, 784));
        assertThatThrownBy(() -> IdxReader.readImages(q)).hasMessageContaining("header claims 4294967295 images");
    }

    @Test
    void wrongImageSizeIsRejected() throws IOException {
        Path p = IdxFixtures.write(dir, "imgs", IdxFixtures.images(IdxReader.IMAGE_MAGIC, 1, 32, 32, 1024));
        assertThatThrownBy(() -> IdxReader.readImages(p)).hasMessageContaining("images are 32x32, expected 28x28");
    }

    @Test
    void labelOutOfRangeIsRejected() throws IOException {
        Path p = IdxFixtures.write(dir, "lbls", IdxFixtures.labels(IdxReader.LABEL_MAGIC, 3, (byte) 1, (byte) 12, (byte) 3));
        assertThatThrownBy(() -> IdxReader.readLabels(p)).hasMessageContaining("label 1 is 12, expected a digit class 0-9");
    }

    @Test
    void corruptGzipIsRejected() throws IOException {
        byte[] gz = IdxFixtures.gzip(IdxFixtures.images(3));
        for (int i = 20; i < gz.length - 8; i += 7) gz[i] ^= 0x5a;
        Path p = IdxFixtures.write(dir, "imgs.gz", gz);
        assertThatThrownBy(() -> IdxReader.readImages(p)).isInstanceOf(DataException.class).hasMessageContaining(p.toString());
    }

    @Test
    void emptyAndMissingFilesAreRejected() throws IOException {
        Path empty = IdxFixtures.write(dir, "empty", new byte[0]);
        assertThatThrownBy(() -> IdxReader.readImages(empty)).hasMessageContaining("ends inside the header");
        assertThatThrownBy(() -> IdxReader.readLabels(dir.resolve("nope"))).hasMessageContaining("no such file");
    }

    @Test
    void imageAndLabelCountsMustAgree() throws IOException {
        IdxFixtures.mnistDir(dir, 5, 3);
        IdxFixtures.write(dir, "train-labels-idx1-ubyte", IdxFixtures.labels(4));
        DataConfig cfg = new DataConfig(null, dir.toString(), null, null, null);
        assertThatThrownBy(() -> DataSplit.load(cfg, null)).isInstanceOf(DataException.class)
                .hasMessageContaining("has 5 images but").hasMessageContaining("has 4 labels");
    }

    @Test
    void splitsValidationFromTheEndAndAppliesLimits() throws IOException {
        IdxFixtures.mnistDir(dir, 20, 8);
        DataSplit split = DataSplit.load(new DataConfig(null, dir.toString(), 15, 6, 5), null);
        assertThat(split.train().size()).isEqualTo(10);
        assertThat(split.validation().size()).isEqualTo(5);
        assertThat(split.test().size()).isEqualTo(6);
        assertThat(split.validation().label(0)).isEqualTo(0); // example 10 of the file has label 10 % 10
        assertThat(split.train().label(9)).isEqualTo(9);
    }

    @Test
    void findsAlternativeFileNamesAndGzip() throws IOException {
        IdxFixtures.write(dir, "train-images.idx3-ubyte.gz", IdxFixtures.gzip(IdxFixtures.images(2)));
        IdxFixtures.write(dir, "train-labels.idx1-ubyte", IdxFixtures.labels(2));
        IdxFixtures.write(dir, "t10k-images-idx3-ubyte.gz", IdxFixtures.gzip(IdxFixtures.images(1)));
        IdxFixtures.write(dir, "t10k-labels-idx1-ubyte.gz", IdxFixtures.gzip(IdxFixtures.labels(1)));
        DataSplit split = DataSplit.load(new DataConfig(null, dir.toString(), null, null, null), null);
        assertThat(split.train().size()).isEqualTo(2);
        assertThat(split.test().size()).isEqualTo(1);
    }

    @Test
    void missingDirectoryAndMissingFileAreNamed() throws IOException {
        assertThatThrownBy(() -> MnistFiles.locate(dir.resolve("absent")))
                .hasMessageContaining("no such directory").hasMessageContaining("fetch-mnist");
        Files.createDirectories(dir.resolve("part"));
        IdxFixtures.write(dir.resolve("part"), "train-images-idx3-ubyte", IdxFixtures.images(1));
        assertThatThrownBy(() -> MnistFiles.locate(dir.resolve("part")))
                .hasMessageContaining("missing train-labels file");
    }
}
