package dev.parley.core.codec.responses;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.model.FinishReason;
import dev.parley.core.model.Signature;
import dev.parley.core.model.StreamEvent;
import dev.parley.core.model.StreamEvent.ArgumentsDelta;
import dev.parley.core.model.StreamEvent.BlockStop;
import dev.parley.core.model.StreamEvent.Done;
import dev.parley.core.model.StreamEvent.Finish;
import dev.parley.core.model.StreamEvent.SignatureDelta;
import dev.parley.core.model.StreamEvent.Start;
import dev.parley.core.model.StreamEvent.TextDelta;
import dev.parley.core.model.StreamEvent.TextStart;
import dev.parley.core.model.StreamEvent.ThinkingDelta;
import dev.parley.core.model.StreamEvent.ThinkingStart;
import dev.parley.core.model.StreamEvent.ToolCallStart;
import dev.parley.core.protocol.Protocol;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Upstreams that bend the event sequence: the decoder still makes a well-formed stream of them. */
class StreamDecoderTest {

    @Test
    void itemsOnlyInTheTerminalEventAreReplayed() {
        List<StreamEvent> events = decode("""
                event: response.created
                data: {"type":"response.created","response":{"id":"r1","model":"m"}}

                event: response.completed
                data: {"type":"response.completed","response":{"id":"r1","model":"m","status":"completed","output":[\
                  {"type":"reasoning","summary":[{"type":"summary_text","text":"hm"}],"encrypted_content":"E"},\
                  {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Hi"}]},\
                  {"type":"function_call","call_id":"c1","name":"f","namespace":"ns","arguments":"{}"}]}}

                """);

        assertThat(events).containsExactly(new Start("r1", "m"),
                new ThinkingStart(0), new ThinkingDelta(0, "hm"),
                new SignatureDelta(0, new Signature(Protocol.OPENAI_RESPONSES, "E")), new BlockStop(0),
                new TextStart(1), new TextDelta(1, "Hi"), new BlockStop(1),
                new ToolCallStart(2, "c1", "ns__f"), new ArgumentsDelta(2, "{}"), new BlockStop(2),
                new Finish(FinishReason.TOOL_CALLS, Optional.empty()), new Done());
    }

    @Test
    void aMessageSentOnlyAsADoneItemIsStillText() {
        List<StreamEvent> events = decode("""
                data: {"type":"response.output_item.added","output_index":0,"item":{"type":"message","content":[]}}

                data: {"type":"response.output_item.done","output_index":0,"item":{"type":"message","content":[\
                  {"type":"output_text","text":"one"},{"type":"refusal","refusal":"no"}]}}

                data: {"type":"response.completed","response":{"status":"completed","output":[]}}

                """);

        assertThat(events).containsExactly(new Start("", ""),
                new TextStart(0), new TextDelta(0, "one"), new BlockStop(0),
                new TextStart(1), new TextDelta(1, "no"), new BlockStop(1),
                new Finish(FinishReason.REFUSAL, Optional.empty()), new Done());
    }

    /** Raw reasoning text (open-weight models) is thinking too. */
    @Test
    void rawReasoningTextIsThinking() {
        List<StreamEvent> events = decode("""
                data: {"type":"response.created","response":{"id":"r","model":"gpt-oss"}}

                data: {"type":"response.output_item.added","output_index":0,"item":{"type":"reasoning","summary":[]}}

                data: {"type":"response.reasoning_text.delta","output_index":0,"content_index":0,"delta":"think"}

                data: {"type":"response.output_item.done","output_index":0,"item":{"type":"reasoning","summary":[]}}

                data: {"type":"response.completed","response":{"status":"completed","output":[]}}

                """);

        assertThat(events).containsSubsequence(new ThinkingStart(0), new ThinkingDelta(0, "think"), new BlockStop(0));
    }

    @Test
    void junkAndKeepAlivesAreIgnoredAndNothingFollowsTheEnd() {
        List<StreamEvent> events = decode("""
                : keep-alive

                data: [DONE]

                data: {"type":"response.created","response":{"id":"r","model":"m"}}

                data: {"type":"response.in_progress","response":{"id":"r","model":"m"}}

                data: {"type":"response.web_search_call.searching","output_index":0}

                data: {"type":"response.incomplete","response":{"incomplete_details":{"reason":"max_output_tokens"}}}

                data: {"type":"response.output_text.delta","output_index":0,"delta":"late"}

                """);

        assertThat(events).containsExactly(new Start("r", "m"), new Finish(FinishReason.MAX_TOKENS, Optional.empty()),
                new Done());
    }

    /** Test texts break long data lines with a backslash; SSE data is one line. */
    private static List<StreamEvent> decode(String sse) {
        return Golden.decode(Requests.utf8(sse));
    }
}
