package bplab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import bplab.config.ConfigException;
import bplab.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each bad experiment file is rejected with the file, the line, the YAML path, what was found and what was expected. */
class ExperimentLoaderTest {
    @TempDir
    Path tmp;

    private AbstractThrowableAssert<?, ? extends Throwable> rejects(String yaml) throws IOException {
        Path file = Files.writeString(tmp.resolve("bad.yaml"), yaml);
        return assertThatThrownBy(() -> {
            ConfigLoader loader = new ConfigLoader();
            ExperimentPlan.expand(new ExperimentLoader(loader).load(file), loader);
        }).isInstanceOf(ConfigException.class).hasMessageContaining(file.toString());
    }

    @Test
    void unknownTopLevelKeyIsRejectedWithASuggestion() throws IOException {
        rejects("base: config/ce-softmax.yaml\nvary:\n  seed: [1]\noverides: {}\n")
                .hasMessageContaining("line 4").hasMessageContaining("unknown key 'overides'")
                .hasMessageContaining("did you mean 'overrides'?");
    }

    @Test
    void unknownConfigKeyInVaryPointsAtItsLineAndSuggests() throws IOException {
        rejects("base: config/ce-softmax.yaml\nvary:\n  seed: [1, 2]\n  training.epocs: [1, 2]\n")
                .hasMessageContaining("line 4").hasMessageContaining("vary.training.epocs")
                .hasMessageContaining("did you mean 'epochs'?");
    }

    @Test
    void badValueNamesWhatWasFoundAndExpected() throws IOException {
        rejects("base: config/ce-softmax.yaml\nvary:\n  model.output:\n    - ce_softmax\n    - mse_sigmod\n")
                .hasMessageContaining("line 5").hasMessageContaining("vary.model.output[1]")
                .hasMessageContaining("mse_sigmod").hasMessageContaining("mse_sigmoid");
        rejects("base: config/ce-softmax.yaml\nset: { training.epochs: \"3\" }\n")
                .hasMessageContaining("line 2").hasMessageContaining("set.training.epochs").hasMessageContaining("epochs");
    }

    @Test
    void varyNeedsANonEmptyListOfDistinctValues() throws IOException {
        rejects("base: config/ce-softmax.yaml\nvary:\n  seed: 3\n")
                .hasMessageContaining("line 3").hasMessageContaining("found a number 3").hasMessageContaining("expected a non-empty list");
        rejects("base: config/ce-softmax.yaml\nvary:\n  seed: [1, 1]\n")
                .hasMessageContaining("vary.seed[1]").hasMessageContaining("a second time");
    }

    @Test
    void overrideOfAValueThatIsNotVariedIsRejectedWithASuggestion() throws IOException {
        rejects("base: config/ce-softmax.yaml\nvary:\n  model.output: [mse_sigmoid, ce_softmax]\noverrides:\n"
                + "  mse_sigmod: { training.epochs: 2 }\n")
                .hasMessageContaining("line 5").hasMessageContaining("overrides.mse_sigmod")
                .hasMessageContaining("did you mean 'mse_sigmoid'?").hasMessageContaining("one of: mse_sigmoid, ce_softmax");
    }

    @Test
    void overrideMayNotSetAVariedKeyAndAmbiguousValuesMustBeQualified() throws IOException {
        rejects("base: config/ce-softmax.yaml\nvary:\n  model.output: [mse_sigmoid, ce_softmax]\n  seed: [1, 2]\noverrides:\n"
                + "  mse_sigmoid: { seed: 5 }\n")
                .hasMessageContaining("line 6").hasMessageContaining("a key that vary also sets");
        rejects("base: config/ce-softmax.yaml\nvary:\n  seed: [1, 2]\n  training.epochs: [1, 2]\noverrides:\n"
                + "  1: { training.batch_size: 10 }\n")
                .hasMessageContaining("several varied keys").hasMessageContaining("'seed=1'");
    }

    @Test
    void missingBaseDuplicateKeysAndBadYamlAreRejected() throws IOException {
        rejects("vary:\n  seed: [1]\n").hasMessageContaining("base").hasMessageContaining("expected the path of a run config");
        rejects("base: nowhere/none.yaml\n").hasMessageContaining("line 1").hasMessageContaining("not a file")
                .hasMessageContaining("current directory");
        rejects("base: config/ce-softmax.yaml\nvary:\n  seed: [1]\n  seed: [2]\n").hasMessageContaining("line 4")
                .hasMessageContaining("seed");
        rejects("base: config/ce-softmax.yaml\nvary: [seed\n").hasMessageContaining("not valid YAML");
        rejects("- just\n- a list\n").hasMessageContaining("expected a mapping with keys");
    }

    @Test
    void combinationsTheBaseRejectsNameTheCell() throws IOException {
        // Each value is valid on its own; together validation exceeds train_limit.
        rejects("base: config/ce-softmax.yaml\nvary:\n  data.train_limit: [100, 60000]\n  data.validation: [0, 5000]\n")
                .hasMessageContaining("cell data.train_limit=100,data.validation=5000").hasMessageContaining("validation");
    }

    @Test
    void nameDefaultsToTheFileNameAndMustBeUsableInPaths() throws IOException {
        Path file = Files.writeString(tmp.resolve("my-exp.yaml"), "base: config/ce-softmax.yaml\n");
        assertThat(new ExperimentLoader(new ConfigLoader()).load(file).name()).isEqualTo("my-exp");
        rejects("name: ../up\nbase: config/ce-softmax.yaml\n").hasMessageContaining("line 1").hasMessageContaining("'../up'");
    }
}
