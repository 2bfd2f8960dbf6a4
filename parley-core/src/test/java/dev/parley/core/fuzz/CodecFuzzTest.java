package dev.parley.core.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.core.protocol.Protocol;

/**
 * The codecs of the four protocols fed arbitrary bytes: each client codec's request parser, each upstream codec's
 * response and error parsers, and its stream decoder fed the events of an arbitrary event stream. What each checks
 * is in {@link CodecTargets}; the seeds are the codecs' golden files, in {@code CodecFuzzTestInputs/<method>/}.
 */
class CodecFuzzTest {

    @FuzzTest
    void chatRequest(byte[] input) {
        CodecTargets.request(Protocol.OPENAI_CHAT, input);
    }

    @FuzzTest
    void responsesRequest(byte[] input) {
        CodecTargets.request(Protocol.OPENAI_RESPONSES, input);
    }

    @FuzzTest
    void anthropicRequest(byte[] input) {
        CodecTargets.request(Protocol.ANTHROPIC_MESSAGES, input);
    }

    @FuzzTest
    void geminiRequest(byte[] input) {
        CodecTargets.request(Protocol.GEMINI, input);
    }

    @FuzzTest
    void chatResponse(byte[] input) {
        CodecTargets.response(Protocol.OPENAI_CHAT, input);
    }

    @FuzzTest
    void responsesResponse(byte[] input) {
        CodecTargets.response(Protocol.OPENAI_RESPONSES, input);
    }

    @FuzzTest
    void anthropicResponse(byte[] input) {
        CodecTargets.response(Protocol.ANTHROPIC_MESSAGES, input);
    }

    @FuzzTest
    void geminiResponse(byte[] input) {
        CodecTargets.response(Protocol.GEMINI, input);
    }

    @FuzzTest
    void chatError(byte[] input) {
        CodecTargets.error(Protocol.OPENAI_CHAT, input);
    }

    @FuzzTest
    void responsesError(byte[] input) {
        CodecTargets.error(Protocol.OPENAI_RESPONSES, input);
    }

    @FuzzTest
    void anthropicError(byte[] input) {
        CodecTargets.error(Protocol.ANTHROPIC_MESSAGES, input);
    }

    @FuzzTest
    void geminiError(byte[] input) {
        CodecTargets.error(Protocol.GEMINI, input);
    }

    @FuzzTest
    void chatStream(byte[] input) {
        CodecTargets.stream(Protocol.OPENAI_CHAT, input);
    }

    @FuzzTest
    void responsesStream(byte[] input) {
        CodecTargets.stream(Protocol.OPENAI_RESPONSES, input);
    }

    @FuzzTest
    void anthropicStream(byte[] input) {
        CodecTargets.stream(Protocol.ANTHROPIC_MESSAGES, input);
    }

    @FuzzTest
    void geminiStream(byte[] input) {
        CodecTargets.stream(Protocol.GEMINI, input);
    }
}
