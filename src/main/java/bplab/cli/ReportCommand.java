package bplab.cli;

import bplab.config.ConfigLoader;
import bplab.report.Report;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write the charts (charts/*.png), summary.md, summary.csv and a self-contained report.html "
                + "into a run directory or an experiment directory. Experiments aggregate cells that differ only in seed.", ""},
        footer = {"", "Example: report runs/mse-vs-ce"})
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_OR_EXPERIMENT_DIR", description = "A directory written by train or experiment.")
    Path dir;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Report.Files files = new Report(new ConfigLoader()).generate(dir);
        out.printf(Locale.ROOT, "report of %d run%s: %s%n", files.runs(), files.runs() == 1 ? "" : "s", files.html());
        out.printf(Locale.ROOT, "charts: %d PNG files in %s%n", files.charts().size(), files.charts().get(0).getParent());
        out.printf(Locale.ROOT, "summary: %s, %s%n", files.markdown(), files.csv());
        if (files.agreementCsv() != null) out.printf(Locale.ROOT, "engine agreement of paired cells: %s%n", files.agreementCsv());
        if (!files.skipped().isEmpty()) out.println("without metrics (not in the report): " + String.join("; ", files.skipped()));
        out.flush();
        return ExitCodes.OK;
    }
}
