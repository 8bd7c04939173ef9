package bplab.cli;

import bplab.config.ConfigLoader;
import bplab.config.RunConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The required {@code --config FILE} and repeatable {@code --set KEY=VALUE} of commands that take a run config. */
final class RunConfigOptions {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "YAML run config.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one config key (repeatable).")
    List<String> overrides = new ArrayList<>();

    /** The config file with the overrides applied, validated. */
    RunConfig load() {
        return new ConfigLoader().load(config, overrides);
    }
}
