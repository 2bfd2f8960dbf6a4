package dev.parley.core.codec.responses;

import dev.parley.core.codec.RequestTarget;
import dev.parley.core.model.ChatRequest;
import java.nio.charset.StandardCharsets;

/** Client requests for tests, written as Responses JSON. */
final class Requests {

    /** A Codex-like request declaring a freeform tool, a namespace, the local shell and a plain function. */
    static final String CODEX_TOOLS = """
            {"model":"codex-alias","stream":true,"input":"hi","tools":[
              {"type":"function","name":"exec_command","parameters":{"type":"object","properties":{"cmd":{"type":"string"}}}},
              {"type":"custom","name":"apply_patch","description":"Edit files.","format":{"type":"grammar","syntax":"lark","definition":"start: /.+/"}},
              {"type":"namespace","name":"multi_agent_v1","description":"Agents.","tools":[
                {"type":"function","name":"spawn_agent","parameters":{"type":"object","properties":{"task":{"type":"string"}}}}]},
              {"type":"local_shell"},
              {"type":"web_search"}]}
            """;

    private Requests() {
    }

    static ChatRequest parse(String json) {
        return new ResponsesCodec().parseRequest(json.getBytes(StandardCharsets.UTF_8), RequestTarget.BODY);
    }

    static ChatRequest codexTools() {
        return parse(CODEX_TOOLS);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
