// The official @anthropic-ai/sdk against BASE_URL: node anthropic.cjs messages|messages-stream|count-tokens
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
    default:
      throw new Error('unknown mode ' + mode);
  }
}

main(process.argv[2]).then((out) => console.log(JSON.stringify(out))).catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  if (e && e.error) console.error(JSON.stringify(e.error));
  process.exit(1);
});
