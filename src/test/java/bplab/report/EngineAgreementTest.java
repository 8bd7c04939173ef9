package bplab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import bplab.config.ConfigLoader;
import bplab.data.DataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineAgreementTest {
    private static final List<String> GRADIENTS = List.of("grad_norm_0_W", "grad_norm_0_b", "grad_norm_1_W", "grad_norm_1_b");

    @TempDir
    Path tmp;

    /** ce_softmax x both engines x seeds 1 and 2, 3 epochs of 50 iterations: identical pairs until a test edits a file. */
    private Path experiment() throws IOException {
        return RunFixtures.engineExperiment(tmp.resolve("exp"), 50, List.of("ce_softmax"), List.of(1, 2), Set.of());
    }

    private static Path handwritten(Path exp, int seed) {
        return RunFixtures.cell(exp, "ce_softmax", "handwritten", seed);
    }

    private static Path dl4j(Path exp, int seed) {
        return RunFixtures.cell(exp, "ce_softmax", "dl4j", seed);
    }

    private static EngineAgreement.Result pair(List<EngineAgreement.Result> results, String label) {
        return results.stream().filter(r -> r.pair().label().equals(label)).findFirst().orElseThrow(
                () -> new AssertionError("no pair " + label + " among " + results.stream().map(r -> r.pair().label()).toList()));
    }

    private List<EngineAgreement.Result> compare(Path exp) throws IOException {
        return EngineAgreement.of(new Report(new ConfigLoader()).groups(exp));
    }

    /** The row of engine-agreement.csv whose {@code pair} is the given one, by column name. */
    private static Map<String, String> csvRow(Path csv, String pair) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = splitCsv(lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            List<String> cells = splitCsv(line);
            assertThat(cells).as(line).hasSameSizeAs(header);
            if (!cells.get(0).equals(pair)) continue;
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < cells.size(); i++) m.put(header.get(i), cells.get(i));
            return m;
        }
        throw new AssertionError("no row for " + pair + " in " + lines);
    }

    /** RFC 4180 fields: quoted fields may hold commas and doubled quotes. */
    private static List<String> splitCsv(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                cell.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }

    @Test
    void relativeDifferenceIsZeroWhenEqualAndInfiniteForNaNAgainstANumber() {
        assertThat(EngineAgreement.relativeDifference(0, 0)).isZero();
        assertThat(EngineAgreement.relativeDifference(0.3, 0.3)).isZero();
        assertThat(EngineAgreement.relativeDifference(2, 1)).isEqualTo(0.5);
        assertThat(EngineAgreement.relativeDifference(1, 2)).isEqualTo(0.5);
        assertThat(EngineAgreement.relativeDifference(-1, 1)).isEqualTo(2.0);
        assertThat(EngineAgreement.relativeDifference(0, 1e-300)).isEqualTo(1.0);
        assertThat(EngineAgreement.relativeDifference(Double.NaN, 1)).isInfinite();
        assertThat(EngineAgreement.relativeDifference(1, Double.NaN)).isInfinite();
        assertThat(EngineAgreement.relativeDifference(Double.NaN, Double.NaN)).isZero();
        assertThat(EngineAgreement.relativeDifference(Double.POSITIVE_INFINITY, 1)).isInfinite();
        assertThat(EngineAgreement.relativeDifference(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY)).isZero();
    }

    @Test
    void identicalFilesAgreeExactlyAndNeverExceed() throws IOException {
        Path exp = experiment();
        Report.Files files = new Report(new ConfigLoader()).generate(exp);
        List<EngineAgreement.Result> results = compare(exp);
        assertThat(results).extracting(r -> r.pair().label())
                .containsExactly("model.output=ce_softmax,seed=1", "model.output=ce_softmax,seed=2");
        for (EngineAgreement.Result r : results) {
            assertThat(r.pair().first().label()).contains("engine=dl4j");
            assertThat(r.pair().second().label()).contains("engine=handwritten");
            assertThat(r.pair().between()).isEqualTo("dl4j vs handwritten");
            assertThat(r.iterations()).isEqualTo(150);
            assertThat(r.quantities()).extracting(EngineAgreement.Quantity::column)
                    .containsExactly("loss", "grad_norm_0_W", "grad_norm_0_b", "grad_norm_1_W", "grad_norm_1_b");
            for (EngineAgreement.Quantity q : r.quantities()) {
                assertThat(q.maxRelDiff()).as(q.column()).isZero();
                assertThat(q.firstAbove()).as(q.column()).isNaN();
                assertThat(q.compared()).as(q.column()).isEqualTo(150);
            }
            assertThat(r.firstAbove()).isNaN();
            assertThat(r.firstAboveColumns()).isEmpty();
            assertThat(r.lossRelDiff()).containsOnly(0.0);
        }

        String md = Files.readString(files.markdown());
        assertThat(md).contains("## Agreement of paired cells")
                .contains("| pair (shared varied values) | compared | iterations compared | max rel diff loss | max rel diff grad_norm_0_W "
                        + "| max rel diff grad_norm_0_b | max rel diff grad_norm_1_W | max rel diff grad_norm_1_b | first > 1e-6 |")
                .contains("| model.output=ce_softmax,seed=1 | dl4j vs handwritten | 150 | 0 | 0 | 0 | 0 | 0 | never |")
                .contains("| model.output=ce_softmax,seed=2 | dl4j vs handwritten | 150 | 0 | 0 | 0 | 0 | 0 | never |");
        assertThat(files.agreementCsv()).isEqualTo(exp.resolve("engine-agreement.csv"));
        Map<String, String> row = csvRow(files.agreementCsv(), "model.output=ce_softmax,seed=2");
        assertThat(row).containsEntry("output", "ce_softmax").containsEntry("seed", "2")
                .containsEntry("compared", "dl4j vs handwritten")
                .containsEntry("first_cell", "model.output=ce_softmax,engine=dl4j,seed=2")
                .containsEntry("second_cell", "model.output=ce_softmax,engine=handwritten,seed=2")
                .containsEntry("iterations_compared", "150").containsEntry("first_iteration_over_1e-6", "")
                .containsEntry("first_over_1e-6_columns", "").containsEntry("max_rel_diff_loss", "0.0")
                .containsEntry("max_rel_diff_loss_iteration", "").containsEntry("first_iteration_over_1e-6_loss", "")
                .containsEntry("compared_grad_norm_1_b", "150");
    }

    @Test
    void aLossThatDepartsAtIterationKIsFirstSeenAtKWithTheLargestGapLast() throws IOException {
        Path exp = experiment();
        int k = 97;
        // Before k equal except a 1e-9 wobble at iteration 40 (below the threshold); from k on the
        // hand-written loss is larger by a factor 1 + 2e-6 (i - k + 1), so at k the gap is about 2e-6.
        RunFixtures.editIterations(handwritten(exp, 1), "loss", (i, v) -> {
            double loss = Double.parseDouble(v);
            if (i == 40) return Double.toString(loss * (1 + 1e-9));
            return i >= k ? Double.toString(loss * (1 + 2e-6 * (i - k + 1))) : v;
        });
        Report.Files files = new Report(new ConfigLoader()).generate(exp);
        EngineAgreement.Result r = pair(compare(exp), "model.output=ce_softmax,seed=1");
        EngineAgreement.Quantity loss = r.quantity("loss");
        double eps = 2e-6 * (149 - k + 1);
        assertThat(loss.maxRelDiff()).isCloseTo(eps / (1 + eps), within(1e-15));
        assertThat(loss.maxIteration()).isEqualTo(149);
        assertThat(loss.firstAbove()).isEqualTo(k);
        assertThat(r.lossRelDiff()[40]).isCloseTo(1e-9, within(1e-15));
        assertThat(r.lossRelDiff()[k - 1]).isZero();
        assertThat(r.lossRelDiff()[k]).isCloseTo(2e-6 / (1 + 2e-6), within(1e-15));
        for (String g : GRADIENTS) assertThat(r.quantity(g).maxRelDiff()).as(g).isZero();
        assertThat(r.firstAbove()).isEqualTo(k);
        assertThat(r.firstAboveColumns()).containsExactly("loss");
        // the other seed is untouched
        assertThat(pair(compare(exp), "model.output=ce_softmax,seed=2").firstAbove()).isNaN();

        String md = Files.readString(files.markdown());
        assertThat(md).contains("| model.output=ce_softmax,seed=1 | dl4j vs handwritten | 150 | 1.06e-04 at 149 | 0 | 0 | 0 | 0 | 97 (loss) |");
        Map<String, String> row = csvRow(files.agreementCsv(), "model.output=ce_softmax,seed=1");
        assertThat(Double.parseDouble(row.get("max_rel_diff_loss"))).isCloseTo(eps / (1 + eps), within(1e-15));
        assertThat(row).containsEntry("max_rel_diff_loss_iteration", "149").containsEntry("first_iteration_over_1e-6_loss", "97")
                .containsEntry("first_iteration_over_1e-6", "97").containsEntry("first_over_1e-6_columns", "loss")
                .containsEntry("max_rel_diff_grad_norm_0_W", "0.0").containsEntry("first_iteration_over_1e-6_grad_norm_0_W", "");
    }

    @Test
    void emptyGradientCellsAreSkippedAndNaNAgainstANumberExceeds() throws IOException {
        Path exp = experiment();
        // not recorded: two rows in the hand-written file, one in the DL4J file (another column)
        RunFixtures.editIterations(handwritten(exp, 1), "grad_norm_0_W", (i, v) -> i == 3 || i == 7 ? "" : v);
        RunFixtures.editIterations(dl4j(exp, 1), "grad_norm_1_W", (i, v) -> i == 10 ? "" : v);
        // a NaN gradient norm against a number at 12, a NaN loss (written as an empty cell) at 20
        RunFixtures.editIterations(handwritten(exp, 1), "grad_norm_1_b", (i, v) -> i == 12 ? "NaN" : v);
        RunFixtures.editIterations(handwritten(exp, 1), "loss", (i, v) -> i == 20 ? "" : v);
        Report.Files files = new Report(new ConfigLoader()).generate(exp);
        EngineAgreement.Result r = pair(compare(exp), "model.output=ce_softmax,seed=1");

        assertThat(r.iterations()).isEqualTo(150);
        EngineAgreement.Quantity w0 = r.quantity("grad_norm_0_W");
        assertThat(w0.compared()).isEqualTo(148);
        assertThat(w0.maxRelDiff()).isZero();
        assertThat(w0.firstAbove()).isNaN();
        assertThat(r.quantity("grad_norm_1_W").compared()).isEqualTo(149);
        assertThat(r.quantity("grad_norm_1_W").maxRelDiff()).isZero();
        EngineAgreement.Quantity b1 = r.quantity("grad_norm_1_b");
        assertThat(b1.compared()).isEqualTo(150);
        assertThat(b1.maxRelDiff()).isInfinite();
        assertThat(b1.maxIteration()).isEqualTo(12);
        assertThat(b1.firstAbove()).isEqualTo(12);
        EngineAgreement.Quantity loss = r.quantity("loss");
        assertThat(loss.compared()).isEqualTo(150);
        assertThat(loss.maxRelDiff()).isInfinite();
        assertThat(loss.maxIteration()).isEqualTo(20);
        assertThat(loss.firstAbove()).isEqualTo(20);
        assertThat(r.firstAbove()).isEqualTo(12);
        assertThat(r.firstAboveColumns()).containsExactly("grad_norm_1_b");

        assertThat(Files.readString(files.markdown()))
                .contains("| model.output=ce_softmax,seed=1 | dl4j vs handwritten | 150 | ∞ at 20 | 0 | 0 | 0 | ∞ at 12 | 12 (grad_norm_1_b) |");
        Map<String, String> row = csvRow(files.agreementCsv(), "model.output=ce_softmax,seed=1");
        assertThat(row).containsEntry("max_rel_diff_grad_norm_1_b", "Infinity").containsEntry("max_rel_diff_loss", "Infinity")
                .containsEntry("compared_grad_norm_0_W", "148").containsEntry("compared_grad_norm_1_W", "149")
                .containsEntry("first_iteration_over_1e-6", "12").containsEntry("first_over_1e-6_columns", "grad_norm_1_b");
    }

    @Test
    void columnsAreFoundByNameAndRowsMatchedOnIteration() throws IOException {
        Path exp = experiment();
        Path hand = handwritten(exp, 1);
        // the hand-written file gains an l2_penalty column after loss and lacks its first 5 and last 10 iterations;
        // the DL4J file lacks iteration 50
        RunFixtures.insertIterationColumn(hand, "loss", "l2_penalty", i -> "0.25");
        RunFixtures.keepIterationRows(hand, i -> i >= 5 && i < 140);
        RunFixtures.keepIterationRows(dl4j(exp, 1), i -> i != 50);
        // a gap in the DL4J loss at iteration 60, found through the shifted columns
        RunFixtures.editIterations(dl4j(exp, 1), "loss", (row, v) -> row == 59 ? Double.toString(2 * Double.parseDouble(v)) : v);
        EngineAgreement.Result r = pair(compare(exp), "model.output=ce_softmax,seed=1");
        assertThat(r.iterations()).isEqualTo(150 - 5 - 10 - 1);
        assertThat(r.iteration()[0]).isEqualTo(5);
        assertThat(r.iteration()[r.iterations() - 1]).isEqualTo(139);
        assertThat(r.iteration()).doesNotContain(50.0);
        assertThat(r.quantity("loss").maxRelDiff()).isEqualTo(0.5);
        assertThat(r.quantity("loss").maxIteration()).isEqualTo(60);
        assertThat(r.quantity("loss").firstAbove()).isEqualTo(60);
        for (String g : GRADIENTS) assertThat(r.quantity(g).maxRelDiff()).as(g).isZero();
    }

    @Test
    void iterationsOutOfOrderAreBadInputNamingTheFile() throws IOException {
        Path exp = experiment();
        RunFixtures.editIterations(handwritten(exp, 2), "iteration", (i, v) -> i == 30 ? "31" : i == 31 ? "30" : v);
        assertThatThrownBy(() -> new Report(new ConfigLoader()).generate(exp)).isInstanceOf(DataException.class)
                .hasMessageContaining(handwritten(exp, 2).resolve("iterations.csv").toString())
                .hasMessageContaining("iteration 30 after 31")
                .hasMessageContaining("expected increasing iteration numbers");
    }

    @Test
    void cellsWithoutAPartnerFormNoPair() throws IOException {
        // two outputs x two engines x seeds 1-3; ce_softmax/handwritten/2 and mse_sigmoid/dl4j/3 never started
        Path exp = RunFixtures.engineExperiment(tmp.resolve("partial"), 20, List.of("mse_sigmoid", "ce_softmax"), List.of(1, 2, 3),
                Set.of("ce_softmax/handwritten/2", "mse_sigmoid/dl4j/3"));
        Report.Files files = new Report(new ConfigLoader()).generate(exp);
        assertThat(files.runs()).isEqualTo(10);
        assertThat(compare(exp)).extracting(r -> r.pair().label()).containsExactly(
                "model.output=mse_sigmoid,seed=1", "model.output=mse_sigmoid,seed=2",
                "model.output=ce_softmax,seed=1", "model.output=ce_softmax,seed=3");
        String md = Files.readString(files.markdown());
        String section = md.substring(md.indexOf("## Agreement of paired cells"), md.indexOf("## Beside published results"));
        assertThat(section.lines().filter(l -> l.startsWith("| model.output="))).hasSize(4);
        assertThat(section).doesNotContain("model.output=ce_softmax,seed=2 |").contains("| model.output=ce_softmax,seed=3 | dl4j vs handwritten | 60 | 0 |")
                .doesNotContain("model.output=mse_sigmoid,seed=3");
        assertThat(Files.readAllLines(files.agreementCsv())).hasSize(1 + 4);
    }

    @Test
    void handWrittenCellsThatDifferOnlyInTheDeltaRulePairWithTheJacobianRule() throws IOException {
        // engine [dl4j, handwritten] x handwritten.delta_rule [shortcut, jacobian, dl4j], one output and seed
        Path exp = tmp.resolve("rules");
        Files.createDirectories(exp);
        List<RunFixtures.CellSpec> cells = new java.util.ArrayList<>();
        for (String engine : List.of("dl4j", "handwritten")) {
            for (String rule : List.of("shortcut", "jacobian", "dl4j")) {
                String d = "engine-" + engine + "__rule-" + rule;
                RunFixtures.run(exp.resolve(d), List.of("seed=1", "engine=" + engine, "handwritten.delta_rule=" + rule,
                        "model.hidden[0].units=30"), new double[] {0.9, 0.95}, 30, 0.5, true);
                Map<String, String> values = new java.util.LinkedHashMap<>();
                values.put("engine", engine);
                values.put("handwritten.delta_rule", rule);
                cells.add(new RunFixtures.CellSpec("engine=" + engine + ",handwritten.delta_rule=" + rule, d, values, "ok"));
            }
        }
        RunFixtures.manifest(exp, "rules", cells);
        // the shortcut cell departs from the jacobian cell from iteration 40 on
        RunFixtures.editIterations(exp.resolve("engine-handwritten__rule-shortcut"), "loss",
                (row, cell) -> row >= 40 ? String.valueOf(Double.parseDouble(cell) * 1.001) : cell);

        List<EngineAgreement.Result> results = compare(exp);
        assertThat(results).extracting(r -> r.pair().between() + ": " + r.pair().label()).containsExactly(
                "dl4j vs handwritten: handwritten.delta_rule=shortcut",
                "dl4j vs handwritten: handwritten.delta_rule=jacobian",
                "dl4j vs handwritten: handwritten.delta_rule=dl4j",
                "shortcut vs jacobian: engine=handwritten",
                "dl4j vs jacobian: engine=handwritten");
        EngineAgreement.Result shortcut = results.get(3);
        assertThat(shortcut.pair().first().dir()).isEqualTo(exp.resolve("engine-handwritten__rule-shortcut"));
        assertThat(shortcut.pair().second().dir()).isEqualTo(exp.resolve("engine-handwritten__rule-jacobian"));
        assertThat(shortcut.firstAbove()).isEqualTo(40);
        assertThat(shortcut.quantity("loss").maxRelDiff()).isCloseTo(0.001 / 1.001, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(results.get(4).firstAbove()).isNaN();
        assertThat(results.get(4).quantity("loss").maxRelDiff()).isZero();
        // DL4J cells never pair on the rule: DL4J does not read it.
        assertThat(results).noneMatch(r -> r.pair().between().endsWith("jacobian") && r.pair().first().label().contains("engine=dl4j"));
    }

    @Test
    void withoutPairsThereIsNoSectionNoCsvAndNoChart() throws IOException {
        Path exp = RunFixtures.experiment(tmp.resolve("exp"), 20);
        // a stale file from an earlier report is not left behind
        Files.createDirectories(exp.resolve("charts"));
        Files.writeString(exp.resolve("engine-agreement.csv"), "stale\n");
        Files.writeString(exp.resolve("charts/engine-gap.png"), "stale");
        Report.Files files = new Report(new ConfigLoader()).generate(exp);
        assertThat(files.agreementCsv()).isNull();
        assertThat(exp.resolve("engine-agreement.csv")).doesNotExist();
        assertThat(exp.resolve("charts/engine-gap.png")).doesNotExist();
        assertThat(files.charts()).extracting(p -> p.getFileName().toString()).doesNotContain("engine-gap.png");
        assertThat(Files.readString(files.markdown())).doesNotContain("Agreement of paired cells");
        assertThat(Files.readString(files.html())).doesNotContain("Agreement of paired cells").doesNotContain("engine-gap");

        Path run = RunFixtures.run(tmp.resolve("run"), List.of("seed=3", "engine=handwritten"), new double[] {0.9}, 20, 0.5, true);
        Report.Files single = new Report(new ConfigLoader()).generate(run);
        assertThat(single.agreementCsv()).isNull();
        assertThat(single.charts()).hasSize(6);
        assertThat(Files.readString(single.markdown())).doesNotContain("Agreement of paired cells");
    }

    @Test
    void theGapChartDrawsEachPairsLossGapWithZeroAtTheFloorAtMost2000Points() throws IOException {
        // 3 epochs x 1,000 iterations: 3,000 per pair, so the chart is downsampled
        Path exp = RunFixtures.engineExperiment(tmp.resolve("long"), 1000, List.of("ce_softmax"), List.of(1, 2), Set.of());
        RunFixtures.editIterations(handwritten(exp, 2), "loss",
                (i, v) -> i >= 1500 ? Double.toString(Double.parseDouble(v) * (1 + 1e-4)) : v);
        List<EngineAgreement.Result> results = compare(exp);
        Charts.Chart chart = Charts.engineGap(results);
        assertThat(chart.fileName()).isEqualTo("engine-gap.png");
        assertThat(chart.chart().getStyler().isYAxisLogarithmic()).isTrue();
        assertThat(chart.chart().getYAxisTitle()).contains("0 at 1e-17");
        assertThat(chart.caption()).contains("drawn at 1e-17");
        var series = chart.chart().getSeriesMap();
        assertThat(series.keySet()).containsExactlyInAnyOrder("output=ce_softmax, seed=1", "output=ce_softmax, seed=1 raw",
                "output=ce_softmax, seed=2", "output=ce_softmax, seed=2 raw", "threshold 1e-6");
        assertThat(series.get("threshold 1e-6").getYData()).containsOnly(1e-6);
        assertThat(series.get("threshold 1e-6").getXData()).containsExactly(0, 2999);
        double[] x1 = series.get("output=ce_softmax, seed=1 raw").getXData();
        double[] same = series.get("output=ce_softmax, seed=1 raw").getYData();
        assertThat(x1.length).isLessThanOrEqualTo(Series.MAX_POINTS).isGreaterThan(1000);
        assertThat(x1[0]).isZero();
        assertThat(x1[x1.length - 1]).isEqualTo(2999);
        assertThat(same).containsOnly(Charts.GAP_FLOOR);
        double[] x2 = series.get("output=ce_softmax, seed=2 raw").getXData();
        double[] gap = series.get("output=ce_softmax, seed=2 raw").getYData();
        for (int i = 0; i < x2.length; i++) {
            if (x2[i] < 1500) {
                assertThat(gap[i]).as("iteration %s", x2[i]).isEqualTo(Charts.GAP_FLOOR);
            } else {
                assertThat(gap[i]).as("iteration %s", x2[i]).isCloseTo(1e-4 / (1 + 1e-4), within(1e-12));
            }
        }
        // the smoothed line rises from the floor towards the gap after iteration 1500
        double[] smooth = series.get("output=ce_softmax, seed=2").getYData();
        assertThat(smooth[0]).isEqualTo(Charts.GAP_FLOOR);
        assertThat(smooth[smooth.length - 1]).isCloseTo(1e-4, within(1e-6));
        assertThat(results.get(1).iterations()).isEqualTo(3000);
    }
}
