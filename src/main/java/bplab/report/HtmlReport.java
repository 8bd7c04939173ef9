package bplab.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;

/**
 * report.html: one file with the summary tables and every chart embedded as a base64 PNG,
 * so it opens anywhere without network access or the charts directory. A small inline script
 * checks after loading that every image decoded (naturalWidth > 0) and that no script or
 * resource error occurred, and records the outcome on {@code #report-check} (data-status
 * ok/failed), which the browser test reads.
 */
final class HtmlReport {
    /** A chart to embed; {@code file} is its PNG's path relative to the report. */
    record Figure(String file, String title, String caption, byte[] png) {}

    private HtmlReport() {}

    static void write(Path target, String title, Path dir, List<Table> tables, List<Figure> figures, List<String> skipped)
            throws IOException {
        StringBuilder sb = new StringBuilder(1 << 20);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        sb.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        sb.append("<title>").append(Html.escape(title)).append("</title>\n");
        sb.append("<script>\n").append(CHECK_EARLY).append("</script>\n");
        sb.append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        sb.append("<h1>").append(Html.escape(title)).append("</h1>\n");
        sb.append("<p class=\"note\">").append(Html.escape(dir.toAbsolutePath().normalize().toString())).append(" · generated ")
                .append(OffsetDateTime.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                .append(" by backprop-lab report</p>\n");
        if (!skipped.isEmpty()) {
            sb.append("<p class=\"note\">Cells without metrics (not shown): ").append(Html.escape(String.join("; ", skipped))).append("</p>\n");
        }
        sb.append("<nav><ul>\n");
        for (Figure f : figures) {
            sb.append("<li><a href=\"#").append(anchor(f.file())).append("\">").append(Html.escape(f.title())).append("</a></li>\n");
        }
        sb.append("</ul></nav>\n");
        for (Table t : tables) sb.append(t.html());
        sb.append("<h2>Charts</h2>\n");
        for (Figure f : figures) {
            sb.append("<figure id=\"").append(anchor(f.file())).append("\">\n");
            sb.append("<img alt=\"").append(Html.escape(f.title())).append("\" data-file=\"").append(Html.escape(f.file()))
                    .append("\" width=\"").append(Charts.WIDTH).append("\" height=\"").append(Charts.HEIGHT)
                    .append("\" src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(f.png())).append("\">\n");
            sb.append("<figcaption>").append(Html.escape(f.caption())).append(" <a href=\"").append(Html.escape(f.file())).append("\">")
                    .append(Html.escape(f.file())).append("</a></figcaption>\n</figure>\n");
        }
        sb.append("<p id=\"report-check\" class=\"note\" data-status=\"pending\">image check pending</p>\n");
        sb.append("<script>\n").append(CHECK_LOAD).append("</script>\n");
        sb.append("</body>\n</html>\n");
        Files.writeString(target, sb.toString(), StandardCharsets.UTF_8);
    }

    private static String anchor(String file) {
        return file.replaceAll("[^A-Za-z0-9-]", "-");
    }

    private static final String CSS = """
            body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }
            table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.85em; }
            th, td { border: 1px solid #ccc; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
            th { background: #f3f3f3; }
            .note { color: #555; font-size: 0.9em; }
            figure { margin: 1.5em 0; }
            img { max-width: 100%; height: auto; border: 1px solid #ddd; }
            figcaption { color: #444; font-size: 0.9em; }
            """;

    /** Collects script and resource-load errors (capture phase: img errors do not bubble). */
    private static final String CHECK_EARLY = """
            window.reportErrors = [];
            window.addEventListener('error', function (e) {
              var t = e.target;
              window.reportErrors.push(t && t.tagName ? 'failed to load ' + t.tagName : String(e.message));
            }, true);
            """;

    private static final String CHECK_LOAD = """
            window.addEventListener('load', function () {
              var images = document.images, broken = [];
              for (var i = 0; i < images.length; i++) {
                if (!images[i].complete || images[i].naturalWidth === 0) broken.push(images[i].getAttribute('data-file'));
              }
              var ok = broken.length === 0 && window.reportErrors.length === 0 && images.length > 0;
              var m = document.getElementById('report-check');
              m.setAttribute('data-status', ok ? 'ok' : 'failed');
              m.setAttribute('data-images', String(images.length));
              m.textContent = ok ? 'all ' + images.length + ' charts decoded'
                  : 'problems: ' + broken.concat(window.reportErrors).join(', ');
            });
            """;
}
