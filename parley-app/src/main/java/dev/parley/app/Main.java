package dev.parley.app;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code parley} command. Without a subcommand it serves. */
@Command(name = "parley", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "An LLM API gateway: one base URL and one key for every model.",
        subcommands = {ServeCommand.class, ConfigCommand.class})
public final class Main implements Callable<Integer> {

    @CommandLine.Mixin
    ServeCommand.Options serve = new ServeCommand.Options();

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            if (e instanceof StartupException || e instanceof dev.parley.core.config.ConfigException) {
                commandLine.getErr().println("parley: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        return new ServeCommand(serve).call();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"parley " + (version == null ? "dev" : version)};
        }
    }
}
