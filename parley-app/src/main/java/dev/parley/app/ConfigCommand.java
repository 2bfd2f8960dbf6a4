package dev.parley.app;

import dev.parley.core.config.ConfigException;
import dev.parley.core.config.ConfigLoader;
import dev.parley.core.config.ParleyConfig;
import dev.parley.server.TlsChecks;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code parley config validate FILE}: the start-up checks, without starting. */
@Command(name = "config", description = "Work with config files.", subcommands = ConfigCommand.Validate.class)
final class ConfigCommand {

    @Command(name = "validate", description = "Check a config file as start-up would, without starting.")
    static final class Validate implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The YAML config file.")
        Path file;

        @Override
        public Integer call() {
            try {
                ParleyConfig config = ConfigLoader.parse(ConfigFiles.read(file), System.getenv());
                TlsChecks.check(config);
                config.warnings().forEach(w -> spec.commandLine().getErr().println("warning: " + w));
                spec.commandLine().getOut().printf("%s is valid: %d providers, %d models, %d keys%n", file,
                        config.providers().size(), config.models().size(), config.keys().size());
                return 0;
            } catch (ConfigException e) {
                spec.commandLine().getErr().println(file + ": " + e.getMessage());
                return 1;
            }
        }
    }
}
