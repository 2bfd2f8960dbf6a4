package dev.parley.server;

import dev.parley.core.codec.ToolNames;
import dev.parley.core.model.Block;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.ChatResponse;
import dev.parley.core.model.StreamEvent;
import dev.parley.core.protocol.Protocol;
import java.util.List;
import java.util.Map;

/**
 * Gives tool calls back the names the client declared. Upstream codecs shorten or clean names the provider
 * would refuse (an MCP tool name longer than OpenAI's 64 characters); the mapping derives from the request's own
 * tool list, so it needs no state beyond the request.
 */
record ToolNameRestorer(Map<String, String> upstreamToClient) {

    static ToolNameRestorer of(ChatRequest request, Protocol upstream) {
        return new ToolNameRestorer(ToolNames.restorer(request.tools(), upstream));
    }

    StreamEvent restore(StreamEvent event) {
        if (event instanceof StreamEvent.ToolCallStart start && upstreamToClient.containsKey(start.name())) {
            return new StreamEvent.ToolCallStart(start.index(), start.id(), upstreamToClient.get(start.name()));
        }
        return event;
    }

    ChatResponse restore(ChatResponse response) {
        if (upstreamToClient.isEmpty()) {
            return response;
        }
        List<Block> content = response.content().stream().map(block -> block instanceof Block.ToolCall call
                && upstreamToClient.containsKey(call.name())
                ? new Block.ToolCall(call.id(), upstreamToClient.get(call.name()), call.arguments(), call.signature())
                : block).toList();
        return new ChatResponse(response.id(), response.model(), content, response.finish(), response.stopSequence(),
                response.usage());
    }
}
