package bplab.experiment;

import bplab.config.ConfigException;
import bplab.config.ConfigLoader;
import bplab.config.RunConfig;
import bplab.train.RunDirectory;
import bplab.train.TrainingRun;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The files of an experiment directory: {@code experiment.yaml} (the experiment file as
 * given), {@code experiment.json} (the cells, their settings and status), one run directory per
 * cell with a {@code cell.json} status record, and what a cell directory already holds on a rerun.
 */
public final class ExperimentDirectory {
    public static final String MANIFEST = "experiment.json";
    public static final String SOURCE_COPY = "experiment.yaml";
    public static final String CELL_RECORD = "cell.json";
    /** The files a run writes; an incomplete cell directory holding only these may be cleared. */
    static final Set<String> RUN_FILES = Set.of(TrainingRun.CONFIG_FILE, TrainingRun.PROVENANCE_FILE, TrainingRun.SUMMARY_FILE,
            TrainingRun.CONFUSION_FILE, TrainingRun.LOG_FILE, "iterations.csv", "epochs.csv", "model.zip", "model.zip.tmp", CELL_RECORD,
            "report.html", "summary.md", "summary.csv", "charts");
    /** What a run watched with --ui also writes (bplab.ui.StatsRecorder.FILE; this package does not depend on the UI). */
    static final String UI_STATS_FILE = "ui-stats.bin";
    private static final List<String> SUMMARY_FIELDS = List.of("final_test_accuracy", "best_test_accuracy", "iterations", "wall_seconds");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ExperimentDirectory() {}

    /** What a cell's directory holds now. */
    public record Existing(CellStatus status, double finalTestAccuracy, double bestTestAccuracy, double wallSeconds, String message) {
        static Existing pending() {
            return new Existing(CellStatus.PENDING, Double.NaN, Double.NaN, Double.NaN, "");
        }
    }

    /**
     * DONE if the cell has a complete summary.json, DIVERGED if an earlier invocation recorded
     * a divergence, else PENDING. A finished cell whose config.yaml differs from the cell's
     * config is an error: the directory belongs to another experiment.
     */
    public static Existing inspect(Path cellDir, Cell cell, ConfigLoader loader) {
        if (!Files.isDirectory(cellDir)) return Existing.pending();
        JsonNode summary = readJson(cellDir.resolve(TrainingRun.SUMMARY_FILE));
        boolean complete = summary != null && SUMMARY_FIELDS.stream().allMatch(f -> summary.path(f).isNumber());
        JsonNode record = readJson(cellDir.resolve(CELL_RECORD));
        boolean diverged = record != null && CellStatus.DIVERGED.text().equals(record.path("status").asText());
        if (!complete && !diverged) return Existing.pending();
        Path cfgFile = cellDir.resolve(TrainingRun.CONFIG_FILE);
        RunConfig previous;
        try {
            previous = loader.load(cfgFile, List.of());
        } catch (ConfigException e) {
            throw new ConfigException(cellDir + ": holds a finished run whose config.yaml does not load (" + e.getMessage()
                    + "); expected the config of cell " + cell.label() + ". Delete the directory or choose another --out");
        }
        if (!previous.equals(cell.config())) {
            throw new ConfigException(cellDir + ": holds a finished run of a different config; expected the config of cell "
                    + cell.label() + " as the experiment file now gives it. Delete that directory or choose another --out");
        }
        if (complete) {
            return new Existing(CellStatus.DONE, summary.path("final_test_accuracy").asDouble(), summary.path("best_test_accuracy").asDouble(),
                    summary.path("wall_seconds").asDouble(), "");
        }
        return new Existing(CellStatus.DIVERGED, Double.NaN, Double.NaN, Double.NaN, record.path("message").asText(""));
    }

    /** True when an interrupted cell can continue: it has a checkpoint and was started with this cell's config. */
    static boolean resumable(Path cellDir, Cell cell) {
        if (!bplab.train.Checkpoint.exists(cellDir) || Files.exists(cellDir.resolve(TrainingRun.SUMMARY_FILE))) return false;
        try {
            return TrainingRun.readConfig(cellDir).equals(cell.config());
        } catch (ConfigException e) {
            return false;
        }
    }

    /** Empties an incomplete cell directory so the cell can run again; refuses if it holds anything but run files. */
    static void clearIncomplete(Path cellDir) throws IOException {
        if (!Files.isDirectory(cellDir)) return;
        List<Path> files;
        try (Stream<Path> s = Files.list(cellDir)) {
            files = s.toList();
        }
        for (Path f : files) {
            String name = f.getFileName().toString();
            boolean checkpointFile = name.startsWith("checkpoint") && (name.endsWith(".json") || name.endsWith(".state")
                    || name.endsWith(".tmp"));
            // a watched run's UI statistics, and after a crash their write-ahead log (ui-stats.bin.wal.N)
            boolean uiStatsFile = name.startsWith(UI_STATS_FILE);
            if (!(RUN_FILES.contains(name) || checkpointFile || uiStatsFile) || (Files.isDirectory(f) != name.equals("charts"))) {
                throw new RunDirectory.RunDirectoryException(cellDir + ": holds an incomplete run and also " + f.getFileName()
                        + ", which a run does not write; expected only run files. Move it away or choose another --out");
            }
        }
        for (Path f : files) deleteTree(f);
    }

    private static void deleteTree(Path p) throws IOException {
        if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> s = Files.list(p)) {
                for (Path c : s.toList()) deleteTree(c);
            }
        }
        Files.delete(p);
    }

    static void writeCellRecord(Path cellDir, Path experiment, Cell cell, CellStatus status, String message) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("experiment", experiment.toString());
        m.put("label", cell.label());
        m.put("status", status.text());
        m.put("message", message);
        m.put("values", cell.values());
        m.put("settings", cell.settings());
        writeJson(cellDir.resolve(CELL_RECORD), m);
    }

    static void copySource(ExperimentSpec spec, Path dir) throws IOException {
        Path target = dir.resolve(SOURCE_COPY);
        if (Files.exists(target) && Files.isSameFile(spec.source(), target)) return;
        Files.copy(spec.source(), target, StandardCopyOption.REPLACE_EXISTING);
    }

    /** experiment.json: the grid and every cell's status, rewritten as cells finish. */
    static synchronized void writeManifest(Path dir, ExperimentSpec spec, List<Cell> cells, Map<Integer, CellStatus> status,
                                           Map<Integer, String> messages) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", spec.name());
        m.put("source", spec.source().toString());
        m.put("base", spec.base().toString());
        List<String> keys = new ArrayList<>();
        spec.vary().forEach(a -> keys.add(a.key()));
        m.put("varied_keys", keys);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Cell c : cells) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("label", c.label());
            e.put("dir", c.dirName());
            e.put("values", c.values());
            e.put("settings", c.settings());
            e.put("status", status.getOrDefault(c.index(), CellStatus.PENDING).text());
            e.put("message", messages.getOrDefault(c.index(), ""));
            list.add(e);
        }
        m.put("cells", list);
        Path tmp = dir.resolve(MANIFEST + ".tmp");
        writeJson(tmp, m);
        Files.move(tmp, dir.resolve(MANIFEST), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void writeJson(Path file, Object value) throws IOException {
        Files.writeString(file, JSON.writeValueAsString(value) + "\n", StandardCharsets.UTF_8);
    }

    private static JsonNode readJson(Path file) {
        if (!Files.isRegularFile(file)) return null;
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            return null;
        }
    }
}
