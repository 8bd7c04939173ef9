package bplab.train;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Where a run can continue from. The engine's state is written to its own file first; this
 * small record, renamed into place atomically, is the commit point, so the previous
 * checkpoint stays valid until the new one is complete.
 *
 * @param epoch        epoch to continue in (0-based)
 * @param nextBatch    first minibatch of that epoch still to train; equal to the number of
 *                     minibatches when only the epoch's evaluation is left
 * @param iteration    iterations completed
 * @param epochLossSum sum of (minibatch data loss x minibatch size) over the epoch's finished minibatches
 * @param epochPenaltySum the same sum of the minibatches' L2 penalties
 * @param epochSeconds training time already spent in this epoch
 * @param stateFile    the engine state file, relative to the run directory
 */
public record Checkpoint(int epoch, int nextBatch, long iteration, double epochLossSum, double epochPenaltySum,
                         double epochSeconds, String stateFile) {
    public static final String FILE = "checkpoint.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public static boolean exists(Path runDir) {
        return Files.isRegularFile(runDir.resolve(FILE));
    }

    public static Checkpoint read(Path runDir) throws IOException {
        Checkpoint c = JSON.readValue(runDir.resolve(FILE).toFile(), Checkpoint.class);
        if (c.stateFile() == null || c.stateFile().contains("/") || !Files.isRegularFile(runDir.resolve(c.stateFile()))) {
            throw new IOException(runDir.resolve(FILE) + ": engine state file '" + c.stateFile() + "' is missing");
        }
        return c;
    }

    /** Saves the engine state, then commits this record; older state files are removed after. */
    static Checkpoint write(Path runDir, TrainingEngine engine, int epoch, int nextBatch, long iteration,
                            double epochLossSum, double epochPenaltySum, double epochSeconds) throws IOException {
        String stateName = "checkpoint-" + iteration + ".state";
        Path tmpState = runDir.resolve(stateName + ".tmp");
        engine.saveState(tmpState);
        Files.move(tmpState, runDir.resolve(stateName), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Checkpoint c = new Checkpoint(epoch, nextBatch, iteration, epochLossSum, epochPenaltySum, epochSeconds, stateName);
        Path tmp = runDir.resolve(FILE + ".tmp");
        Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(c) + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, runDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        try (var files = Files.list(runDir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith("checkpoint-") && name.endsWith(".state") && !name.equals(stateName)) Files.deleteIfExists(p);
            }
        }
        return c;
    }
}
