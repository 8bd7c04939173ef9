package bplab.config;

/**
 * A config value that cannot be used. The message names the source (file or --set), the
 * YAML path, the line where known, what was found and what was expected.
 */
public final class ConfigException extends RuntimeException {
    private final String path;

    public ConfigException(String path, String found, String expected) {
        super(path + ": found " + found + ", expected " + expected);
        this.path = path;
    }

    public ConfigException(String message) {
        super(message);
        this.path = "";
    }

    /** The YAML path relative to the record that raised it, e.g. {@code units}. */
    public String path() {
        return path;
    }
}
