package bplab.report;

import static org.assertj.core.api.Assertions.assertThat;

import bplab.config.ConfigLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders report.html in headless Chromium (Debian's {@code chromium}, which .ci/run installs)
 * and reads back the DOM: the report's own inline check must have found every chart decoded
 * and no error. Skips, saying why, when no chromium binary is on this machine, except under
 * {@code BACKPROP_LAB_REQUIRE_BROWSER} (set by .ci/run), where a missing chromium fails.
 */
class ReportBrowserTest {
    private static final Pattern CHECK = Pattern.compile("id=\"report-check\"[^>]*data-status=\"(\\w+)\"(?:[^>]*data-images=\"(\\d+)\")?");

    @TempDir
    Path tmp;

    static Optional<Path> chromium() {
        return bplab.browser.Chromium.find();
    }

    /** One retry: on a heavily loaded machine a headless start has been seen to stall. */
    private String dumpDom(Path chromium, Path html) throws IOException, InterruptedException {
        try {
            return dumpDomOnce(chromium, html);
        } catch (ChromiumStalled first) {
            return dumpDomOnce(chromium, html);
        }
    }

    private static final class ChromiumStalled extends AssertionError {
        ChromiumStalled(String message) {
            super(message);
        }
    }

    private String dumpDomOnce(Path chromium, Path html) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(tmp, "profile");
        Path stdout = tmp.resolve("dom-" + html.getFileName() + ".html");
        Path stderr = tmp.resolve("stderr-" + html.getFileName() + ".txt");
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--enable-logging=stderr", "--user-data-dir=" + profile, "--dump-dom", html.toUri().toString())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new ChromiumStalled("chromium did not finish within 90 s; stderr: " + Files.readString(stderr));
        }
        String err = Files.readString(stderr, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("chromium exit code; stderr:\n" + err).isZero();
        assertThat(err).as("console errors").doesNotContain("Uncaught");
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    @Test
    void everyChartDecodesInChromiumAndABrokenOneIsCaught() throws IOException, InterruptedException {
        Optional<Path> chromium = chromium();
        if (System.getenv("BACKPROP_LAB_REQUIRE_BROWSER") != null) {
            assertThat(chromium).as("chromium on PATH (BACKPROP_LAB_REQUIRE_BROWSER is set, as .ci/run sets it)").isPresent();
        }
        Assumptions.assumeTrue(chromium.isPresent(),
                "chromium is not installed, so the report is not rendered in a browser here; .ci/run installs it (apt-get install -y chromium)");
        Path dir = RunFixtures.experiment(tmp.resolve("exp"), 30);
        Report.Files files = new Report(new ConfigLoader()).generate(dir);

        String dom = dumpDom(chromium.get(), files.html());
        Matcher m = CHECK.matcher(dom);
        assertThat(m.find()).as("report-check element in the rendered DOM").isTrue();
        assertThat(m.group(1)).as(dom.substring(m.start(), Math.min(dom.length(), m.end() + 300))).isEqualTo("ok");
        assertThat(Integer.parseInt(m.group(2))).isEqualTo(files.charts().size());
        assertThat(dom).contains("all " + files.charts().size() + " charts decoded");

        // The check is real: one corrupt image turns it to failed.
        String html = Files.readString(files.html());
        Path broken = dir.resolve("broken.html");
        Files.writeString(broken, html.replaceFirst("data:image/png;base64,", "data:image/png;base64,AAAA"));
        Matcher b = CHECK.matcher(dumpDom(chromium.get(), broken));
        assertThat(b.find()).isTrue();
        assertThat(b.group(1)).isEqualTo("failed");
    }
}
