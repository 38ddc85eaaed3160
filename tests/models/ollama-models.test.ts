import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Ajv } from "ajv";
import { Ollama } from "ollama";
import { agentServer } from "../helpers.js";

describe("the Ollama-compatible API on the fixture models, with the ollama client", () => {
  const server = agentServer();

  it("embeds with /api/embed and /api/embeddings, and chats with the chat model's own id, streamed", async () => {
    const { app, base, key } = server();
    const ollama = new Ollama({ host: base, headers: { Authorization: `Bearer ${key}` } });
    const names = (await ollama.list()).models.map((m) => m.name);
    for (const id of ["almanac", "tiny-chat", "tiny-embed"]) assert.ok(names.includes(id), `${id} in ${names}`);
    const embedded = await ollama.embed({ model: "tiny-embed", input: ["boil water", "start a fire"] });
    assert.equal(embedded.embeddings.length, 2);
    const size = app.runtime.embedder?.dims ?? 0;
    assert.ok(size > 0 && embedded.embeddings.every((v) => v.length === size), `${size}-d vectors`);
    const one = await ollama.embeddings({ model: "tiny-embed", prompt: "boil water" });
    assert.deepEqual(one.embedding, embedded.embeddings[0]);

    const parts = await ollama.chat({
      model: "tiny-chat",
      messages: [{ role: "user", content: "Hello" }],
      stream: true,
      options: { num_predict: 5 },
    });
    let chunks = 0;
    let last: { done: boolean; eval_count: number } | undefined;
    for await (const part of parts) {
      chunks++;
      last = part;
    }
    assert.equal(last?.done, true);
    assert.equal(last?.eval_count, 5, "num_predict caps the tokens");
    assert.ok(chunks > 1, `${chunks} NDJSON lines`);
  });

  it("offers tools, carries tool results back through the template, and holds format to a schema", async () => {
    const { base, key } = server();
    const ollama = new Ollama({ host: base, headers: { Authorization: `Bearer ${key}` } });
    const weather = {
      type: "object",
      properties: { city: { type: "string" }, days: { type: "integer" } },
      required: ["city", "days"],
    };
    const tools = [
      {
        type: "function",
        function: { name: "get_weather", description: "The forecast for a city.", parameters: weather },
      },
    ];
    const ask = [{ role: "user", content: "Weather in Oslo for 3 days?" }];
    assert.deepEqual((await ollama.show({ model: "tiny-chat" })).capabilities, ["completion", "tools"]);
    assert.deepEqual((await ollama.show({ model: "almanac" })).capabilities, ["completion", "tools"]);
    assert.deepEqual((await ollama.show({ model: "tiny-embed" })).capabilities, ["embedding"]);

    const plain = await ollama.chat({ model: "tiny-chat", messages: ask, options: { num_predict: 4 } });
    const offered = await ollama.chat({ model: "tiny-chat", messages: ask, tools, options: { num_predict: 40 } });
    assert.ok(offered.prompt_eval_count > plain.prompt_eval_count + 20, "the tools are in the model's prompt");
    for (const call of offered.message.tool_calls ?? []) {
      assert.equal(call.function.name, "get_weather");
      assert.ok(new Ajv().validate(weather, call.function.arguments), JSON.stringify(call.function.arguments));
    }

    // A call and its result, sent back as Ollama clients do (arguments an object, no ids), reach the template.
    const call = { function: { name: "get_weather", arguments: { city: "Oslo", days: 3 } } };
    const withCall = [...ask, { role: "assistant", content: "", tool_calls: [call] }];
    const result = "Oslo: sunny, 21 degrees, for the next three days, with a light westerly wind.";
    const answered = await ollama.chat({
      model: "tiny-chat",
      messages: [...withCall, { role: "tool", content: result }],
      tools,
      options: { num_predict: 4 },
    });
    const unanswered = await ollama.chat({
      model: "tiny-chat",
      messages: withCall,
      tools,
      options: { num_predict: 4 },
    });
    assert.ok(answered.prompt_eval_count > unanswered.prompt_eval_count + 20, "the tool's result is in the prompt");

    for (const stream of [false, true]) {
      let text = "";
      if (stream) {
        const parts = await ollama.chat({
          model: "tiny-chat",
          messages: ask,
          format: weather,
          stream: true,
          options: { num_predict: 120 },
        });
        for await (const part of parts) text += part.message.content;
      } else
        text = (
          await ollama.chat({ model: "tiny-chat", messages: ask, format: weather, options: { num_predict: 120 } })
        ).message.content;
      assert.ok(new Ajv().validate(weather, JSON.parse(text)), text);
    }
    const generated = await ollama.generate({
      model: "tiny-chat",
      prompt: "Oslo?",
      format: "json",
      options: { num_predict: 60 },
    });
    assert.equal(typeof JSON.parse(generated.response ?? ""), "object", generated.response);

    await assert.rejects(
      ollama.chat({ model: "almanac", messages: ask, format: "json" }),
      /format works with the chat model's own id/,
    );
  });
});
