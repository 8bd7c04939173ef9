package bplab.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import bplab.config.ConfigLoader;
import bplab.config.EngineKind;
import bplab.config.OutputConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentPlanTest {
    @TempDir
    Path tmp;

    private List<Cell> expand(String yaml) throws IOException {
        Path file = Files.writeString(tmp.resolve("exp.yaml"), yaml);
        ConfigLoader loader = new ConfigLoader();
        return ExperimentPlan.expand(new ExperimentLoader(loader).load(file), loader);
    }

    @Test
    void gridIsTheProductOfTheVariedValuesWithTheFirstKeyVaryingSlowest() throws IOException {
        List<Cell> cells = expand("""
                name: grid
                base: config/ce-softmax.yaml
                vary:
                  model.output: [mse_sigmoid, ce_softmax]
                  engine: [dl4j, handwritten]
                  seed: [1, 2, 3]
                set: { training.epochs: 4 }
                """);
        assertThat(cells).hasSize(12);
        assertThat(cells.get(0).label()).isEqualTo("model.output=mse_sigmoid,engine=dl4j,seed=1");
        assertThat(cells.get(1).label()).isEqualTo("model.output=mse_sigmoid,engine=dl4j,seed=2");
        assertThat(cells.get(3).label()).isEqualTo("model.output=mse_sigmoid,engine=handwritten,seed=1");
        assertThat(cells.get(11).label()).isEqualTo("model.output=ce_softmax,engine=handwritten,seed=3");
        assertThat(cells.get(0).dirName()).isEqualTo("model.output-mse_sigmoid__engine-dl4j__seed-1");
        assertThat(cells).extracting(Cell::dirName).doesNotHaveDuplicates();
        Cell last = cells.get(11);
        assertThat(last.config().model().output()).isEqualTo(OutputConfig.CE_SOFTMAX);
        assertThat(last.config().engine()).isEqualTo(EngineKind.HANDWRITTEN);
        assertThat(last.config().seed()).isEqualTo(3L);
        assertThat(last.config().training().epochs()).isEqualTo(4);
        assertThat(last.config().name()).isEqualTo("grid");
        assertThat(last.values()).containsExactly(Map.entry("model.output", "ce_softmax"), Map.entry("engine", "handwritten"),
                Map.entry("seed", "3"));
    }

    @Test
    void perValueOverridesApplyOnlyToCellsWithThatValue() throws IOException {
        List<Cell> cells = expand("""
                base: config/ce-softmax.yaml
                vary:
                  model.output: [mse_sigmoid, ce_softmax]
                  seed: [1, 2]
                overrides:
                  mse_sigmoid: { training.updater.learning_rate: 15.0, training.batch_size: 10 }
                  seed=2: { training.epochs: 3 }
                set: { training.epochs: 1 }
                """);
        assertThat(cells).hasSize(4);
        for (Cell c : cells) {
            boolean mse = c.config().model().output() == OutputConfig.MSE_SIGMOID;
            assertThat(c.config().training().updater().learningRate()).as(c.label()).isEqualTo(mse ? 15.0 : 0.5);
            assertThat(c.config().training().batchSize()).as(c.label()).isEqualTo(mse ? 10 : 64);
            assertThat(c.config().training().epochs()).as(c.label()).isEqualTo(c.config().seed() == 2 ? 3 : 1);
        }
        assertThat(cells.get(0).settings()).containsExactly("name=exp", "training.epochs=1", "model.output=mse_sigmoid", "seed=1",
                "training.updater.learning_rate=15.0", "training.batch_size=10");
    }

    @Test
    void withoutVaryThereIsOneCellAndStructuredValuesGetSafeDistinctDirectoryNames() throws IOException {
        assertThat(expand("base: config/ce-softmax.yaml\n")).singleElement()
                .satisfies(c -> assertThat(c.dirName()).isEqualTo("base"));
        List<Cell> cells = expand("""
                base: config/ce-softmax.yaml
                vary:
                  model.hidden: [[{units: 30}], [{units: 100, activation: relu}]]
                  training.updater: [{type: adam}, {type: sgd, learning_rate: 0.1}]
                """);
        assertThat(cells).hasSize(4);
        assertThat(cells.get(3).config().model().hidden().get(0).units()).isEqualTo(100);
        assertThat(cells.get(2).config().training().updater().learningRate()).isEqualTo(1e-3);
        for (Cell c : cells) assertThat(c.dirName()).matches("[A-Za-z0-9._-]+").doesNotStartWith(".");
        assertThat(cells).extracting(Cell::dirName).doesNotHaveDuplicates();
    }

    @Test
    void longLabelsAreCutButStayDistinct() {
        String a = ExperimentPlan.dirName(Map.of("model.hidden", "x".repeat(200) + "a"));
        String b = ExperimentPlan.dirName(Map.of("model.hidden", "x".repeat(200) + "b"));
        assertThat(a).hasSizeLessThanOrEqualTo(ExperimentPlan.MAX_DIR_NAME).isNotEqualTo(b);
    }
}
