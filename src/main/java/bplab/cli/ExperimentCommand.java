package bplab.cli;

import bplab.config.ConfigLoader;
import bplab.experiment.Cell;
import bplab.experiment.CellExecutor;
import bplab.experiment.CellResult;
import bplab.experiment.CellStatus;
import bplab.experiment.ExperimentDirectory;
import bplab.experiment.ExperimentListener;
import bplab.experiment.ExperimentLoader;
import bplab.experiment.ExperimentOutcome;
import bplab.experiment.ExperimentPlan;
import bplab.experiment.ExperimentRunner;
import bplab.experiment.ExperimentSpec;
import bplab.report.Report;
import bplab.train.EpochRecord;
import bplab.train.TrainingProgress;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = {"Run a grid of training runs from an experiment file: a base run config, keys to vary, "
                + "per-value overrides and shared settings. Each cell trains into its own run directory under the "
                + "experiment directory; cells already finished there are skipped, so rerunning resumes. Ends with "
                + "summary.md, summary.csv, charts/ and report.html.", ""},
        footer = {"", "Exit codes: 0 every cell trained; 1 some cell diverged or failed (the others still ran); "
                + "2 bad experiment file, config, data or directory (nothing trained).",
                "", "Example: experiment --config experiments/mse-vs-ce.yaml --dry-run"})
