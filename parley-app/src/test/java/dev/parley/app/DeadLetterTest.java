package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.usage.UsageRecord;
import dev.parley.testkit.FakeProviderExtension;
import dev.parley.testkit.Reply;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The dead-letter queue through the admin API and {@code parley dlq}, against a real Parley: a letter listed and
 * shown with its error history, replayed once through the normal path (the fake provider called, the ledger's row the
 * letter's key's), a second replay refused, a discard audited; the CLI prints the same.
 */
class DeadLetterTest {

    private static final String MASTER = TenantParley.MASTER;

    @RegisterExtension
    static final FakeProviderExtension UPSTREAM = new FakeProviderExtension();

    @TempDir
    static Path dataDir;

    static TenantParley parley;
    static TenantParley.Tenant tenant;

    @BeforeAll
    static void start() {
        parley = TenantParley.inFrontOf(UPSTREAM.baseUrl(), dataDir);
        tenant = parley.tenant("dlq");
    }

    @BeforeEach
    void answer() {
        UPSTREAM.fake().defaultAnswer(Reply.text("answered on replay"));
    }

    @AfterAll
    static void stop() {
        parley.close();
    }

    private static String letter() {
        return DeadLetters.add(dataDir, "key:" + tenant.key().id(), tenant.key().name(),
                Optional.of(tenant.team().id()));
    }

    @Test
    void aLetterIsListedShownReplayedOnceAndItsReplayBilledToItsKey() throws Exception {
        String id = letter();
        int callsBefore = UPSTREAM.fake().requests().size();

        JsonNode listed = parley.admin().get("/admin/dead-letters?state=dead&source=batch", MASTER);
        JsonNode shown = parley.admin().get("/admin/dead-letters/" + id, MASTER);

        assertThat(listed.path("items").valueStream().map(l -> l.path("id").asString())).contains(id);
        assertThat(shown.path("state").asString()).isEqualTo("dead");
        assertThat(shown.path("key_name").asString()).isEqualTo(tenant.key().name());
        assertThat(shown.path("team_id").asString()).isEqualTo(tenant.team().id());
        assertThat(shown.path("request").path("model").asString()).isEqualTo("gpt-test");
        assertThat(shown.path("failures").get(0).path("error_class").asString()).isEqualTo("upstream_503");
        assertThat(shown.path("failures").get(0).path("status").asInt()).isEqualTo(503);

        JsonNode replayed = parley.admin().expect(200, "POST", "/admin/dead-letters/" + id + "/replay", MASTER, "");

        assertThat(replayed.path("state").asString()).isEqualTo("replayed");
        assertThat(replayed.path("replay").path("status").asInt()).isEqualTo(200);
        assertThat(replayed.path("replay").path("by").asString()).isEqualTo("master");
        assertThat(replayed.path("replay").path("response").toString()).contains("answered on replay");
        assertThat(UPSTREAM.fake().requests().size() - callsBefore).isEqualTo(1);
        UsageRecord row = parley.row(replayed.path("replay").path("request_id").asString());
        assertThat(row.attribution().keyId()).contains(tenant.key().id());
        assertThat(row.status()).isEqualTo(200);

        JsonNode again = parley.admin().expect(409, "POST", "/admin/dead-letters/" + id + "/replay", MASTER, "");
        assertThat(again.path("error").path("message").asString()).contains("replayed once");
        assertThat(UPSTREAM.fake().requests().size() - callsBefore).isEqualTo(1);
        assertThat(parley.admin().get("/admin/dead-letters?state=replayed", MASTER).path("items").valueStream()
                .map(l -> l.path("id").asString())).contains(id);
    }

    @Test
    void aDiscardIsAuditedAndTheLetterGone() throws Exception {
        String id = letter();

        parley.admin().expect(204, "DELETE", "/admin/dead-letters/" + id, MASTER, "");

        parley.admin().expect(404, "GET", "/admin/dead-letters/" + id, MASTER, "");
        parley.admin().expect(404, "DELETE", "/admin/dead-letters/" + id, MASTER, "");
        String audit = parley.admin().get("/admin/audit?limit=500", MASTER).toString();
        assertThat(audit).contains("dead_letter.discard").contains(id);
    }

    @Test
    void aReplayGoesThroughAdmissionAsItsKey() throws Exception {
        TenantParley.Tenant revoked = parley.tenant("gone");
        String id = DeadLetters.add(dataDir, "key:" + revoked.key().id(), revoked.key().name(),
                Optional.of(revoked.team().id()));
        parley.admin().expect(200, "POST", "/admin/keys/" + revoked.key().id() + "/revoke", MASTER, "");

        JsonNode replayed = parley.admin().expect(200, "POST", "/admin/dead-letters/" + id + "/replay", MASTER, "");

        assertThat(replayed.path("replay").path("status").asInt()).isEqualTo(401);
        assertThat(replayed.path("state").asString()).isEqualTo("replayed");
    }

    @Test
    void theCliListsShowsReplaysAndDiscards() {
        String replayMe = letter();
        String discardMe = letter();

        CliResult list = cli("dlq", "list", "--state", "dead");
        CliResult show = cli("dlq", "show", replayMe);
        CliResult json = cli("dlq", "list", "--json");
        CliResult replay = cli("dlq", "replay", replayMe);
        CliResult twice = cli("dlq", "replay", replayMe);
        CliResult discard = cli("dlq", "discard", discardMe);

        assertThat(list.code()).isZero();
        assertThat(list.out()).contains("ID", "LAST_ERROR", replayMe, discardMe, "upstream_503");
        assertThat(show.out()).contains(replayMe, "Request to /v1/chat/completions", "fake-openai", "503");
        assertThat(json.out().strip()).startsWith("[").contains(replayMe);
        assertThat(replay.code()).isZero();
        assertThat(replay.out()).contains("replayed", "200");
        assertThat(twice.code()).isEqualTo(1);
        assertThat(twice.err()).contains("replayed once");
        assertThat(discard.out()).contains("Discarded dead letter " + discardMe);
        assertThat(list.out() + show.out() + replay.out() + twice.err()).doesNotContain(MASTER);
    }

    private static CliResult cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", parley.parley.parley.baseUrl(), "--admin-key", MASTER));
        return CliResult.run(Map.of(), all.toArray(String[]::new));
    }
}
