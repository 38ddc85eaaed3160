import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { experimental_createMCPClient as createMCPClient } from "@ai-sdk/mcp";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { generateText, tool } from "ai";
import { z } from "zod";
import { agentServer } from "../helpers.js";

describe("the Vercel AI SDK, a client not written with the server", () => {
  const server = agentServer();

  it("generateText with tools gets a call to the tool, with input its schema accepts", async () => {
    const almanac = createOpenAICompatible({ name: "almanac", baseURL: `${server().base}/v1`, apiKey: server().key });
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
      transport: { type: "http", url: `${server().base}/mcp`, headers: { Authorization: `Bearer ${server().key}` } },
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
