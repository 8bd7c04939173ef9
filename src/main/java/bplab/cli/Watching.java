package bplab.cli;

import bplab.config.UiConfig;
import bplab.train.RunWatcher;
import bplab.ui.UiServer;
import bplab.ui.UiWatcher;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** A command's --ui: the UI server and the watcher that records and shows its runs, or nothing. */
final class Watching implements AutoCloseable {
    private final UiServer server;
    private final UiWatcher watcher;

    private Watching(UiServer server, UiWatcher watcher) {
        this.server = server;
        this.watcher = watcher;
    }

    /** The options train and experiment share; each overrides its logging.ui key, which applies when it is absent. */
    static final class Options {
        @Spec(Spec.Target.MIXEE)
        CommandSpec spec;

        @Option(names = "--ui", negatable = true,
                description = "Watch in DeepLearning4J's training UI (--no-ui: do not, whatever logging.ui.enabled says): "
                        + "serves it (see --ui-host, --ui-port), prints the address, and records the statistics into the "
                        + "run directory (ui-stats.bin) so that the ui command can reopen them later. Default: logging.ui.enabled (false).")
        Boolean enabled;

        @Option(names = "--ui-every", paramLabel = "N",
                description = "With --ui: report every N iterations (overrides logging.ui.every). Default: " + UiConfig.DEFAULT_EVERY + ".")
        Integer every;

        @CommandLine.Mixin
        UiOptions where;

        void validate() {
            if (every != null && every < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--ui-every: found " + every + ", expected N >= 1");
            }
        }
    }

    /** Starts the UI if the options, else {@code config}, ask for it. */
    static Watching start(UiConfig config, Options options, String prefix, PrintWriter out) {
        boolean enabled = options.enabled != null ? options.enabled : config.enabled();
        if (!enabled) return new Watching(null, null);
        int every = options.every != null ? options.every : config.every();
        UiServer server = options.where.start(config);
        out.printf("DL4J training UI: %s (listening on %s only%s)%n", server.address() + "/train", server.host(),
                server.host().equals(UiServer.LOOPBACK) ? "; --ui-host 0.0.0.0 opens it to other machines" : "");
        out.flush();
        UiWatcher watcher = new UiWatcher(server, prefix, every, line -> {
            synchronized (out) {
                out.println("  watch " + line);
                out.flush();
            }
        });
        return new Watching(server, watcher);
    }

    RunWatcher watcher() {
        return watcher == null ? RunWatcher.NONE : watcher;
    }

    /** Says where the statistics stay once the command ends. */
    void finished(PrintWriter out) {
        if (server == null) return;
        out.println("the UI stops now; reopen these runs with: backprop-lab ui RUN_OR_EXPERIMENT_DIR");
        out.flush();
    }

    @Override
    public void close() {
        try {
            if (watcher != null) watcher.close();
        } finally {
            if (server != null) server.close();
        }
    }
}
