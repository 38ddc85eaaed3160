import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Ajv } from "ajv";
import OpenAI from "openai";
import type { Almanac } from "../../src/app/almanac.js";
import { BOOKS, fixtureModels, makeLibrary, openTestApp, serveApp, tempDir } from "../helpers.js";

const WEATHER = {
  type: "object",
  properties: { city: { type: "string" }, days: { type: "integer" } },
  required: ["city", "days"],
} as const;
const tools: OpenAI.ChatCompletionTool[] = [
  { type: "function", function: { name: "get_weather", description: "The forecast for a city.", parameters: WEATHER } },
  {
    type: "function",
    function: {
      name: "find_book",
      description: "Find a book by title.",
      parameters: { type: "object", properties: { title: { type: "string" } }, required: ["title"] },
    },
  },
];
const ajv = new Ajv();

describe("tool calling and JSON output on the fixture chat model, with the openai client", () => {
  const tmp = tempDir();
  let app: Almanac;
  let close: () => Promise<void>;
  let client: OpenAI;
  const ask = [{ role: "user" as const, content: "What is the weather in Oslo for 3 days?" }];

  before(async () => {
    app = await openTestApp(tmp.dir, makeLibrary(tmp.dir, { "s/Water.md": join(BOOKS, "Water.md") }), fixtureModels());
    await app.indexer.reconcile();
    const served = await serveApp(app);
    close = served.close;
    client = new OpenAI({ baseURL: `${served.base}/v1`, apiKey: "unused", maxRetries: 0 });
  });
  after(async () => {
    await close?.();
    await app?.close();
    tmp.cleanup();
  });

  it('tool_choice "required" always returns a call whose arguments validate against its tool', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await client.chat.completions.create({
        model: "tiny-chat",
        messages: ask,
        tools,
        tool_choice: "required",
        max_tokens: 400,
        temperature: i * 0.5,
      });
      assert.equal(res.choices[0]?.finish_reason, "tool_calls");
      const call = res.choices[0]?.message.tool_calls?.[0];
      assert.ok(call && call.type === "function", JSON.stringify(res.choices[0]?.message));
      const tool = tools.find((t) => t.type === "function" && t.function.name === call.function.name);
      assert.ok(tool && tool.type === "function", `a named tool: ${call.function.name}`);
      const args: unknown = JSON.parse(call.function.arguments);
      assert.ok(ajv.validate(tool.function.parameters ?? {}, args), `${call.function.arguments}: ${ajv.errorsText()}`);
      assert.match(call.id, /^call_/);
    }
  });

  it("a named tool_choice, streamed, sends the call as a delta.tool_calls chunk", async () => {
    const stream = await client.chat.completions.create({
      model: "tiny-chat",
      messages: ask,
      tools,
      tool_choice: { type: "function", function: { name: "find_book" } },
      max_tokens: 400,
      stream: true,
    });
    let finish: string | null | undefined;
    const calls: OpenAI.ChatCompletionChunk.Choice.Delta.ToolCall[] = [];
    for await (const chunk of stream) {
      calls.push(...(chunk.choices[0]?.delta.tool_calls ?? []));
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    assert.equal(finish, "tool_calls");
    assert.equal(calls[0]?.function?.name, "find_book");
    assert.equal(typeof (JSON.parse(calls[0]?.function?.arguments ?? "") as { title: unknown }).title, "string");
  });

  it("takes the tool's result back and answers in text", async () => {
    const res = await client.chat.completions.create({
      model: "tiny-chat",
      max_tokens: 8,
      tools,
      messages: [
        ...ask,
        {
          role: "assistant",
          content: null,
          tool_calls: [
            {
              id: "call_1",
              type: "function",
              function: { name: "get_weather", arguments: '{"city":"Oslo","days":3}' },
            },
          ],
        },
        { role: "tool", tool_call_id: "call_1", content: '{"forecast":"snow"}' },
      ],
      tool_choice: "none",
    });
    assert.equal(typeof res.choices[0]?.message.content, "string");
    assert.equal(res.choices[0]?.message.tool_calls, undefined);
  });

  it("json_schema and json_object replies parse, and the schema's validates", async () => {
    const schema = {
      type: "object",
      properties: { answer: { type: "string" }, score: { type: "number" } },
      required: ["answer", "score"],
    };
    const res = await client.chat.completions.create({
      model: "tiny-chat",
      messages: [{ role: "user", content: "Rate this." }],
      response_format: { type: "json_schema", json_schema: { name: "rating", schema, strict: true } },
      max_tokens: 400,
    });
    const parsed: unknown = JSON.parse(res.choices[0]?.message.content ?? "");
    assert.ok(ajv.validate(schema, parsed), `${res.choices[0]?.message.content}: ${ajv.errorsText()}`);
    const any = await client.chat.completions.create({
      model: "tiny-chat",
      messages: [{ role: "user", content: "Anything." }],
      response_format: { type: "json_object" },
      max_tokens: 1500,
    });
    assert.equal(typeof JSON.parse(any.choices[0]?.message.content ?? ""), "object");
  });

  it("offers the tools beside the library's sources with model almanac", async () => {
    const res = await client.chat.completions.create({
      model: "almanac",
      messages: [{ role: "user", content: "How do I purify water? Find me a book on it." }],
      tools,
      tool_choice: { type: "function", function: { name: "find_book" } },
      max_tokens: 400,
    });
    assert.equal(res.choices[0]?.finish_reason, "tool_calls", JSON.stringify(res));
    assert.equal(res.choices[0]?.message.tool_calls?.[0]?.type, "function");
    const sources = (res as unknown as { sources: Array<{ path: string }> }).sources;
    assert.ok(
      sources.some((x) => x.path === "s/Water.md"),
      "the retrieved sources went in as always",
    );
  });

  it("refuses JSON output from the library model and a tool_choice naming no tool, saying why", async () => {
    await assert.rejects(
      client.chat.completions.create({ model: "almanac", messages: ask, response_format: { type: "json_object" } }),
      /chat model's own id/,
    );
    await assert.rejects(
      client.chat.completions.create({
        model: "tiny-chat",
        messages: ask,
        tools,
        tool_choice: { type: "function", function: { name: "nope" } },
      }),
      /not in tools/,
    );
  });
});
