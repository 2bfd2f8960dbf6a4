// The official openai SDK against BASE_URL/v1:
// node openai.cjs chat|chat-stream|chat-tools|responses|responses-stream|responses-tools
// Prints one JSON line {text, finish, inputTokens, outputTokens, events}; any failure exits 1 with the error.
const OpenAI = require('openai');

const client = new OpenAI({ baseURL: process.env.BASE_URL + '/v1', apiKey: process.env.API_KEY, maxRetries: 0,
  timeout: 60000 });
const model = process.env.MODEL;
const prompt = 'Reply with the single word PONG.';

async function main(mode) {
  switch (mode) {
    case 'chat': {
      const r = await client.chat.completions.create({ model, messages: [{ role: 'user', content: prompt }] });
      return { text: r.choices[0].message.content, finish: r.choices[0].finish_reason,
        inputTokens: r.usage?.prompt_tokens, outputTokens: r.usage?.completion_tokens };
    }
    case 'chat-stream': {
      const stream = client.chat.completions.stream({ model, messages: [{ role: 'user', content: prompt }],
        stream_options: { include_usage: true } });
      let text = '';
      let events = 0;
      stream.on('content', (delta) => { text += delta; });
      stream.on('chunk', () => { events++; });
      const r = await stream.finalChatCompletion();
      return { text, finalText: r.choices[0].message.content, finish: r.choices[0].finish_reason,
        inputTokens: r.usage?.prompt_tokens, outputTokens: r.usage?.completion_tokens, events };
    }
    case 'responses': {
      const r = await client.responses.create({ model, input: prompt });
      return { text: r.output_text, finish: r.status, inputTokens: r.usage?.input_tokens,
        outputTokens: r.usage?.output_tokens };
    }
    case 'responses-stream': {
      const stream = client.responses.stream({ model, input: prompt });
      let text = '';
      let events = 0;
      stream.on('response.output_text.delta', (e) => { text += e.delta; });
      stream.on('event', () => { events++; });
      const r = await stream.finalResponse();
      return { text, finalText: r.output_text, finish: r.status, inputTokens: r.usage?.input_tokens,
        outputTokens: r.usage?.output_tokens, events };
    }
    case 'chat-tools': {
      // Streamed tool call, then the tool's result sent back without streaming.
      const tools = [{ type: 'function', function: { name: 'get_marker', description: 'Returns a marker.',
        parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } }];
      const messages = [{ role: 'user', content: 'Call get_marker for Oslo.' }];
      const first = await client.chat.completions.stream({ model, messages, tools }).finalChatCompletion();
      const call = first.choices[0].message.tool_calls[0];
      messages.push({ role: 'assistant', content: null, tool_calls: [{ id: call.id, type: 'function',
        function: { name: call.function.name, arguments: call.function.arguments } }] });
      messages.push({ role: 'tool', tool_call_id: call.id, content: process.env.MARKER });
      const second = await client.chat.completions.create({ model, messages, tools });
      return { firstFinish: first.choices[0].finish_reason, toolName: call.function.name,
        toolArgs: JSON.parse(call.function.arguments), text: second.choices[0].message.content,
        finish: second.choices[0].finish_reason };
    }
    case 'responses-tools': {
      const tools = [{ type: 'function', name: 'get_marker', description: 'Returns a marker.', strict: false,
        parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }];
      const input = [{ role: 'user', content: 'Call get_marker for Oslo.' }];
      const first = await client.responses.stream({ model, input, tools }).finalResponse();
      const call = first.output.find((item) => item.type === 'function_call');
      input.push({ type: 'function_call', call_id: call.call_id, name: call.name, arguments: call.arguments });
      input.push({ type: 'function_call_output', call_id: call.call_id, output: process.env.MARKER });
      const second = await client.responses.create({ model, input, tools });
      return { firstFinish: first.status, toolName: call.name, toolArgs: JSON.parse(call.arguments),
        text: second.output_text, finish: second.status };
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
