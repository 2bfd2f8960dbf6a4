package dev.parley.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FakeProviderMainTest {

    @Test
    void defaultsToPort4010WithReusedRenderings() {
        FakeProviderConfig config = FakeProviderMain.parse();

        assertThat(config.port()).isEqualTo(4010);
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.reuseRenderings()).isTrue();
        assertThat(config.defaultReply()).isEqualTo(Reply.defaultReply());
    }

    @Test
    void optionsShapeTheDefaultReply() {
        FakeProviderConfig config = FakeProviderMain.parse("--port", "0", "--text", "pong", "--chunks", "5",
                "--chunk-delay-ms", "20", "--header-delay-ms", "30");

        assertThat(config.port()).isZero();
        Reply reply = config.defaultReply();
        assertThat(reply.text()).isEqualTo("pong");
        assertThat(reply.pacing()).isEqualTo(new Pacing(Duration.ofMillis(30), Duration.ofMillis(20), 5));
    }

    @Test
    void rejectsWhatItDoesNotKnow() {
        assertThatThrownBy(() -> FakeProviderMain.parse("--bogus", "1")).hasMessageContaining("unknown option");
        assertThatThrownBy(() -> FakeProviderMain.parse("--port")).hasMessageContaining("missing value");
        assertThatThrownBy(() -> FakeProviderMain.parse("--port", "x")).hasMessageContaining("needs a number");
    }

    @Test
    void reusedRenderingsServeIdenticalBytesForTheDefaultReplyOnly() {
        try (FakeProvider fake = new FakeProvider(FakeProviderMain.parse("--port", "0")).start()) {
            String first = TestHttp.post(fake, Endpoint.CHAT.path(true), Endpoint.CHAT.body(true)).body();
            String second = TestHttp.post(fake, Endpoint.CHAT.path(true), Endpoint.CHAT.body(true)).body();
            fake.enqueue(Reply.defaultReply());
            String scripted = TestHttp.post(fake, Endpoint.CHAT.path(true), Endpoint.CHAT.body(true)).body();

            assertThat(second).isEqualTo(first);
            assertThat(scripted).isNotEqualTo(first).contains("chatcmpl-fake000003");
            assertThat(fake.awaitServed(3, Duration.ofSeconds(10))).hasSize(3);
        }
    }
}
