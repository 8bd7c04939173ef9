package bplab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import bplab.config.ConfigLoader;
import bplab.data.DataException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
    @TempDir
    Path tmp;

    private static void assertNonTrivialPng(Path png) throws IOException {
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img).as(png.toString()).isNotNull();
        assertThat(img.getWidth()).isEqualTo(Charts.WIDTH);
        assertThat(img.getHeight()).isEqualTo(Charts.HEIGHT);
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) colours.add(img.getRGB(x, y));
        }
        assertThat(colours.size()).as("distinct colours in " + png.getFileName()).isGreaterThan(20);
    }

    @Test
    void experimentReportWritesEveryChartAndEmbedsItInTheHtml() throws IOException {
        Path dir = RunFixtures.experiment(tmp.resolve("exp"), 40);
        Report.Files files = new Report(new ConfigLoader()).generate(dir);
        assertThat(files.runs()).isEqualTo(4);
        assertThat(files.charts()).extracting(p -> p.getFileName().toString()).containsExactly(
                "train-loss.png", "test-loss.png", "test-accuracy.png", "grad-norm-layer-0.png", "grad-norm-layer-1.png",
                "output-delta-norm.png");
        for (Path png : files.charts()) assertNonTrivialPng(png);
        String html = Files.readString(files.html());
        for (Path png : files.charts()) {
            String rel = "charts/" + png.getFileName();
            assertThat(html).contains("data-file=\"" + rel + "\"").contains("href=\"" + rel + "\"");
        }
        assertThat(html.split("src=\"data:image/png;base64,", -1)).hasSize(files.charts().size() + 1);
        assertThat(html).doesNotContain("http://").doesNotContain("https://");
        assertThat(html).contains("Aggregated over seeds").contains("model.output=mse_sigmoid");
        assertThat(files.markdown()).isRegularFile();
        assertThat(files.csv()).isRegularFile();
    }

    @Test
    void experimentWithBothEnginesAddsTheEngineGapChartWithItsCaption() throws IOException {
        Path dir = RunFixtures.engineExperiment(tmp.resolve("engines"), 40, List.of("mse_sigmoid", "ce_softmax"), List.of(1, 2), Set.of());
        Report.Files files = new Report(new ConfigLoader()).generate(dir);
        assertThat(files.runs()).isEqualTo(8);
        assertThat(files.charts()).extracting(p -> p.getFileName().toString()).containsExactly(
                "train-loss.png", "test-loss.png", "test-accuracy.png", "grad-norm-layer-0.png", "grad-norm-layer-1.png",
                "output-delta-norm.png", "engine-gap.png");
        Path gap = dir.resolve("charts/engine-gap.png");
        assertThat(files.charts()).contains(gap);
        assertNonTrivialPng(gap);
        String html = Files.readString(files.html());
        assertThat(html.split("src=\"data:image/png;base64,", -1)).hasSize(files.charts().size() + 1);
        int figure = html.indexOf("<figure id=\"charts-engine-gap-png\">");
        assertThat(figure).isPositive();
        String fig = html.substring(figure, html.indexOf("</figure>", figure));
        assertThat(fig).contains("data-file=\"charts/engine-gap.png\"").contains("alt=\"Gap between paired cells: loss\"")
                .contains("src=\"data:image/png;base64," + java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(gap)) + "\"")
                .contains("<figcaption>Per pair of cells that differ only in the engine")
                .contains("are drawn at 1e-17").contains("href=\"charts/engine-gap.png\"");
        assertThat(html).contains("<h2>Agreement of paired cells</h2>")
                .contains("<td>model.output=mse_sigmoid,seed=2</td><td>dl4j vs handwritten</td><td>120</td><td>0</td>");
    }

    @Test
    void singleRunReportHasTheSameChartsWithoutAggregation() throws IOException {
        Path run = RunFixtures.run(tmp.resolve("run"), List.of("seed=7"), new double[] {0.9, 0.95}, 30, 0.5, true);
        Report.Files files = new Report(new ConfigLoader()).generate(run);
        assertThat(files.runs()).isEqualTo(1);
        assertThat(files.charts()).hasSize(6);
        for (Path png : files.charts()) assertNonTrivialPng(png);
        String md = Files.readString(files.markdown());
        assertThat(md).contains("# Run run").contains("## Per cell").doesNotContain("Aggregated over seeds");
    }

    @Test
    void longRunsAreDownsampled() throws IOException {
        // 3 epochs x 20,000 iterations per run, 4 runs: 240,000 rows.
        Path dir = RunFixtures.experiment(tmp.resolve("long"), 20_000);
        new Report(new ConfigLoader()).generate(dir);

        double[] x = new double[60_000];
        double[] y = new double[60_000];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
            y[i] = 1 + (i % 2);
        }
        Series.Band b = Series.aggregate(List.of(new Series.XY(x, y), new Series.XY(x, y)), true);
        assertThat(b.x().length).isLessThanOrEqualTo(Series.MAX_POINTS);
        assertThat(b.x()[0]).isZero();
        assertThat(b.x()[b.x().length - 1]).isEqualTo(59_999);
        // the EMA of an alternating 1, 2 series settles near 1.5
        assertThat(b.mean()[b.mean().length - 1]).isBetween(1.4, 1.6);
    }

    @Test
    void emaStartsAtTheFirstValueAndFollowsTheSeries() {
        assertThat(Series.ema(new double[] {4, 0, 0}, 0.5)).containsExactly(4, 2, 1);
        assertThat(Series.grid(10, 2000)).hasSize(10);
        int[] g = Series.grid(10_001, 2000);
        assertThat(g.length).isLessThanOrEqualTo(2000);
        assertThat(g[g.length - 1]).isEqualTo(10_000);
    }

    @Test
    void aDirectoryThatIsNeitherARunNorAnExperimentIsBadInput() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> new Report(new ConfigLoader()).generate(empty)).isInstanceOf(DataException.class)
                .hasMessageContaining("neither a run directory");
    }
}
