package bplab.cli;

import bplab.train.RunWatcher;
import bplab.ui.UiServer;
import bplab.ui.UiWatcher;
import java.io.PrintWriter;

/** A command's --ui: the UI server and the watcher that records and shows its runs, or nothing. */
final class Watching implements AutoCloseable {
    private final UiServer server;
    private final UiWatcher watcher;

    private Watching(UiServer server, UiWatcher watcher) {
        this.server = server;
        this.watcher = watcher;
    }

    static Watching start(boolean enabled, UiOptions options, String prefix, int every, PrintWriter out) {
        if (!enabled) return new Watching(null, null);
        UiServer server = options.start();
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
