package bplab.cli;

import bplab.config.ConfigException;
import bplab.data.DataException;
import bplab.train.DivergenceException;
import bplab.train.RunDirectory;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Entry point: parses the command line and maps failures to exit codes; commands do the work. */
@Command(name = "backprop-lab", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Train MNIST networks on DeepLearning4J from YAML configs and check backpropagation "
                + "against a hand-written engine.", ""},
        subcommands = {TrainCommand.class, EvaluateCommand.class, CompareCommand.class, ExperimentCommand.class,
                ReportCommand.class, UiCommand.class, UiCostCommand.class, BenchmarkCommand.class, GradcheckCommand.class, ExplainCommand.class, SpeedCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 success, 1 failure at run time (e.g. divergence), 2 bad arguments, config or data, "
                + "130 interrupted by Ctrl-C or SIGTERM (a checkpoint was written; continue with train --resume RUN_DIR)."})
public final class Main {
    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Show stack traces on errors.")
    boolean verbose;

    public static void main(String[] args) {
        bplab.dl4j.Dl4jRuntime.skipResidentMemoryChecks(); // before ND4J loads
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs a command line in-process; returns the exit code. Tests call this. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        Main main = new Main();
        CommandLine cli = new CommandLine(main);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            int code = exitCodeFor(ex);
            commandLine.getErr().println((code == ExitCodes.INTERRUPTED ? "" : "error: ") + message(ex));
            if (main.verbose) ex.printStackTrace(commandLine.getErr());
            else if (code == ExitCodes.RUNTIME_FAILURE && !(ex instanceof DivergenceException)) {
                commandLine.getErr().println("(run with --verbose for the stack trace)");
            }
            commandLine.getErr().flush();
            return code;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    static int exitCodeFor(Throwable ex) {
        if (ex instanceof bplab.train.RunInterruptedException) return ExitCodes.INTERRUPTED;
        if (ex instanceof ConfigException || ex instanceof DataException
                || ex instanceof RunDirectory.RunDirectoryException || ex instanceof CommandLine.ParameterException) {
            return ExitCodes.BAD_INPUT;
        }
        return ExitCodes.RUNTIME_FAILURE;
    }

    private static String message(Throwable ex) {
        String m = ex.getMessage();
        return m == null ? ex.getClass().getSimpleName() : m;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"backprop-lab " + bplab.train.Provenance.mavenVersion("dev.bplab", "backprop-lab"),
                    "DeepLearning4J " + bplab.train.Provenance.mavenVersion("org.deeplearning4j", "deeplearning4j-nn"),
                    "Java " + System.getProperty("java.version")};
        }
    }
}
