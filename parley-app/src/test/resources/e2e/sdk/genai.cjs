// The official @google/genai SDK against BASE_URL: node genai.cjs generate|generate-stream|generate-tools|count-tokens
// Prints one JSON line {text, finish, inputTokens, outputTokens, events}; any failure exits 1 with the error.
const { GoogleGenAI } = require('@google/genai');

const ai = new GoogleGenAI({ apiKey: process.env.API_KEY,
  httpOptions: { baseUrl: process.env.BASE_URL, timeout: 60000 } });
const model = process.env.MODEL;
const contents = 'Reply with the single word PONG.';

async function main(mode) {
  switch (mode) {
    case 'generate': {
      const r = await ai.models.generateContent({ model, contents });
      return { text: r.text, finish: r.candidates?.[0]?.finishReason,
        inputTokens: r.usageMetadata?.promptTokenCount, outputTokens: r.usageMetadata?.candidatesTokenCount };
    }
    case 'generate-stream': {
      let text = '';
      let events = 0;
      let finish;
      let usage;
      for await (const chunk of await ai.models.generateContentStream({ model, contents })) {
        events++;
        text += chunk.text ?? '';
        finish = chunk.candidates?.[0]?.finishReason ?? finish;
        usage = chunk.usageMetadata ?? usage;
      }
      return { text, finish, inputTokens: usage?.promptTokenCount, outputTokens: usage?.candidatesTokenCount,
        events };
    }
    case 'count-tokens': {
      const r = await ai.models.countTokens({ model, contents });
      return { count: r.totalTokens };
    }
    case 'generate-tools': {
      const config = { tools: [{ functionDeclarations: [{ name: 'get_marker', description: 'Returns a marker.',
        parameters: { type: 'OBJECT', properties: { city: { type: 'STRING' } }, required: ['city'] } }] }] };
      const history = [{ role: 'user', parts: [{ text: 'Call get_marker for Oslo.' }] }];
      const first = await ai.models.generateContent({ model, contents: history, config });
      const call = first.functionCalls[0];
      history.push(first.candidates[0].content);
      history.push({ role: 'user', parts: [{ functionResponse: { id: call.id, name: call.name,
        response: { output: process.env.MARKER } } }] });
      const second = await ai.models.generateContent({ model, contents: history, config });
      return { firstFinish: first.candidates?.[0]?.finishReason, toolName: call.name, toolArgs: call.args,
        text: second.text, finish: second.candidates?.[0]?.finishReason };
    }
    default:
      throw new Error('unknown mode ' + mode);
  }
}

main(process.argv[2]).then((out) => console.log(JSON.stringify(out))).catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
