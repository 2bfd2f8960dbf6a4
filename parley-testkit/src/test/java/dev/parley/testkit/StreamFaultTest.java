package dev.parley.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

class StreamFaultTest {

    @RegisterExtension
    static final FakeProviderExtension upstream = new FakeProviderExtension();

    private static final Duration GENEROUS = Duration.ofSeconds(10);
    private static final Duration SILENCE = Duration.ofMillis(300);

    @Test
    void stallBeforeHeadersIsObservableByAClientTimeout() {
        upstream.enqueue(Fault.stallBeforeHeaders(Duration.ofSeconds(30)));

        assertThatThrownBy(() -> TestHttp.CLIENT.send(TestHttp.request(upstream.fake(), Endpoint.CHAT.path(false))
                        .timeout(SILENCE).POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                Endpoint.CHAT.body(false))).build(),
                HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(upstream.fake().requests()).hasSize(1);
    }

    @Test
    void stallBeforeHeadersEndsInAClose() throws IOException {
        upstream.enqueue(Fault.stallBeforeHeaders(Duration.ofMillis(200)));

        assertThatThrownBy(() -> RawHttp.post(upstream.fake(), Endpoint.CHAT.path(false), Endpoint.CHAT.body(false)))
                .isInstanceOf(IOException.class);
        assertThat(upstream.fake().clientHangUps()).as("the fake closed, not the client").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void stallAfterChunksSendsThemThenGoesSilentThenCloses(Endpoint endpoint) throws IOException {
        upstream.enqueue(Fault.stallAfterChunks(2, Duration.ofSeconds(1)));

        try (RawHttp http = RawHttp.post(upstream.fake(), endpoint.path(true), endpoint.body(true))) {
            assertThat(http.status()).isEqualTo(200);
            assertThat(http.next()).isInstanceOf(RawHttp.Read.Event.class);
            assertThat(http.next()).isInstanceOf(RawHttp.Read.Event.class);
            http.timeout(SILENCE);
            assertThatThrownBy(http::next).isInstanceOf(SocketTimeoutException.class);
            http.timeout(GENEROUS);
            assertThat(http.next()).isInstanceOf(RawHttp.Read.Eof.class);
        }
        assertThat(upstream.fake().clientHangUps()).isEmpty();
        assertThat(upstream.fake().servedCount()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void cutAfterChunksEndsWithoutATerminator(Endpoint endpoint) throws IOException {
        upstream.enqueue(Fault.cutAfterChunks(3).during(Reply.text("Long enough for six deltas.").withTextChunks(6)));

        List<String> events = new ArrayList<>();
        try (RawHttp http = RawHttp.post(upstream.fake(), endpoint.path(true), endpoint.body(true))) {
            RawHttp.Read read;
            while ((read = http.next()) instanceof RawHttp.Read.Event(String text)) {
                events.add(text);
            }
            assertThat(read).as("no zero-length chunk, just a dropped connection").isInstanceOf(RawHttp.Read.Eof.class);
        }
        assertThat(events).hasSize(3).noneMatch(endpoint::isTerminator);
        assertThat(upstream.fake().clientHangUps()).isEmpty();
        assertThat(upstream.fake().servedCount()).isZero();
    }

    @Test
    void aCutStreamFailsAHighLevelClient() {
        upstream.enqueue(Fault.cutAfterChunks(2));

        assertThatThrownBy(() -> TestHttp.post(upstream.fake(), Endpoint.CHAT.path(true), Endpoint.CHAT.body(true)))
                .isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void theChunkCountNeverReachesTheTerminator() throws IOException {
        upstream.enqueue(Fault.cutAfterChunks(1_000));

        List<String> events = new ArrayList<>();
        try (RawHttp http = RawHttp.post(upstream.fake(), Endpoint.CHAT.path(true), Endpoint.CHAT.body(true))) {
            for (RawHttp.Read read = http.next(); read instanceof RawHttp.Read.Event(String text); read = http.next()) {
                events.add(text);
            }
        }
        assertThat(events).isNotEmpty().noneMatch(Endpoint.CHAT::isTerminator);
        assertThat(events.getLast()).contains("\"finish_reason\":\"stop\"");
    }

    @Test
    void aChunkFaultCanPlayOutAScriptedReply() throws IOException {
        upstream.enqueue(Fault.cutAfterChunks(4).during(Reply.text("abcdefgh").withTextChunks(8)));

        List<String> events = new ArrayList<>();
        Endpoint anthropic = Endpoint.ANTHROPIC;
        try (RawHttp http = RawHttp.post(upstream.fake(), anthropic.path(true), anthropic.body(true))) {
            for (RawHttp.Read read = http.next(); read instanceof RawHttp.Read.Event(String text); read = http.next()) {
                events.add(text);
            }
        }
        assertThat(events).hasSize(4);
        assertThat(events.get(3)).contains("\"text\":\"a\"");
    }

    @Test
    void cutOnANonStreamingRequestDeliversHalfTheBody() throws IOException {
        upstream.enqueue(Fault.cutAfterChunks(1));

        try (RawHttp http = RawHttp.post(upstream.fake(), Endpoint.CHAT.path(false), Endpoint.CHAT.body(false))) {
            int promised = Integer.parseInt(http.header("content-length").orElseThrow());
            assertThat(http.readToEof().length).isGreaterThan(0).isLessThan(promised);
        }
    }

    @Test
    void errorEventInAChatStream() {
        upstream.enqueue(Fault.errorEventAfterChunks(2));

        List<SseEvent> events = streamedEvents(Endpoint.CHAT);

        assertThat(events).hasSize(3);
        JsonNode error = events.getLast().json().path("error");
        assertThat(error.path("type").asString()).isEqualTo("server_error");
        assertThat(error.path("message").asString()).isNotBlank();
        assertThat(events).noneMatch(event -> event.data().equals("[DONE]"));
    }

    @Test
    void errorEventInAnAnthropicStream() {
        upstream.enqueue(Fault.errorEventAfterChunks(3));

        List<SseEvent> events = streamedEvents(Endpoint.ANTHROPIC);

        assertThat(SseEvent.names(events)).containsExactly("message_start", "ping", "content_block_start", "error");
        JsonNode error = events.getLast().json();
        assertThat(error.path("type").asString()).isEqualTo("error");
        assertThat(error.path("error").path("type").asString()).isEqualTo("overloaded_error");
        assertThat(error.path("error").path("message").asString()).isEqualTo("Overloaded");
    }

    @Test
    void errorEventInAResponsesStreamIsResponseFailed() {
        upstream.enqueue(Fault.errorEventAfterChunks(4));

        List<SseEvent> events = streamedEvents(Endpoint.RESPONSES);

        assertThat(events).hasSize(5);
        assertThat(events.getLast().event()).hasValue("response.failed");
        JsonNode failed = events.getLast().json();
        assertThat(failed.path("sequence_number").asInt()).as("numbering continues").isEqualTo(4);
        assertThat(failed.path("response").path("status").asString()).isEqualTo("failed");
        assertThat(failed.path("response").path("error").path("code").asString()).isEqualTo("server_error");
    }

    @Test
    void errorEventInAGeminiStreamIsAGoogleErrorDocument() {
        upstream.enqueue(Fault.errorEventAfterChunks(1));

        List<SseEvent> events = streamedEvents(Endpoint.GEMINI);

        assertThat(events).hasSize(2);
        JsonNode error = events.getLast().json().path("error");
        assertThat(error.path("code").asInt()).isEqualTo(500);
        assertThat(error.path("status").asString()).isEqualTo("INTERNAL");
    }

    @Test
    void errorEventOnANonStreamingRequestIsA500() {
        upstream.enqueue(Fault.errorEventAfterChunks(1));

        HttpResponse<String> response = TestHttp.post(upstream.fake(), Endpoint.ANTHROPIC.path(false),
                Endpoint.ANTHROPIC.body(false));

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(TestHttp.json(response).path("error").path("type").asString()).isEqualTo("api_error");
    }

    @Test
    void closeBeforeResponseResetsTheConnection() {
        upstream.enqueue(Fault.closeBeforeResponse());

        assertThatThrownBy(() -> TestHttp.post(upstream.fake(), Endpoint.CHAT.path(false), Endpoint.CHAT.body(false)))
                .isInstanceOf(UncheckedIOException.class);
        assertThat(upstream.fake().requests()).hasSize(1);
        assertThat(upstream.fake().clientHangUps()).isEmpty();
    }

    /** The stream must end properly: an in-band error is not a dropped connection. */
    private static List<SseEvent> streamedEvents(Endpoint endpoint) {
        HttpResponse<String> response = TestHttp.post(upstream.fake(), endpoint.path(true), endpoint.body(true));
        assertThat(response.statusCode()).isEqualTo(200);
        return SseEvent.parse(response.body());
    }
}
