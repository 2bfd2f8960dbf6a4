package dev.parley.testkit;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a fake provider from the command line for demos and benchmarks, serving the default reply on every path:
 * {@code java -cp ... dev.parley.testkit.FakeProviderMain --port 4010}.
 */
public final class FakeProviderMain {

    static final String USAGE = """
            Usage: FakeProviderMain [--port N] [--host ADDR] [--text TEXT] [--chunks N]
                                    [--chunk-delay-ms N] [--header-delay-ms N]
              --port             port to listen on (default 4010, 0 for a random one)
              --host             address to bind (default 127.0.0.1)
              --text             the reply text (default "%s")
              --chunks           deltas the text is streamed in (default 3)
              --chunk-delay-ms   pause between stream events (default 0: the stream goes out in one write)
              --header-delay-ms  pause before the response headers (default 0)
            """.formatted(Reply.DEFAULT_TEXT);

    private FakeProviderMain() {}

    public static void main(String[] args) throws InterruptedException {
        FakeProviderConfig config;
        try {
            config = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        FakeProvider fake = new FakeProvider(config).start();
        Runtime.getRuntime().addShutdownHook(new Thread(fake::close, "fake-provider-shutdown"));
        System.out.println("Fake provider listening on " + fake.baseUrl());
        new CountDownLatch(1).await();
    }

    /** The configuration {@code args} describe; tuned for throughput: renderings reused, little kept. */
    static FakeProviderConfig parse(String... args) {
        FakeProviderConfig config = FakeProviderConfig.defaults().withPort(4010).withReusedRenderings(true)
                .withRetainedRecords(100);
        Reply reply = Reply.defaultReply();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                throw new IllegalArgumentException("");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + flag);
            }
            String value = args[++i];
            switch (flag) {
                case "--port" -> config = config.withPort(number(flag, value));
                case "--host" -> config = config.withHost(value);
                case "--text" -> reply = new Reply(Reply.text(value).pieces(), reply.finish(), reply.usage(),
                        reply.pacing());
                case "--chunks" -> reply = reply.withTextChunks(number(flag, value));
                case "--chunk-delay-ms" -> reply = reply.withChunkDelay(Duration.ofMillis(number(flag, value)));
                case "--header-delay-ms" -> reply = reply.withHeaderDelay(Duration.ofMillis(number(flag, value)));
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        return config.withDefaultReply(reply);
    }

    private static int number(String flag, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a number, got " + value, e);
        }
    }
}
