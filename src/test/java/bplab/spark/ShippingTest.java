package bplab.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import bplab.config.DatasetKind;
import bplab.data.DataException;
import bplab.data.DataIdentity;
import bplab.data.DataSplit;
import bplab.data.Dataset;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What travels between driver and task: data with its checksum, run directories as zip bytes. */
class ShippingTest {
    @TempDir
    Path tmp;

    private static DataSplit split() {
        byte[] pixels = new byte[3 * Dataset.FEATURES];
        for (int i = 0; i < pixels.length; i++) pixels[i] = (byte) (i * 31);
        Dataset train = new Dataset("train", pixels, new byte[] {1, 2, 3}, 3);
        Dataset test = new Dataset("test", pixels.clone(), new byte[] {4, 5, 6}, 3);
        return new DataSplit(train, null, test, new DataIdentity(DatasetKind.MNIST, Map.of("train-labels-idx1-ubyte", "abc")));
    }

    private static ShippedData roundTrip(ShippedData d) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(d);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (ShippedData) in.readObject();
        }
    }

    @Test
    void shippedDataArrivesAsSentAndIsRefusedWhenItDiffers() throws Exception {
        ShippedData sent = ShippedData.of(split());
        DataSplit back = roundTrip(sent).open(sent.md5());
        assertThat(back.train().pixels()).isEqualTo(split().train().pixels());
        assertThat(back.test().labels()).isEqualTo(new byte[] {4, 5, 6});
        assertThat(back.validation()).isNull();
        assertThat(back.identity()).isEqualTo(split().identity());

        DataSplit other = split();
        other.train().pixels()[100]++;
        ShippedData changed = ShippedData.of(other);
        assertThat(changed.md5()).isNotEqualTo(sent.md5());
        assertThatThrownBy(() -> roundTrip(changed).open(sent.md5())).isInstanceOf(DataException.class)
                .hasMessageContaining("arrived with MD5 " + changed.md5()).hasMessageContaining("expected " + sent.md5());
    }

    @Test
    void aRunDirectoryRoundTripsThroughZipBytes() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("cell"));
        Files.writeString(dir.resolve("iterations.csv"), "iteration,loss\n0,1.5\n");
        Files.write(dir.resolve("model.zip"), new byte[] {0, 1, 2, (byte) 255});
        Files.createDirectories(dir.resolve("charts"));
        Files.writeString(dir.resolve("charts/a.png"), "png");
        Path back = tmp.resolve("back");
        DirectoryZip.unzip(DirectoryZip.zip(dir), back);
        assertThat(Files.readString(back.resolve("iterations.csv"))).isEqualTo("iteration,loss\n0,1.5\n");
        assertThat(Files.readAllBytes(back.resolve("model.zip"))).isEqualTo(new byte[] {0, 1, 2, (byte) 255});
        assertThat(Files.readString(back.resolve("charts/a.png"))).isEqualTo("png");
    }

    @Test
    void aZipEntryPointingOutsideTheTargetIsRefused() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            out.putNextEntry(new ZipEntry("../escaped.txt"));
            out.write("x".getBytes());
            out.closeEntry();
        }
        assertThatThrownBy(() -> DirectoryZip.unzip(bytes.toByteArray(), tmp.resolve("target")))
                .isInstanceOf(IOException.class).hasMessageContaining("points outside");
        assertThat(tmp.resolve("escaped.txt")).doesNotExist();
    }
}
