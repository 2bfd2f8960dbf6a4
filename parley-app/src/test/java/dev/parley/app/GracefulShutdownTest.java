package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.store.Database;
import dev.parley.store.UsageRepository;
import dev.parley.testkit.FakeProviderExtension;
import dev.parley.testkit.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SIGTERM under load, on a real process: every stream in flight finishes, and every one of them is in the
 * ledger when the process has exited.
 */
class GracefulShutdownTest {

    private static final int IN_FLIGHT = 16;

    @RegisterExtension
    static final FakeProviderExtension UPSTREAM = new FakeProviderExtension();

    @TempDir
    Path dataDir;

    @ParameterizedTest
    @ValueSource(strings = {"batched", "journal"})
    void sigtermFinishesStreamsInFlightAndFlushesEveryRow(String durability) throws Exception {
        UPSTREAM.fake().defaultAnswer(Reply.text("a b c d e f g h").withTextChunks(8).withChunkDelay(Duration.ofMillis(150)));
        Path config = dataDir.resolve("parley.yaml");
        Files.writeString(config, TestParley.yaml(UPSTREAM.baseUrl(), dataDir, "")
                .replace("${UPSTREAM_KEY}", TestParley.PROVIDER_KEY) + "usage: {durability: " + durability + "}\n");
        Process process = ParleyProcess.start(config);
        try {
            String baseUrl = ParleyProcess.awaitListening(process);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            List<CompletableFuture<HttpResponse<String>>> streams = new ArrayList<>();
            for (int i = 0; i < IN_FLIGHT; i++) {
                streams.add(http.sendAsync(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/chat/completions"))
                        .header("authorization", "Bearer " + TestParley.KEY)
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"model\":\"gpt-test\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                        .build(), HttpResponse.BodyHandlers.ofString()));
            }
            UPSTREAM.fake().awaitRequests(IN_FLIGHT, Duration.ofSeconds(10));

            process.destroy(); // SIGTERM

            List<String> ids = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> stream : streams) {
                HttpResponse<String> response = stream.get(20, TimeUnit.SECONDS);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).as("a stream cut by the shutdown").contains("data: [DONE]");
                ids.add(response.headers().firstValue("x-parley-request-id").orElseThrow());
            }
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("Parley exits after draining").isTrue();

            try (Database db = Database.open("sqlite:" + dataDir.resolve("parley.db"))) {
                UsageRepository ledger = new UsageRepository(db);
                for (String id : ids) {
                    assertThat(ledger.findByRequestId(id)).as("usage row of %s", id).isPresent();
                }
            }
            Path journal = dataDir.resolve(Parley.USAGE_JOURNAL);
            try (var left = Files.list(journal)) {
                assertThat(left.toList()).as("journal segments left after a clean shutdown").isEmpty();
            }
        } finally {
            process.destroyForcibly();
        }
    }
}
