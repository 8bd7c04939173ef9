package bplab.config;

/**
 * DeepLearning4J's training UI for a run ({@code logging.ui}). The command line's {@code --ui},
 * {@code --no-ui}, {@code --ui-host}, {@code --ui-port} and {@code --ui-every} override it.
 *
 * @param enabled watch the run in the UI and record its statistics (default false)
 * @param host    the address the UI listens on (default 127.0.0.1: this machine only; 0.0.0.0: every interface)
 * @param port    the UI's port, 0-65535; 0 picks a free one (default 9000, DL4J's)
 * @param every   report statistics every N iterations (default 500: watching costs under 5% of training, README "Watching in DL4J's UI")
 */
public record UiConfig(Boolean enabled, String host, Integer port, Integer every) {
    public static final String LOOPBACK = "127.0.0.1";
    public static final int DEFAULT_PORT = 9000;
    public static final int DEFAULT_EVERY = 500;

    public UiConfig {
        enabled = Check.orDefault(enabled, false);
        host = Check.orDefault(host, LOOPBACK);
        if (host.isBlank() || !host.strip().equals(host)) {
            throw new ConfigException("host", "'" + host + "'", "an address of this machine such as 127.0.0.1 or 0.0.0.0 (every interface)");
        }
        port = Check.nonNegative("port", port, DEFAULT_PORT);
        if (port > 0xFFFF) throw new ConfigException("port", port.toString(), "a port 0-65535 (0 picks a free one)");
        every = Check.positive("every", every, DEFAULT_EVERY);
    }

    public static UiConfig defaults() {
        return new UiConfig(null, null, null, null);
    }
}
