package bplab.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader();

    private Path file(String yaml) throws IOException {
        Path p = dir.resolve("c.yaml");
        Files.writeString(p, yaml);
        return p;
    }

    @Test
    void shippedConfigsLoadAsDocumented() {
        RunConfig ce = loader.load(Path.of("config/ce-softmax.yaml"), List.of());
        assertThat(ce.model().output()).isEqualTo(OutputConfig.CE_SOFTMAX);
        assertThat(ce.model().layerSizes(784, 10)).containsExactly(784, 100, 10);
        assertThat(ce.model().dtype()).isEqualTo(Dtype.FLOAT);
        assertThat(ce.training().batchSize()).isEqualTo(64);
        RunConfig mse = loader.load(Path.of("config/mse-sigmoid.yaml"), List.of());
        assertThat(mse.model().output()).isEqualTo(OutputConfig.MSE_SIGMOID);
        assertThat(mse.model().output().loss()).isEqualTo(LossKind.MSE);
        assertThat(mse.training().updater().learningRate()).isEqualTo(15.0);
    }

    @Test
    void missingKeysTakeDocumentedDefaults() throws IOException {
        RunConfig c = loader.load(file("name: x\n"), List.of());
        assertThat(c.seed()).isEqualTo(42L);
        assertThat(c.engine()).isEqualTo(EngineKind.DL4J);
        assertThat(c.data().dir()).isEqualTo("data/mnist");
        assertThat(c.data().trainLimit()).isEqualTo(60_000);
        assertThat(c.model().hidden()).containsExactly(new HiddenLayerConfig(100, ActivationKind.SIGMOID));
        assertThat(c.training().epochs()).isEqualTo(10);
        assertThat(c.training().updater().type()).isEqualTo(UpdaterType.SGD);
        assertThat(c.training().updater().learningRate()).isEqualTo(0.1);
        assertThat(c.logging().gradientNormsEvery()).isEqualTo(1);
        assertThat(c.logging().ui()).isEqualTo(new UiConfig(false, "127.0.0.1", 9000, 500));
        RunConfig adam = loader.load(file("training: {updater: {type: adam}}\n"), List.of());
        assertThat(adam.training().updater().learningRate()).isEqualTo(1e-3);
        assertThat(adam.training().updater().beta2()).isEqualTo(0.999);
    }

    @Test
    void resolvedYamlRoundTripsToTheSameConfig() {
        RunConfig c = loader.load(Path.of("config/ce-softmax.yaml"), List.of("training.updater={type: nesterov}"));
        String yaml = loader.toYaml(c);
        assertThat(yaml).contains("learning_rate: 0.1").contains("momentum: 0.9").contains("output: ce_softmax");
        assertThat(loader.parse("resolved", yaml)).isEqualTo(c);
    }

    @Test
    void overridesApplyAndAreValidatedLikeTheFile() {
        Path ce = Path.of("config/ce-softmax.yaml");
        RunConfig c = loader.load(ce, List.of("training.epochs=2", "model.hidden[0].units=30", "model.output=mse_sigmoid"));
        assertThat(c.training().epochs()).isEqualTo(2);
        assertThat(c.model().hidden().get(0).units()).isEqualTo(30);
        assertThat(c.model().output()).isEqualTo(OutputConfig.MSE_SIGMOID);
        assertThatThrownBy(() -> loader.load(ce, List.of("training.epochs=0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--set training.epochs=0")
                .hasMessageContaining("training.epochs: found 0, expected a positive integer");
        assertThatThrownBy(() -> loader.load(ce, List.of("training.epocs=3")))
                .hasMessageContaining("unknown key 'training.epocs' (did you mean 'epochs'?)");
        assertThatThrownBy(() -> loader.load(ce, List.of("training.epochs")))
                .hasMessageContaining("expected KEY=VALUE");
        assertThatThrownBy(() -> loader.load(ce, List.of("model.hidden[3].units=5")))
                .hasMessageContaining("hidden[3] does not exist (the list has 1 entries)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        unknown key with suggestion | training:\\n  epoch: 3                          | line 2 | unknown key 'training.epoch' (did you mean 'epochs'?)
        unknown top-level key       | nmae: x                                       | line 1 | unknown key 'nmae' (did you mean 'name'?)
        string for an integer       | training:\\n  epochs: '3'                      | line 2 | training.epochs: found a string "3", expected an integer
        float for an integer        | training:\\n  batch_size: 2.5                  | line 2 | training.batch_size: found '2.5', expected an integer
        zero size                   | training:\\n  batch_size: 0                    | line 2 | training.batch_size: found 0, expected a positive integer
        negative units              | model:\\n  hidden:\\n    - {units: -5}           | line 3 | model.hidden[0].units: found -5, expected a positive integer
        missing units               | model:\\n  hidden:\\n    - {activation: relu}    | line 3 | model.hidden[0].units: found nothing
        unknown activation          | model:\\n  hidden:\\n    - {units: 5, activation: swish} | line 3 | model.hidden[0].activation: found 'swish', expected one of sigmoid | tanh | relu | identity | softmax
        softmax hidden              | model:\\n  hidden:\\n    - {units: 5, activation: softmax} | line 3 | expected sigmoid, tanh, relu or identity (softmax is for the output layer)
        unknown output              | model:\\n  output: ce_sigmoid                  | line 2 | model.output: found 'ce_sigmoid' (a pair that makes no sense: -sum y log a ignores every output whose target is 0
        nonsense pairing            | model:\\n  output: ce_tanh                     | line 2 | model.output: found 'ce_tanh' (a pair that makes no sense: TANH outputs can be <= 0
        unknown output name         | model:\\n  output: hinge_svm                   | line 2 | model.output: found 'hinge_svm', expected one of ce_softmax | mse_sigmoid
        unknown updater             | training:\\n  updater: {type: rmsprop}         | line 2 | training.updater.type: found 'rmsprop', expected one of sgd | nesterov | adam
        zero learning rate          | training:\\n  updater: {learning_rate: 0}      | line 2 | training.updater.learning_rate: found 0.0, expected a finite number > 0
        NaN learning rate           | training:\\n  updater: {learning_rate: .nan}   | line 2 | training.updater.learning_rate: found '.nan', expected a finite number
        momentum for sgd            | training:\\n  updater: {type: sgd, momentum: 0.9} | line 2 | only nesterov uses it
        duplicate key               | name: a\\nname: b                             | line 2 | name: found the key a second time (first on line 1), expected each key once
        syntax error                | name: a: b                                    | line 1 | not valid YAML
        list at top level           | - a\\n- b                                      | line 1 | the document: found a list, expected a mapping
        mapping expected            | model: 3                                      | line 1 | model: found a number 3, expected a mapping
        validation too large        | data: {train_limit: 100, validation: 100}     | line 1 | data.validation: found 100, expected fewer than train_limit (100)
        bad name                    | name: ../etc                                  | line 1 | name: found '../etc'
        unknown dtype               | model: {dtype: half}                          | line 1 | model.dtype: found 'half', expected one of float | double
        UI port out of range        | logging:\\n  ui: {enabled: true, port: 70000}  | line 2 | logging.ui.port: found 70000, expected a port 0-65535 (0 picks a free one)
        UI every zero               | logging:\\n  ui:\\n    every: 0                 | line 3 | logging.ui.every: found 0, expected a positive integer
        UI enabled as a string      | logging:\\n  ui: {enabled: "yes"}             | line 2 | logging.ui.enabled: found a string
        UI host blank               | logging:\\n  ui: {host: ""}                   | line 2 | expected an address of this machine such as 127.0.0.1
        UI key misspelt             | logging:\\n  ui: {prot: 9001}                 | line 2 | unknown key 'logging.ui.prot' (did you mean 'port'?)
        """)
    void badInputIsRejectedWithPathLineAndExpectation(String label, String yaml, String line, String message) throws IOException {
        Path p = file(yaml.replace("\\n", "\n"));
        assertThatThrownBy(() -> loader.load(p, List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(p.toString())
                .hasMessageContaining(line.trim())
                .hasMessageContaining(message.trim());
    }

    @Test
    void emptyMissingAndOversizedFilesAreRejected() throws IOException {
        assertThatThrownBy(() -> loader.load(file("  \n"), List.of())).hasMessageContaining("the file is empty");
        assertThatThrownBy(() -> loader.load(dir.resolve("nope.yaml"), List.of())).hasMessageContaining("no such file");
        Path big = dir.resolve("big.yaml");
        Files.write(big, new byte[(int) ConfigLoader.MAX_BYTES + 1]);
        assertThatThrownBy(() -> loader.load(big, List.of())).hasMessageContaining("expected a YAML config file (see config/ for examples) of at most");
    }

    @Test
    void yamlTagsDoNotConstructJavaObjects() throws IOException {
        Path p = file("name: !!java.lang.ProcessBuilder [x]\n");
        assertThatThrownBy(() -> loader.load(p, List.of())).isInstanceOf(ConfigException.class);
    }

    @Test
    void suggestionNeedsACloseMatch() {
        assertThat(YamlErrors.nearest("lerning_rate", List.of("learning_rate", "momentum"))).isEqualTo("learning_rate");
        assertThat(YamlErrors.nearest("zzz", List.of("learning_rate", "momentum"))).isNull();
    }
}
