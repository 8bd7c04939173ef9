package bplab.report;

import bplab.config.ConfigLoader;
import bplab.data.DataException;
import bplab.train.MetricsFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;

/**
 * Builds the report of a run directory or an experiment directory: the charts as PNG files
 * under {@code charts/}, {@code summary.md}, {@code summary.csv} and one self-contained
 * {@code report.html} with every chart embedded as a base64 PNG. An experiment directory is
 * recognised by its {@code experiment.json}; its cells are grouped by their varied values
 * other than {@code seed}, and each group is aggregated over its seeds. Cells whose varied
 * values differ only in {@code engine} are compared as DL4J / hand-written pairs
 * ({@link EngineAgreement}): a table, {@code engine-agreement.csv} and {@code charts/engine-gap.png}.
 */
public final class Report {
    public static final String HTML = "report.html";
    public static final String CHART_DIR = "charts";
    static final String MANIFEST = "experiment.json";

    private final ConfigLoader loader;

    public Report(ConfigLoader loader) {
        this.loader = loader;
    }

    /**
     * What a report wrote, and the cells it could not read metrics for.
     *
     * @param agreementCsv engine-agreement.csv, or null when no DL4J cell has a hand-written partner
     */
    public record Files(Path html, Path markdown, Path csv, Path agreementCsv, List<Path> charts, int runs, List<String> skipped) {}

    public Files generate(Path dir) throws IOException {
        Loaded loaded = load(dir);
        if (loaded.groups().isEmpty()) {
            throw new DataException(dir + ": no cell has metrics yet (iterations.csv and epochs.csv); expected at least one run that started training");
        }
        List<EngineAgreement.Result> agreement = EngineAgreement.of(loaded.groups());
        Summary summary = new Summary(loaded.title(), loaded.groups(), agreement);
        Path md = dir.resolve(Summary.MARKDOWN);
        Path csv = dir.resolve(Summary.CSV);
        summary.writeMarkdown(md);
        summary.writeCsv(csv);
        Path agreementCsv = dir.resolve(Summary.AGREEMENT_CSV);
        Path chartDir = java.nio.file.Files.createDirectories(dir.resolve(CHART_DIR));
        List<Charts.Chart> charts = new ArrayList<>(Charts.build(loaded.groups()));
        if (agreement.isEmpty()) {
            // no pairs (any more): leave no file from an earlier report that this one does not describe
            java.nio.file.Files.deleteIfExists(agreementCsv);
            java.nio.file.Files.deleteIfExists(chartDir.resolve(Charts.GAP_FILE));
            agreementCsv = null;
        } else {
            summary.writeAgreementCsv(agreementCsv);
            charts.add(Charts.engineGap(agreement));
        }
        List<HtmlReport.Figure> figures = new ArrayList<>();
        List<Path> pngs = new ArrayList<>();
        for (Charts.Chart c : charts) {
            byte[] png = BitmapEncoder.getBitmapBytes(c.chart(), BitmapEncoder.BitmapFormat.PNG);
            Path file = chartDir.resolve(c.fileName());
            java.nio.file.Files.write(file, png);
            pngs.add(file);
            figures.add(new HtmlReport.Figure(CHART_DIR + "/" + c.fileName(), c.title(), c.caption(), png));
        }
        int runs = loaded.groups().stream().mapToInt(g -> g.runs().size()).sum();
        Path html = dir.resolve(HTML);
        HtmlReport.write(html, loaded.title(), dir, summary.tables(), figures, loaded.skipped());
        return new Files(html, md, csv, agreementCsv, pngs, runs, loaded.skipped());
    }

    private record Loaded(String title, List<RunGroup> groups, List<String> skipped) {}

    /** The runs of a run or experiment directory as the report groups them. */
    List<RunGroup> groups(Path dir) throws IOException {
        return load(dir).groups();
    }

    private Loaded load(Path dir) throws IOException {
        if (!java.nio.file.Files.isDirectory(dir)) {
            throw new DataException(dir + ": no such directory; expected a run directory or an experiment directory");
        }
        Path manifest = dir.resolve(MANIFEST);
        if (java.nio.file.Files.isRegularFile(manifest)) return loadExperiment(dir, manifest);
        if (java.nio.file.Files.isRegularFile(dir.resolve(MetricsFiles.ITERATIONS))) {
            String label = dir.toAbsolutePath().normalize().getFileName().toString();
            RunData run = RunData.load(dir, label, Map.of(), loader);
            return new Loaded("Run " + label, List.of(new RunGroup(label, List.of(run))), List.of());
        }
        throw new DataException(dir + ": neither a run directory (" + MetricsFiles.ITERATIONS + ", " + MetricsFiles.EPOCHS
                + ") nor an experiment directory (" + MANIFEST + "); expected the directory train or experiment wrote");
    }

    private Loaded loadExperiment(Path dir, Path manifest) throws IOException {
        JsonNode m;
        try {
            m = new ObjectMapper().readTree(manifest.toFile());
        } catch (IOException e) {
            throw new DataException(manifest + ": not valid JSON (" + e.getMessage() + ")", e);
        }
        if (!m.path("cells").isArray()) throw new DataException(manifest + ": no cells list; expected the file experiment writes");
        Map<String, List<RunData>> groups = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        for (JsonNode c : m.path("cells")) {
            String label = c.path("label").asText();
            Path cellDir = dir.resolve(c.path("dir").asText());
            if (c.path("dir").asText().isEmpty() || c.path("dir").asText().contains("..")
                    || !java.nio.file.Files.isRegularFile(cellDir.resolve(MetricsFiles.ITERATIONS))
                    || !java.nio.file.Files.isRegularFile(cellDir.resolve(MetricsFiles.EPOCHS))) {
                skipped.add(label + " (" + c.path("status").asText("pending") + ")");
                continue;
            }
            Map<String, String> values = new LinkedHashMap<>();
            c.path("values").fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
            RunData run = RunData.load(cellDir, label, values, loader);
            groups.computeIfAbsent(groupLabel(values, m.path("name").asText("experiment")), k -> new ArrayList<>()).add(run);
        }
        List<RunGroup> list = new ArrayList<>();
        groups.forEach((label, runs) -> list.add(new RunGroup(label, runs)));
        return new Loaded("Experiment " + m.path("name").asText(dir.getFileName().toString()), list, skipped);
    }

    /** The varied values other than the seed; cells that differ only in seed share it. */
    static String groupLabel(Map<String, String> values, String fallback) {
        List<String> parts = new ArrayList<>();
        values.forEach((k, v) -> {
            if (!k.equals("seed")) parts.add(k + "=" + v);
        });
        return parts.isEmpty() ? fallback : String.join(",", parts);
    }
}