final class ExperimentCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "Experiment YAML file (see experiments/).")
    Path config;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Experiment directory (default: the base config's logging.out_dir/NAME, e.g. runs/mse-vs-ce).")
    Path outDir;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "1",
            description = "Cells trained at the same time. Default: ${DEFAULT-VALUE} (on a small machine more is rarely faster).")
    int parallel;

    @Option(names = "--dry-run", description = "Print the cells and what each directory holds, then stop.")
    boolean dryRun;

    @Option(names = "--spark", paramLabel = "MASTER",
            description = "Run each pending cell as a task on this Spark master: local[N], spark://HOST:PORT (a standalone "
                    + "cluster, see scripts/spark-cluster.sh), yarn, k8s://... Default: train in this process.")
    String spark;

    @Option(names = "--spark-conf", paramLabel = "KEY=VALUE",
            description = "A Spark setting for --spark, e.g. spark.executor.memory=2g (repeatable; -Dspark.* properties work too).")
    Map<String, String> sparkConf = new java.util.LinkedHashMap<>();

    /** --ui and its settings; logging.ui of the first cell's config applies where they are absent (as its out_dir does). */
    @Mixin
    Watching.Options ui;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        ui.validate();
        if (parallel < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--parallel: found " + parallel + ", expected N >= 1");
        }
        if (spark != null && !SparkOption.validMaster(spark)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--spark: found " + spark
                    + ", expected a Spark master URL: local[N], local[*], spark://HOST:PORT, yarn or k8s://...");
        }
        if (spark != null && parallel != 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--parallel " + parallel
                    + " with --spark: expected one or the other (with --spark the cluster's task slots decide how many cells run at once)");
        }
        if (spark != null && !SparkOption.sparkPresent()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--spark " + spark
                    + ": Apache Spark's jars are not on the class path; expected target/spark-lib/* on it. Run through "
                    + "scripts/backprop-lab, which adds it for --spark, or: java -cp 'target/backprop-lab.jar:target/spark-lib/*' "
                    + "<the --add-opens options of the jar's Add-Opens manifest entry> bplab.cli.Main experiment ...");
        }
        if (spark == null && !sparkConf.isEmpty()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--spark-conf without --spark: expected --spark MASTER too");
        }
        ConfigLoader loader = new ConfigLoader();
        ExperimentSpec experiment = new ExperimentLoader(loader).load(config);
        List<Cell> cells = ExperimentPlan.expand(experiment, loader);
        Path dir = outDir != null ? outDir : Path.of(cells.get(0).config().logging().outDir()).resolve(experiment.name());
        ExperimentRunner runner = new ExperimentRunner(Engines::create, loader, Path.of(""));
        Map<Integer, ExperimentDirectory.Existing> existing = runner.inspect(dir, cells);
        out.printf(Locale.ROOT, "experiment %s: %d cells from %s, base %s, into %s%n", experiment.name(), cells.size(), config,
                experiment.base(), dir);
        for (Cell c : cells) {
            CellStatus s = existing.get(c.index()).status();
            out.printf(Locale.ROOT, "  %s  %-8s %s%n", position(c, cells.size()), s == CellStatus.PENDING ? "to run" : s.text(), c.label());
            out.printf(Locale.ROOT, "        %s%s%n", c.dirName(), overridesOf(c, experiment));
        }
        out.flush();
        if (dryRun) return ExitCodes.OK;

        ExperimentOutcome outcome;
        try (Interrupts interrupts = Interrupts.install();
             Watching watching = Watching.start(cells.get(0).config().logging().ui(), ui, experiment.name(), out)) {
            CellExecutor executor = spark == null ? ExperimentRunner.inProcess(Engines::create, parallel)
                    : SparkOption.executor(spark, sparkConf);
            outcome = runner.stopWhen(interrupts::requested).watchedBy(watching.watcher())
                    .run(experiment, cells, dir, executor, new Printer(out));
            watching.finished(out);
        } catch (bplab.train.RunInterruptedException e) {
            throw new bplab.train.RunInterruptedException(e.getMessage().replaceFirst(
                    "Resume with: .*", "Rerun the same experiment command to continue: finished cells are skipped and this one resumes."));
        }
        out.printf(Locale.ROOT, "experiment %s: %d ok, %d already done, %d diverged, %d failed%n", experiment.name(),
                outcome.count(CellStatus.OK), outcome.count(CellStatus.DONE), outcome.count(CellStatus.DIVERGED),
                outcome.count(CellStatus.FAILED));
        Report.Files report = new Report(loader).generate(dir);
        out.printf(Locale.ROOT, "report: %s (%d charts), %s, %s%s%n", report.html(), report.charts().size(), report.markdown(), report.csv(),
                report.agreementCsv() == null ? "" : ", " + report.agreementCsv());
        out.flush();
        return outcome.anyFailed() ? ExitCodes.RUNTIME_FAILURE : ExitCodes.OK;
    }

    private static String position(Cell c, int total) {
        return String.format(Locale.ROOT, "[%d/%d]", c.index() + 1, total);
    }

    /** The per-value override settings a cell gets, shown so the dry run says exactly what differs. */
    private static String overridesOf(Cell c, ExperimentSpec experiment) {
        int fixed = 1 + experiment.set().size() + c.values().size();
        List<String> extra = c.settings().subList(Math.min(fixed, c.settings().size()), c.settings().size());
        return extra.isEmpty() ? "" : "  (+ " + String.join(", ", extra) + ")";
    }

    /** Prints each cell as it starts and ends, and one line per epoch; synchronised for --parallel. */
    private static final class Printer implements ExperimentListener {
        private final PrintWriter out;

        Printer(PrintWriter out) {
            this.out = out;
        }

        @Override
        public synchronized void cellStarted(Cell cell, int total) {
            out.printf(Locale.ROOT, "%s start  %s%n", position(cell, total), cell.label());
            out.flush();
        }

        @Override
        public synchronized void cellFinished(CellResult r, int total) {
            String result = switch (r.status()) {
                case OK -> String.format(Locale.ROOT, "ok, final test accuracy %.2f%% (best %.2f%%), %.1fs",
                        100 * r.finalTestAccuracy(), 100 * r.bestTestAccuracy(), r.wallSeconds());
                case DONE -> String.format(Locale.ROOT, "already done, final test accuracy %.2f%%", 100 * r.finalTestAccuracy());
                case DIVERGED -> "DIVERGED: " + r.message();
                case FAILED -> "FAILED: " + r.message();
                case PENDING -> "pending";
            };
            out.printf(Locale.ROOT, "%s %-6s %s: %s%n", position(r.cell(), total), "end", r.cell().label(), result);
            out.flush();
        }

        @Override
        public synchronized void cellNote(Cell cell, int total, String note) {
            out.printf(Locale.ROOT, "%s %-6s %s: %s%n", position(cell, total), "note", cell.label(), note);
            out.flush();
        }

        @Override
        public TrainingProgress progress(Cell cell, int total) {
            return new TrainingProgress() {
                @Override
                public void epochFinished(EpochRecord r, int epochs) {
                    synchronized (Printer.this) {
                        out.printf(Locale.ROOT, "%s   epoch %d/%d  train loss %.4f  test acc %.2f%%  %.1fs%n", position(cell, total),
                                r.epoch() + 1, epochs, r.trainLoss(), 100 * r.test().accuracy(), r.seconds());
                        out.flush();
                    }
                }
            };
        }
    }
}
