package bplab.cli;

import bplab.config.UiConfig;
import bplab.ui.UiServer;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Where DL4J's training UI listens: loopback only unless --ui-host (or logging.ui.host) says otherwise. */
final class UiOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--ui-host", paramLabel = "ADDRESS",
            description = "Address the UI listens on (overrides logging.ui.host). Default: " + UiConfig.LOOPBACK
                    + " (this machine only); 0.0.0.0 shows your training to everyone who can reach the port.")
    String host;

    @Option(names = "--ui-port", paramLabel = "PORT",
            description = "Port of the UI (overrides logging.ui.port); 0 picks a free one. Default: " + UiConfig.DEFAULT_PORT + ".")
    Integer port;

    /** Starts the UI where these options, else {@code config}, say; a port in use or an unusable host is a bad argument (exit 2). */
    UiServer start(UiConfig config) {
        try {
            return UiServer.start(host != null ? host : config.host(), port != null ? port : config.port());
        } catch (UiServer.AddressException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--ui-host/--ui-port: " + e.getMessage());
        }
    }
}
