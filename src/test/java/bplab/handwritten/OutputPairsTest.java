package bplab.handwritten;

import static org.assertj.core.api.Assertions.assertThat;

import bplab.backprop.Activation;
import bplab.backprop.DeltaMode;
import bplab.backprop.Loss;
import bplab.backprop.OutputPair;
import bplab.config.ConfigLoader;
import bplab.config.DeltaRule;
import bplab.config.OutputConfig;
import bplab.config.RunConfig;
import bplab.data.Dataset;
import bplab.data.Minibatch;
import bplab.train.StepResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link OutputPair} owns the output pairs: which (activation, loss) pairs are valid and each
 * one's delta. The configurable names ({@link OutputConfig}), the table in docs/backprop.md and
 * the README's table of {@code model.output} must agree with it.
 */
class OutputPairsTest {

    @ParameterizedTest
    @EnumSource(OutputConfig.class)
    void everyConfigurableOutputIsAValidPairThatTheHandWrittenEngineTrains(OutputConfig output) {
        assertThat(OutputPair.rejection(output.activation().function(), output.loss().function())).isNull();
        for (DeltaRule rule : DeltaRule.values()) {
            RunConfig cfg = new ConfigLoader().parse("test", "name: pairs\nengine: handwritten\nmodel:\n  output: "
                    + output.yamlName() + "\n  dtype: double\n  hidden: [{units: 3}]\nhandwritten:\n  delta_rule: "
                    + rule.name().toLowerCase(Locale.ROOT) + "\n");
            DeltaMode mode = HandwrittenEngine.deltaMode(rule);
            OutputPair pair = HandwrittenEngine.outputPair(output, mode);
            assertThat(pair.activation()).isEqualTo(output.activation().function());
            assertThat(pair.loss()).isEqualTo(output.loss().function());
            assertThat(pair.mode()).isEqualTo(mode);
            try (HandwrittenEngine engine = new HandwrittenEngine(cfg, mode, 1)) {
                Dataset data = smallData();
                StepResult step = engine.step(new Minibatch(4).fill(data, new int[] {0, 1, 2, 3}, 0, 4), false);
                assertThat(step.loss()).as("%s, delta rule %s", output, rule).isFinite().isPositive();
                assertThat(engine.firstNonFiniteParameter()).isNull();
            }
        }
    }

    @Test
    void theTableInDocsBackpropMatchesOutputPair() throws IOException {
        List<List<String>> table = table(Path.of("docs/backprop.md"), "| output activation |");
        List<String> header = table.get(0);
        assertThat(header.subList(1, header.size())).containsExactlyElementsOf(
                Arrays.stream(Loss.values()).map(Enum::name).toList());
        List<String> rows = new ArrayList<>();
        for (List<String> row : table.subList(1, table.size())) {
            Activation f = Activation.valueOf(row.get(0));
            rows.add(f.name());
            for (int c = 1; c < header.size(); c++) {
                Loss loss = Loss.valueOf(header.get(c));
                String cell = row.get(c);
                String why = OutputPair.rejection(f, loss);
                if (cell.startsWith("rejected")) {
                    assertThat(why).as("%s + %s is marked rejected in the docs", f, loss).isNotNull();
                    continue;
                }
                assertThat(why).as("%s + %s is rejected in the code", f, loss).isNull();
                OutputPair pair = OutputPair.of(f, loss);
                assertThat(cell.replace("`", "").replace("**", "")).as("%s + %s", f, loss).isEqualTo(pair.deltaFormula());
                assertThat(cell.startsWith("**")).as("%s + %s: bold marks a closed form", f, loss).isEqualTo(pair.hasShortcut());
            }
        }
        assertThat(rows).containsExactlyInAnyOrderElementsOf(Arrays.stream(Activation.values()).map(Enum::name).toList());
    }

    @Test
    void theReadmesOutputTableListsExactlyTheConfigurableOutputs() throws IOException {
        List<List<String>> table = table(Path.of("README.md"), "| name | output activation | DL4J loss |");
        Map<String, List<String>> readme = new LinkedHashMap<>();
        for (List<String> row : table.subList(1, table.size())) {
            readme.put(row.get(0).replace("`", ""), List.of(row.get(1), row.get(2).replace("`", "")));
        }
        Map<String, List<String>> code = new LinkedHashMap<>();
        for (OutputConfig o : OutputConfig.values()) code.put(o.yamlName(), List.of(o.activation().yamlName(), o.loss().name()));
        assertThat(readme).containsExactlyEntriesOf(code);
    }

    /** The markdown table whose header line starts with {@code headerStart}: its rows of trimmed cells, the separator dropped. */
    private static List<List<String>> table(Path file, String headerStart) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(headerStart)) {
                assertThat(start).as("one table in %s starts with %s", file, headerStart).isEqualTo(-1);
                start = i;
            }
        }
        assertThat(start).as("a table in %s starts with %s", file, headerStart).isNotNegative();
        List<List<String>> rows = new ArrayList<>();
        for (int i = start; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            if (i == start + 1) continue; // |---|---|
            rows.add(cells(lines.get(i)));
        }
        assertThat(rows).hasSizeGreaterThan(1);
        return rows;
    }

    /** The cells of one table row; a pipe inside a cell is written \|. */
    private static List<String> cells(String line) {
        String inner = line.substring(1, line.lastIndexOf('|'));
        List<String> cells = new ArrayList<>();
        for (String c : inner.split("(?<!\\\\)\\|", -1)) cells.add(c.trim());
        return cells;
    }

    /** Four random images, one of each of the classes 0..3. */
    private static Dataset smallData() {
        SplittableRandom rng = new SplittableRandom(3);
        byte[] pixels = new byte[4 * Dataset.FEATURES];
        for (int i = 0; i < pixels.length; i++) pixels[i] = (byte) rng.nextInt(256);
        return new Dataset("small", pixels, new byte[] {0, 1, 2, 3}, 4);
    }
}
