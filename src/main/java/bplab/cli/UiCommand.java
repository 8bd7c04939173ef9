package bplab.cli;

import bplab.config.UiConfig;
import bplab.ui.StatsFiles;
import bplab.ui.UiServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.deeplearning4j.core.storage.StatsStorage;
import org.deeplearning4j.ui.model.stats.BaseStatsListener;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import sun.misc.Signal;
import sun.misc.SignalHandler;

@Command(name = "ui", mixinStandardHelpOptions = true,
        description = {"Reopen past runs in DeepLearning4J's training UI (no training): attaches the statistics that "
                + "train --ui / experiment --ui recorded (ui-stats.bin in each run directory), prints each session's "
                + "address and serves them until Ctrl-C.", ""},
        footer = {"", "Example: ui runs/ce-softmax-20261129-151500 runs/mse-vs-ce"})
final class UiCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN_OR_EXPERIMENT_DIR", arity = "1..*",
            description = "A run directory, or an experiment directory (its cells' runs are opened).")
    List<Path> dirs;

    @Mixin
    UiOptions uiOptions;

    /** Released by Ctrl-C or SIGTERM; tests release it themselves. */
    final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        List<Path> files = new ArrayList<>();
        for (Path dir : dirs) {
            List<Path> found = StatsFiles.find(dir);
            if (found.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), dir + ": no " + bplab.ui.StatsRecorder.FILE
                        + " in it or in its subdirectories; expected a run or experiment directory trained with --ui");
            }
            files.addAll(found);
        }
        List<StatsStorage> opened = new ArrayList<>();
        try (UiServer server = uiOptions.start(UiConfig.defaults())) {
            for (Path f : files) {
                StatsStorage s = StatsFiles.open(f);
                opened.add(s);
                server.attach(s);
            }
            out.printf("DL4J training UI: %s (listening on %s only)%n", server.address() + "/train", server.host());
            for (int i = 0; i < files.size(); i++) {
                for (String session : opened.get(i).listSessionIDs()) {
                    if (opened.get(i).listTypeIDsForSession(session).contains(BaseStatsListener.TYPE_ID)) {
                        out.printf("  %s  (%s)%n", server.sessionAddress(session), files.get(i));
                    }
                }
            }
            out.println("press Ctrl-C to stop");
            out.flush();
            SignalHandler previousInt = Signal.handle(new Signal("INT"), s -> stop.countDown());
            SignalHandler previousTerm = Signal.handle(new Signal("TERM"), s -> stop.countDown());
            try {
                stop.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                Signal.handle(new Signal("INT"), previousInt);
                Signal.handle(new Signal("TERM"), previousTerm);
            }
            for (StatsStorage s : opened) server.detach(s);
        } finally {
            for (StatsStorage s : opened) s.close();
        }
        return ExitCodes.OK;
    }
}
