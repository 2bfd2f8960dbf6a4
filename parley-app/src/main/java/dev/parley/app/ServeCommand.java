package dev.parley.app;

import ch.qos.logback.classic.LoggerContext;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code parley serve}: runs until SIGTERM or SIGINT, then drains requests and flushes the ledger. */
@Command(name = "serve", description = "Start Parley (the default command).")
final class ServeCommand implements Callable<Integer> {

    static final class Options {
        @Option(names = "--config", paramLabel = "FILE", description = "YAML config file (default: $PARLEY_CONFIG, else embedded defaults).")
        Path config;

        @Option(names = "--port", description = "Listen on this port instead of the configured one (0 = any free port).")
        Integer port;
    }

    @Mixin
    Options options = new Options();

    ServeCommand() {
    }

    ServeCommand(Options options) {
        this.options = options;
    }

    @Override
    public Integer call() {
        Parley parley = Parley.start(ConfigFiles.locate(Optional.ofNullable(options.config), System.getenv()),
                Optional.ofNullable(options.port), System.getenv());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("parley-shutdown").unstarted(() -> {
            parley.close();
            // The last requests' access log lines may still be queued for their writer (LineBatchAppender).
            if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logging) {
                logging.stop();
            }
            stopped.countDown();
        }));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
