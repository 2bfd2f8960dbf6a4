package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.config.ConfigLoader;
import dev.parley.core.model.FinishReason;
import dev.parley.core.model.StreamEvent;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.tokens.UsageMeter;
import dev.parley.core.usage.TokenUsage;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How an exchange ends on a real server: an answer whose usage has to be estimated is counted on a worker thread,
 * never on the event loop every other connection of it waits on, and is then settled (row, limits, budgets) on the
 * event loop, before the response ends. An answer the provider's figures settle is not counted at all.
 */
class ExchangeEndTest {

    private static final Redaction REDACTION = Redaction.of(ConfigLoader.parse("", Map.of()));
    private final Vertx vertx = Vertx.vertx();
    private final HttpClient client = HttpClient.newHttpClient();
    /** Whether the input estimate ran on an event loop, when it ran. */
    private final CompletableFuture<Boolean> countedOnLoop = new CompletableFuture<>();
    /** Whether the end (the row's settlement) ran on an event loop. */
    private final CompletableFuture<Boolean> settledOnLoop = new CompletableFuture<>();
    /** The usage the end settled. */
    private volatile TokenUsage settled = TokenUsage.NONE;
    private HttpServer server;

    @AfterEach
    void tearDown() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
        client.close();
    }

    @Test
    void anEstimateIsCountedOffTheEventLoopAndSettledOnIt() throws Exception {
        serve(meter -> meter.accept(new StreamEvent.TextDelta(0, "a cut answer, with no usage reported")));

        assertThat(get()).isEqualTo("the end");

        assertThat(countedOnLoop.get(10, TimeUnit.SECONDS)).as("counted on an event loop").isFalse();
        assertThat(settledOnLoop.get(10, TimeUnit.SECONDS)).as("settled on an event loop").isTrue();
        assertThat(settled.source()).isEqualTo(TokenUsage.Source.TOKENIZER);
        assertThat(settled.inputTokens()).isEqualTo(5);
        assertThat(settled.outputTokens()).isPositive();
    }

    @Test
    void reportedUsageIsSettledOnTheLoopWithoutCounting() throws Exception {
        TokenUsage reported = new TokenUsage(11, 3, 0, 0, 0, TokenUsage.Source.REPORTED);
        serve(meter -> {
            meter.accept(new StreamEvent.TextDelta(0, "a whole answer"));
            meter.accept(new StreamEvent.Usage(reported));
            meter.accept(new StreamEvent.Finish(FinishReason.END_TURN, Optional.empty()));
        });

        assertThat(get()).isEqualTo("the end");

        assertThat(settledOnLoop.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(settled).isEqualTo(reported);
        assertThat(countedOnLoop).as("the input was never counted").isNotDone();
    }

    /** A server whose one handler meters an answer as {@code answer} says, then finishes the exchange. */
    private void serve(Consumer<UsageMeter> answer) throws Exception {
        server = vertx.createHttpServer().requestHandler(request -> {
            Exchange exchange = new Exchange(Protocol.OPENAI_CHAT, request, 1024, REDACTION, ended -> {
                settled = ended.usage();
                settledOnLoop.complete(Context.isOnEventLoopThread());
                return CompletableFuture.completedStage(null);
            });
            exchange.inputEstimate(() -> {
                countedOnLoop.complete(Context.isOnEventLoopThread());
                return 5;
            });
            answer.accept(exchange.meter());
            exchange.finish(Buffer.buffer("the end"));
        });
        server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    }

    private String get() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + "/"))
                .timeout(Duration.ofSeconds(10)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }
}
