// The official @anthropic-ai/sdk against BASE_URL: node anthropic.cjs messages|messages-stream|messages-tools|count-tokens
// Prints one JSON line {text, finish, inputTokens, outputTokens, events}; any failure exits 1 with the error.
const Anthropic = require('@anthropic-ai/sdk');

const client = new Anthropic({ baseURL: process.env.BASE_URL, apiKey: process.env.API_KEY, maxRetries: 0,
  timeout: 60000 });
const model = process.env.MODEL;
const messages = [{ role: 'user', content: 'Reply with the single word PONG.' }];

function text(message) {
  return message.content.filter((b) => b.type === 'text').map((b) => b.text).join('');
}

async function main(mode) {
  switch (mode) {
    case 'messages': {
      const r = await client.messages.create({ model, max_tokens: 256, messages });
      return { text: text(r), finish: r.stop_reason, inputTokens: r.usage.input_tokens,
        outputTokens: r.usage.output_tokens };
    }
    case 'messages-stream': {
      const stream = client.messages.stream({ model, max_tokens: 256, messages });
      let streamed = '';
      let events = 0;
      stream.on('text', (delta) => { streamed += delta; });
      stream.on('streamEvent', () => { events++; });
      const r = await stream.finalMessage();
      return { text: streamed, finalText: text(r), finish: r.stop_reason, inputTokens: r.usage.input_tokens,
        outputTokens: r.usage.output_tokens, events };
    }
    case 'count-tokens': {
      const r = await client.messages.countTokens({ model, messages });
      return { count: r.input_tokens };
    }
    case 'messages-tools': {
      // Streamed tool call, then the tool's result sent back without streaming.
      const tools = [{ name: 'get_marker', description: 'Returns a marker.',
        input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }];
      const history = [{ role: 'user', content: 'Call get_marker for Oslo.' }];
      const first = await client.messages.stream({ model, max_tokens: 256, messages: history, tools }).finalMessage();
      const call = first.content.find((b) => b.type === 'tool_use');
      history.push({ role: 'assistant', content: first.content });
      history.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id,
        content: process.env.MARKER }] });
      const second = await client.messages.create({ model, max_tokens: 256, messages: history, tools });
      return { firstFinish: first.stop_reason, toolName: call.name, toolArgs: call.input, text: text(second),
        finish: second.stop_reason };
    }
    default:
      throw new Error('unknown mode ' + mode);
  }
}

main(process.argv[2]).then((out) => console.log(JSON.stringify(out))).catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  if (e && e.error) console.error(JSON.stringify(e.error));
  process.exit(1);
});
