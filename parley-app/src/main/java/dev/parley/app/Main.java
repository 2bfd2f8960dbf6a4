package dev.parley.app;

import dev.parley.app.cli.CliEnvironment;
import dev.parley.app.cli.DlqCommand;
import dev.parley.app.cli.BalanceCommand;
import dev.parley.app.cli.KeysCommand;
import dev.parley.app.cli.MembersCommand;
import dev.parley.app.cli.ProjectsCommand;
import dev.parley.app.cli.TeamsCommand;
import dev.parley.app.cli.UsageCommand;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code parley} command. Without a subcommand it serves. */
@Command(name = "parley", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "An LLM API gateway: one base URL and one key for every model.",
        subcommands = {ServeCommand.class, ConfigCommand.class, KeysCommand.class, TeamsCommand.class,
            ProjectsCommand.class, MembersCommand.class, BalanceCommand.class, UsageCommand.class, DlqCommand.class})
public final class Main implements Callable<Integer>, CliEnvironment {

    private final Map<String, String> env;

    @CommandLine.Mixin
    ServeCommand.Options serve = new ServeCommand.Options();

    private Main(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    public static void main(String[] args) {
        // First: Netty reads them once, when its classes load.
        NettyDefaults.apply(System.getProperties());
        System.exit(run(args));
    }

    static int run(String... args) {
        return run(System.getenv(), args);
    }

    /** The command with {@code env} as its environment, where the admin commands find their defaults. */
    static int run(Map<String, String> env, String... args) {
        CommandLine cli = new CommandLine(new Main(env));
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
    public Map<String, String> environment() {
        return env;
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
