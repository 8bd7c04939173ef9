package bplab.cli;

import bplab.ui.UiServer;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Where DL4J's training UI listens: loopback only unless --ui-host says otherwise. */
final class UiOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--ui-host", paramLabel = "ADDRESS", defaultValue = UiServer.LOOPBACK,
            description = "Address the UI listens on. Default: ${DEFAULT-VALUE} (this machine only); "
                    + "0.0.0.0 shows your training to everyone who can reach the port.")
    String host;

    @Option(names = "--ui-port", paramLabel = "PORT", defaultValue = "" + UiServer.DEFAULT_PORT,
            description = "Port of the UI; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    int port;

    /** Starts the UI; a port in use or an unusable host is a bad argument (exit 2), other failures exit 1. */
    UiServer start() {
        try {
            return UiServer.start(host, port);
        } catch (UiServer.AddressException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--ui-host/--ui-port: " + e.getMessage());
        }
    }
}
