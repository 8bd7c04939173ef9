package bplab.robustness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import bplab.config.ConfigException;
import bplab.config.ConfigLoader;
import bplab.data.DataException;
import bplab.data.IdxReader;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random mutations of a valid config and of valid IDX files: every case must either
 * load or fail with the project's own error type (ConfigException / DataException), never with
 * another exception, a hang or an out-of-memory error; a config that loads satisfies
 * {@link ConfigInvariants}. ({@link OverrideAndExperimentFuzzTest} does the same for --set and
 * experiment files.)
 */
class LoaderFuzzTest {
    private static final long SEED = 20261129L;
    /** A guard against a parse that never ends (e.g. an alias bomb), not a speed check: generous so a loaded machine cannot trip it. */
    private static final Duration HANG = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void mutatedYamlLoadsOrFailsWithConfigException() throws IOException {
        String base = Files.readString(Path.of("config/ce-softmax.yaml"));
        ConfigLoader loader = new ConfigLoader();
        SplittableRandom rng = new SplittableRandom(SEED);
        int loaded = 0;
        int rejected = 0;
        for (int i = 0; i < 3000; i++) {
            String text = Mutations.mutate(base, rng);
            String label = "case " + i + ":\n" + text;
            Object outcome = assertTimeoutPreemptively(HANG, () -> {
                try {
                    return loader.parse("fuzz.yaml", text);
                } catch (ConfigException e) {
                    return e;
                } catch (RuntimeException | Error e) {
                    throw new AssertionError("unexpected " + e + " for " + label, e);
                }
            });
            if (outcome instanceof ConfigException e) {
                rejected++;
                assertThat(e.getMessage()).as(label).startsWith("fuzz.yaml");
            } else {
                loaded++;
                ConfigInvariants.check((bplab.config.RunConfig) outcome, loader, label);
            }
        }
        // The mutations must exercise both outcomes, or the test proves little.
        assertThat(rejected).isGreaterThan(1000);
        assertThat(loaded).isGreaterThan(50);
    }

    @Test
    void mutatedIdxFilesLoadOrFailWithDataException() throws IOException {
        byte[] images = images(20);
        byte[] labels = labels(20);
        SplittableRandom rng = new SplittableRandom(SEED + 1);
        int rejected = 0;
        for (int i = 0; i < 2000; i++) {
            boolean imageFile = rng.nextBoolean();
            byte[] bytes = mutate(imageFile ? images : labels, rng);
            if (rng.nextInt(4) == 0) bytes = gzip(bytes);
            if (rng.nextInt(10) == 0 && bytes.length > 20) bytes[10 + rng.nextInt(bytes.length - 20)] ^= (byte) (1 + rng.nextInt(255));
            Path file = Files.write(dir.resolve("f" + i), bytes);
            String label = "case " + i + " (" + (imageFile ? "images" : "labels") + ", " + bytes.length + " bytes)";
            boolean failed = assertTimeoutPreemptively(HANG, () -> {
                try {
                    if (imageFile) IdxReader.readImages(file);
                    else IdxReader.readLabels(file);
                    return false;
                } catch (DataException e) {
                    assertThat(e.getMessage()).as(label).contains(file.toString());
                    return true;
                } catch (RuntimeException | Error e) {
                    throw new AssertionError("unexpected " + e + " for " + label, e);
                }
            });
            if (failed) rejected++;
            Files.delete(file);
        }
        assertThat(rejected).isGreaterThan(1000);
    }

    private static byte[] mutate(byte[] base, SplittableRandom rng) {
        byte[] b = base.clone();
        switch (rng.nextInt(5)) {
            case 0 -> b[rng.nextInt(16)] = (byte) rng.nextInt(256);                          // header byte
            case 1 -> b = java.util.Arrays.copyOf(b, rng.nextInt(b.length));                 // truncate
            case 2 -> b = java.util.Arrays.copyOf(b, b.length + 1 + rng.nextInt(100));       // trailing data
            case 3 -> b[8 + rng.nextInt(b.length - 8)] = (byte) rng.nextInt(256);            // payload (labels may go out of range)
            default -> {
                int field = 4 * rng.nextInt(4);                                             // a whole header int
                int v = rng.nextInt(3) == 0 ? Integer.MAX_VALUE - rng.nextInt(10) : rng.nextInt();
                if (field + 4 <= b.length) {
                    b[field] = (byte) (v >>> 24);
                    b[field + 1] = (byte) (v >>> 16);
                    b[field + 2] = (byte) (v >>> 8);
                    b[field + 3] = (byte) v;
                }
            }
        }
        return b;
    }

    private static byte[] images(int n) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(IdxReader.IMAGE_MAGIC);
        out.writeInt(n);
        out.writeInt(28);
        out.writeInt(28);
        for (int i = 0; i < n * 784; i++) out.writeByte(i * 31);
        return bytes.toByteArray();
    }

    private static byte[] labels(int n) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(IdxReader.LABEL_MAGIC);
        out.writeInt(n);
        for (int i = 0; i < n; i++) out.writeByte(i % 10);
        return bytes.toByteArray();
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(raw);
        }
        return bytes.toByteArray();
    }
}
