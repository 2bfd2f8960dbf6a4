/**
 * A fake LLM provider for Parley's tests: one Vert.x HTTP server that speaks OpenAI Chat, OpenAI Responses,
 * Anthropic Messages and Gemini on their real paths, and answers from a protocol-neutral script.
 *
 * <p>The kit never depends on Parley's own codecs: every wire shape here is written by hand from the protocol
 * reference, so a codec bug in the gateway cannot hide behind a fake built from the same code.
 *
 * <p>Start with {@link dev.parley.testkit.FakeProvider} (or {@link dev.parley.testkit.FakeProviderExtension} in
 * JUnit), script answers with {@link dev.parley.testkit.Reply} and {@link dev.parley.testkit.Fault}, and read back
 * what arrived with {@link dev.parley.testkit.RecordedRequest}.
 */
package dev.parley.testkit;
