package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.usage.UsageRecord;
import dev.parley.store.Database;
import dev.parley.store.UsageRepository;
import dev.parley.testkit.FakeProviderExtension;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.provider.Arguments;

/** A Parley with one provider of every type in front of one fake, for the client × provider matrix tests. */
abstract class MatrixParley {

    @RegisterExtension
    static final FakeProviderExtension UPSTREAM = new FakeProviderExtension();

    @TempDir
    static Path dataDir;

    static TestParley parley;
    static Database ledgerDb;
    static UsageRepository ledger;

    @BeforeAll
    static void start() {
        parley = TestParley.start(UpstreamType.yaml(UPSTREAM.baseUrl(), dataDir), dataDir);
        ledgerDb = Database.open("sqlite:" + dataDir.resolve("parley.db"));
        ledger = new UsageRepository(ledgerDb);
    }

    @AfterAll
    static void stop() {
        parley.close();
        ledgerDb.close();
    }

    /** Every client protocol against every provider type, streaming and not. */
    static Stream<Arguments> matrix() {
        List<Arguments> all = new ArrayList<>();
        for (ClientWire client : ClientWire.values()) {
            for (UpstreamType upstream : UpstreamType.values()) {
                all.add(Arguments.of(client, upstream, false));
                all.add(Arguments.of(client, upstream, true));
            }
        }
        return all.stream();
    }

    /** Every client protocol against every provider type, streaming. */
    static Stream<Arguments> streamingMatrix() {
        return matrix().filter(a -> (boolean) a.get()[2]);
    }

    static HttpResponse<String> send(ClientWire client, UpstreamType upstream, boolean stream, String body)
            throws Exception {
        return parley.send("POST", client.path(upstream.model(), stream), client.headers(TestParley.KEY), body);
    }

    static HttpResponse<String> send(ClientWire client, String path, Map<String, String> extra, String body)
            throws Exception {
        Map<String, String> headers = new java.util.HashMap<>(client.headers(TestParley.KEY));
        headers.putAll(extra);
        return parley.send(body.isEmpty() ? "GET" : "POST", path, headers, body);
    }

    static UsageRecord awaitRow(HttpResponse<String> response) {
        String id = response.headers().firstValue("x-parley-request-id").orElseThrow();
        parley.parley.flushUsage();
        return await().atMost(Duration.ofSeconds(10)).until(() -> ledger.findByRequestId(id), Optional::isPresent)
                .orElseThrow();
    }

    static void assertOk(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }
}
