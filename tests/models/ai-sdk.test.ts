import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { experimental_createMCPClient as createMCPClient } from "@ai-sdk/mcp";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { generateText, tool } from "ai";
import { z } from "zod";
import type { Almanac } from "../../src/app/almanac.js";
import { BOOKS, fixtureModels, makeLibrary, openTestApp, serveApp, tempDir } from "../helpers.js";

describe("the Vercel AI SDK, a client not written with the server", () => {
  const tmp = tempDir();
  let app: Almanac;
  let base = "";
  let close: () => Promise<void>;
  let key = "";

  before(async () => {
    const lib = makeLibrary(tmp.dir, { "survival/Water.md": join(BOOKS, "Water.md") });
    app = await openTestApp(tmp.dir, lib, fixtureModels());
    await app.indexer.reconcile();
    ({ base, close } = await serveApp(app));
    const account = await app.services.accounts.users.create("agent", "correct horse battery", "user");
    key = app.services.accounts.apiKeys.create(account.id, "ai-sdk").key;
  });
  after(async () => {
    await close?.();
    await app?.close();
    tmp.cleanup();
  });

  it("generateText with tools gets a call to the tool, with input its schema accepts", async () => {
    const almanac = createOpenAICompatible({ name: "almanac", baseURL: `${base}/v1`, apiKey: key });
    const weather = z.object({ city: z.string(), days: z.number().int() });
    const result = await generateText({
      model: almanac("tiny-chat"),
      prompt: "What is the weather in Oslo for three days?",
      tools: { get_weather: tool({ description: "The forecast for a city.", inputSchema: weather }) },
      toolChoice: "required",
      maxOutputTokens: 400,
    });
    const call = result.toolCalls[0];
    assert.equal(call?.toolName, "get_weather");
    assert.ok(weather.safeParse(call?.input).success, JSON.stringify(call?.input));
    assert.equal(result.finishReason, "tool-calls");
  });

  it("its MCP client lists Almanac's tools and searches the library", async () => {
    const client = await createMCPClient({
      transport: { type: "http", url: `${base}/mcp`, headers: { Authorization: `Bearer ${key}` } },
    });
    try {
      const tools = await client.tools();
      for (const name of ["search", "read", "library", "answer"])
        assert.ok(name in tools, `${name} in ${Object.keys(tools)}`);
      const search = tools.search;
      assert.ok(search?.execute);
      const out = (await search.execute({ query: "purify water", k: 2 }, { toolCallId: "1", messages: [] })) as {
        content: Array<{ type: string; text: string }>;
      };
      assert.match(out.content[0]?.text ?? "", /Water ›/);
    } finally {
      await client.close();
    }
  });
});
