package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * A channel disabled through the admin API is skipped by routing until enabled again: with no other channel, its
 * model answers 503 {@code channel_disabled} and the fake provider hears nothing; the status page shows it, and
 * both switches are in the audit log. A channel's test is one model-list call to its provider.
 */
class ChannelSwitchTest {

    private static final String MASTER = AdminApiTest.MASTER;
    private static final String CHANNEL = "{\"provider\":\"fake-openai\",\"upstream_model\":\"upstream-model\"}";
    private static final String CHAT = "{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    @RegisterExtension
    static final AdminParley SETUP = new AdminParley();

    @Test
    void aDisabledChannelIsSkippedUntilEnabledAgain() throws Exception {
        assertThat(chat().statusCode()).isEqualTo(200);
        JsonNode disabled = SETUP.admin().expect(200, "POST", "/admin/channels/disable", MASTER, CHANNEL);
        assertThat(disabled.path("enabled").asBoolean()).isFalse();
        assertThat(status().path("enabled").asBoolean()).isFalse();

        int served = SETUP.fake().requests().size();
        var refused = chat();
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).contains("channel_disabled").contains("gpt-test");
        assertThat(SETUP.fake().requests().size()).as("nothing sent upstream").isEqualTo(served);

        assertThat(SETUP.admin().expect(200, "POST", "/admin/channels/enable", MASTER, CHANNEL).path("enabled").asBoolean()).isTrue();
        assertThat(status().path("enabled").asBoolean()).isTrue();
        assertThat(chat().statusCode()).isEqualTo(200);

        String audit = SETUP.admin().all("/admin/audit", MASTER, 500).toString();
        assertThat(audit).contains("channel.disable").contains("channel.enable").contains("fake-openai/upstream-model");
    }

    @Test
    void aChannelTestFetchesTheProvidersModelListAndGeneratesNothing() throws Exception {
        int served = SETUP.fake().requests().size();
        JsonNode tested = SETUP.admin().expect(200, "POST", "/admin/channels/test", MASTER, CHANNEL);
        assertThat(tested.path("ok").asBoolean()).as(tested.toString()).isTrue();
        assertThat(tested.path("status").asInt()).isEqualTo(200);
        assertThat(tested.path("latency_ms").isNumber()).isTrue();
        assertThat(SETUP.fake().requests()).hasSize(served + 1);
        assertThat(SETUP.fake().requests().getLast().path()).endsWith("/models");
        assertThat(SETUP.admin().call("POST", "/admin/channels/test", MASTER,
                "{\"provider\":\"nobody\",\"upstream_model\":\"upstream-model\"}").status()).isEqualTo(404);
    }

    @Test
    void anUnknownChannelIsNotFoundAndAFieldIsRequired() throws Exception {
        AdminClient.Answer unknown = SETUP.admin().call("POST", "/admin/channels/disable", MASTER,
                "{\"provider\":\"fake-openai\",\"upstream_model\":\"no-such-model\"}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.param()).isEqualTo("upstream_model");
        AdminClient.Answer missing = SETUP.admin().call("POST", "/admin/channels/disable", MASTER,
                "{\"provider\":\"fake-openai\"}");
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.param()).isEqualTo("upstream_model");
    }

    private static java.net.http.HttpResponse<String> chat() throws Exception {
        return SETUP.parley().post("/v1/chat/completions", TestParley.KEY, CHAT);
    }

    private static JsonNode status() throws Exception {
        return SETUP.admin().get("/admin/channels/status", MASTER).path("channels").get(0);
    }
}
