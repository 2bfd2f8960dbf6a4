package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.usage.TokenUsage;
import dev.parley.core.usage.UsageRecord;
import dev.parley.store.Database;
import dev.parley.store.UsageRepository;
import dev.parley.testkit.FakeProviderExtension;
import dev.parley.testkit.Reply;
import dev.parley.testkit.Usage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 under load, on a real process with {@code usage.durability: journal}: every request whose response the
 * client saw end has exactly one ledger row after a restart on the same data folder, with the tokens the fake
 * provider served, and the ledger holds no row the provider was not asked for.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class KillNineTest {

    private static final int CLIENTS = 8;
    private static final int COMPLETED_BEFORE_KILL = 150;
    private static final Usage SERVED = Usage.of(21, 9);

    @RegisterExtension
    static final FakeProviderExtension UPSTREAM = new FakeProviderExtension();

    @TempDir
    Path dataDir;

    @Test
    void everyResponseThatEndedBeforeKillNineHasExactlyOneRowAfterTheRestart() throws Exception {
        UPSTREAM.fake().defaultAnswer(Reply.text("one two three four").withTextChunks(4).withUsage(SERVED));
        // A flush interval no test outlives: without the journal, every row of this run would be lost.
        Path config = config("usage: {durability: journal, batch_size: 1000, flush_interval: 10m}\n");

        Set<String> completed = ConcurrentHashMap.newKeySet();
        Set<String> unexpected = ConcurrentHashMap.newKeySet();
        Process first = ParleyProcess.start(config);
        try {
            String baseUrl = ParleyProcess.awaitListening(first);
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                boolean stream = c % 2 == 0;
                clients.add(Thread.ofVirtual().start(() -> drive(baseUrl, stream, completed, unexpected)));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> completed.size() >= COMPLETED_BEFORE_KILL);

            first.destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertThat(first.waitFor(20, TimeUnit.SECONDS)).isTrue();
            for (Thread client : clients) {
                client.join(Duration.ofSeconds(30));
            }
        } finally {
            first.destroyForcibly();
        }
        assertThat(completed).hasSizeGreaterThanOrEqualTo(COMPLETED_BEFORE_KILL);
        assertThat(unexpected).as("responses that ended without a whole answer").isEmpty();

        // The restart (in this JVM, on the same data folder) replays the journal before it listens; closing it
        // then closes the database cleanly.
        try (TestParley restarted = TestParley.start(Files.readString(config), dataDir)) {
            assertThat(restarted.parley.inFlight()).isZero();
        }

        try (Database db = Database.open("sqlite:" + dataDir.resolve("parley.db"))) {
            UsageRepository ledger = new UsageRepository(db);
            List<UsageRecord> rows = ledger.recent(Integer.MAX_VALUE);
            for (String id : completed) {
                Optional<UsageRecord> row = ledger.findByRequestId(id);
                assertThat(row).as("usage row of %s", id).isPresent();
                assertThat(row.get().status()).isEqualTo(200);
                // The provider's raw usage object is kept on the row too; the counts are what must match.
                assertThat(row.get().usage()).usingRecursiveComparison().ignoringFields("raw").isEqualTo(
                        new TokenUsage(SERVED.inputTokens(), SERVED.outputTokens(), 0, 0, 0, TokenUsage.Source.REPORTED));
                assertThat(row.get().usage().raw()).isPresent();
            }
            // Request ids are the primary key, so a row counted twice would show as more rows than requests.
            assertThat(rows.stream().map(UsageRecord::requestId).distinct().count()).isEqualTo(rows.size());
            assertThat((long) rows.size()).as("rows against requests the provider received")
                    .isLessThanOrEqualTo(UPSTREAM.fake().requests().size());
        }
        assertThat(journalSegments()).as("the journal is emptied once replayed").isEmpty();
    }

    /** Sends requests one after another until Parley is gone; remembers the ids of responses that ended. */
    private static void drive(String baseUrl, boolean stream, Set<String> completed, Set<String> unexpected) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String body = "{\"model\":\"gpt-test\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        while (true) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/chat/completions"))
                        .header("authorization", "Bearer " + TestParley.KEY)
                        .timeout(Duration.ofSeconds(20))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                String id = response.headers().firstValue("x-parley-request-id").orElse("no id");
                boolean whole = response.body().contains(stream ? "data: [DONE]" : "\"usage\"");
                (response.statusCode() == 200 && whole ? completed : unexpected).add(id);
            } catch (IOException e) {
                return; // Parley was killed: this response never ended
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private Path config(String usage) throws IOException {
        Path config = dataDir.resolve("parley.yaml");
        Files.writeString(config, TestParley.yaml(UPSTREAM.baseUrl(), dataDir, "")
                .replace("${UPSTREAM_KEY}", TestParley.PROVIDER_KEY) + usage);
        return config;
    }

    private List<Path> journalSegments() throws IOException {
        Path folder = dataDir.resolve(Parley.USAGE_JOURNAL);
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (var files = Files.list(folder)) {
            return files.toList();
        }
    }
}
