package bplab.report;

import static org.assertj.core.api.Assertions.assertThat;

import bplab.config.ConfigLoader;
import bplab.config.RunConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Published results: only the verified figures, each with its split, matched on widths, output and (Nielsen's) L2. */
class PublishedResultTest {
    @TempDir
    Path tmp;

    private static RunConfig config(String... settings) {
        return new ConfigLoader().load(Path.of("config/ce-softmax.yaml"), List.of(settings));
    }

    private static List<String> matches(RunConfig c) {
        return PublishedResult.matching(c).stream().map(p -> p.source() + " " + Summary.pct(p.accuracy()) + " " + p.split().text()).toList();
    }

    @Test
    void everyEntryIsVerifiedAndNamesItsSourceAndSplit() {
        for (PublishedResult p : PublishedResult.ALL) {
            assertThat(p.settings() + " " + p.source()).as(p.toString()).doesNotContainIgnoringCase("not re-verified")
                    .doesNotContainIgnoringCase("from memory");
            assertThat(p.source()).isNotBlank();
            assertThat(p.split()).isNotNull();
        }
        assertThat(PublishedResult.ALL).extracting(p -> Summary.pct(p.accuracy())).contains("95.42%", "96.59%", "95.49%", "96.82%",
                "96.49%", "97.92%", "98.04%", "96.48%", "96.90%", "96.57%", "96.53%", "95.30%", "95.50%", "96.95%", "97.05%",
                "98.47%", "98.40%").doesNotContain("96.80%");
        // chapter 3's figures as the book prints them, not the rounded 95.5% / 96.8% once listed from memory
        assertThat(PublishedResult.ALL).filteredOn(p -> p.source().startsWith("Nielsen ch.3") && p.lmbda() == 0)
                .extracting(PublishedResult::accuracy).containsExactly(0.9549, 0.9682);
        assertThat(PublishedResult.ALL).filteredOn(p -> p.source().startsWith("Nielsen ch.5"))
                .hasSize(4).allMatch(p -> p.split() == PublishedResult.Split.VALIDATION);
    }

    @Test
    void thirtyHiddenXentSigmoidWithoutL2MatchesChapter3sTestFigureOnly() {
        RunConfig c = config("model.hidden[0].units=30", "model.output=xent_sigmoid", "model.weight_init=normal_unit",
                "model.bias_init=normal_unit", "data.train_limit=60000", "data.validation=10000");
        assertThat(matches(c)).containsExactly("Nielsen ch.3 (network2.py) 95.49% test");
        assertThat(matches(config("model.hidden[0].units=100", "model.output=xent_sigmoid")))
                .containsExactly("Nielsen ch.3 (network2.py) 96.82% test");
        // softmax + cross-entropy is another loss
        assertThat(matches(config("model.hidden[0].units=30"))).isEmpty();
    }

    @Test
    void l2MatchesNielsensLmbdaOverTheTrainingImages() {
        // lmbda 5.0 over 50,000 training images: l2 1e-4
        RunConfig c = config("model.hidden=[{units: 30}, {units: 30}]", "model.output=xent_sigmoid", "training.l2=1.0e-4",
                "data.train_limit=60000", "data.validation=10000");
        assertThat(matches(c)).containsExactly("Nielsen ch.5 (network2.py) 96.90% validation");
        assertThat(matches(config("model.hidden[0].units=30", "model.output=xent_sigmoid", "training.l2=1.0e-4",
                "data.train_limit=60000", "data.validation=10000")))
                .containsExactly("Nielsen ch.3 (network2.py) 96.49% test", "Nielsen ch.5 (network2.py) 96.48% validation");
        // the same l2 on 60,000 training images is lmbda 6: no Nielsen figure
        assertThat(matches(config("model.hidden=[{units: 30}, {units: 30}]", "model.output=xent_sigmoid", "training.l2=1.0e-4"))).isEmpty();
        assertThat(matches(config("model.hidden=[{units: 30}, {units: 30}]", "model.output=xent_sigmoid"))).isEmpty();
        // sources without Nielsen's lmbda are not matched on L2
        assertThat(matches(config("model.hidden[0].units=300", "model.output=mse_sigmoid", "training.l2=1.0e-3")))
                .containsExactly("LeCun et al. 1998 (MNIST table) 95.30% test");
        assertThat(matches(config("model.hidden=[{units: 300}, {units: 100}]"))).containsExactly("LeCun et al. 1998 (MNIST table) 96.95% test");
    }

    @Test
    void augmentedResultsAndOtherDatasetsAreNeverMatched() {
        assertThat(matches(config("model.hidden[0].units=800"))).containsExactly("Simard et al. 2003 98.40% test");
        assertThat(matches(config("model.hidden[0].units=800", "data.dataset=fashion_mnist"))).isEmpty();
        assertThat(matches(config("model.hidden[0].units=30", "model.output=mse_sigmoid", "data.dataset=fashion_mnist"))).isEmpty();
    }

    /** One group per run, the summary's "Beside published results" section. */
    private String published(Path dir) throws IOException {
        String md = Files.readString(new Report(new ConfigLoader()).generate(dir).markdown());
        return md.substring(md.indexOf("## Beside published results"));
    }

    @Test
    void aTwoLayerRunWithValidationDataStandsBesideChapter5sValidationFigureWithItsValidationAccuracy() throws IOException {
        Path run = RunFixtures.deepRun(tmp.resolve("depth-2"), List.of("seed=1", "model.output=xent_sigmoid", "training.l2=1.0e-4",
                        "model.weight_init=lecun_normal", "model.bias_init=normal_unit"), 2,
                new double[] {0.94, 0.955, 0.96}, new double[] {0.95, 0.965, 0.963}, 5, (l, i) -> 0.1 * (l + 1));
        String section = published(run);
        assertThat(section).contains("| depth-2 | 784-30-30-10 sigmoid, xent_sigmoid, sgd lr 0.5, batch 64, 10 epochs, lecun_normal init, "
                        + "normal_unit biases, l2 1.0E-4 (= lmbda 5.000 / n 50,000), 50000 train / 10000 validation / 10000 test images, dl4j "
                        + "| validation | 96.30% | 96.50% | Nielsen ch.5 (network2.py) | 96.90% | network2.py defaults:")
                .contains("2 hidden layers of 30");
        List<String> csv = Files.readAllLines(run.resolve("summary.csv"));
        List<String> header = List.of(csv.get(0).split(",", -1));
        String[] cells = csv.get(1).split(",", -1);
        assertThat(cells[header.indexOf("final_validation_accuracy_mean")]).isEqualTo("0.963");
        assertThat(cells[header.indexOf("best_validation_accuracy_mean")]).isEqualTo("0.965");
        assertThat(cells[header.indexOf("published_source")]).isEqualTo("Nielsen ch.5 (network2.py)");
        assertThat(cells[header.indexOf("published_split")]).isEqualTo("validation");
        assertThat(cells[header.indexOf("published_accuracy")]).isEqualTo("0.969");
    }

    @Test
    void aThirtyHiddenXentSigmoidRunStandsBesideChapter3sTestFigureWithItsTestAccuracy() throws IOException {
        Path run = RunFixtures.run(tmp.resolve("ch3"), List.of("seed=1", "model.output=xent_sigmoid", "model.hidden[0].units=30"),
                new double[] {0.93, 0.951, 0.948}, 10, 0.5, true);
        assertThat(published(run)).contains("| test | 94.80% | 95.10% | Nielsen ch.3 (network2.py) | 95.49% | sigmoid everywhere, "
                + "cross-entropy on sigmoid outputs");
    }

    @Test
    void aValidationFigureBesideARunWithoutAValidationSplitSaysSo() throws IOException {
        Path run = RunFixtures.deepRun(tmp.resolve("no-val"), List.of("seed=1", "model.output=xent_sigmoid", "training.l2=1.0e-4",
                "data.train_limit=50000"), 3, new double[] {0.9, 0.95}, null, 5, (l, i) -> 0.1);
        assertThat(published(run)).contains("| validation | no validation split | – | Nielsen ch.5 (network2.py) | 96.57% |");
        Path none = RunFixtures.run(tmp.resolve("none"), List.of("seed=1", "model.hidden[0].units=77"), new double[] {0.9, 0.95}, 5, 0.5, true);
        assertThat(published(none)).contains("| test | 95.00% | 95.00% | none with these hidden widths, output and L2 |  |  |");
    }

    @Test
    void theSummaryNamesTheSplitOfEveryMatch() throws IOException {
        List<String> rows = new ArrayList<>();
        Path run = RunFixtures.deepRun(tmp.resolve("four"), List.of("seed=1", "model.output=xent_sigmoid", "training.l2=1.0e-4"), 4,
                new double[] {0.9, 0.95}, new double[] {0.91, 0.96}, 5, (l, i) -> 0.1);
        published(run).lines().filter(l -> l.startsWith("| four |")).forEach(rows::add);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)).contains("| validation | 96.00% | 96.00% | Nielsen ch.5 (network2.py) | 96.53% |");
    }
}
