import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ToolMessage } from "@langchain/core/messages";
import { tool } from "@langchain/core/tools";
import { MultiServerMCPClient } from "@langchain/mcp-adapters";
import { ChatOpenAI } from "@langchain/openai";
import { z } from "zod";
import { agentServer } from "../helpers.js";

/** A tool result as text: the adapters give a string, a content block or a list of them. */
function textOf(out: unknown): string {
  if (typeof out === "string") return out;
  const blocks = (Array.isArray(out) ? out : [out]) as Array<{ text?: string }>;
  return blocks.map((b) => b?.text ?? "").join("\n");
}

describe("LangChain, a client not written with the server", () => {
  const server = agentServer();

  const chatModel = (streaming: boolean) =>
    new ChatOpenAI({
      model: "tiny-chat",
      apiKey: server().key,
      configuration: { baseURL: `${server().base}/v1` },
      maxTokens: 300,
      maxRetries: 0,
      streaming,
    });
  const weather = z.object({ city: z.string(), days: z.number().int() });
  const getWeather = tool(async ({ city, days }) => `${city}: sunny for ${days} days`, {
    name: "get_weather",
    description: "The forecast for a city.",
    schema: weather,
  });

  it("ChatOpenAI.bindTools gets a tool call whose args its zod schema accepts, and answers after the result", async () => {
    const chat = chatModel(false);
    const withTools = chat.bindTools([getWeather], { tool_choice: "get_weather" });
    const question = { role: "user", content: "What is the weather in Oslo for three days?" };
    const reply = await withTools.invoke([question]);
    const call = reply.tool_calls?.[0];
    assert.equal(call?.name, "get_weather", JSON.stringify(reply.tool_calls));
    assert.ok(weather.safeParse(call?.args).success, JSON.stringify(call?.args));
    assert.ok(call?.id, "the call has an id for the tool message");

    const result = new ToolMessage({
      tool_call_id: call.id,
      content: await getWeather.invoke(weather.parse(call.args)),
    });
    const final = await chat.invoke([question, reply, result]);
    assert.equal(typeof final.content, "string");
    assert.equal(final.tool_calls?.length ?? 0, 0);
  });

  it("streams the tool call as chunks that add up to the same call", async () => {
    const chat = chatModel(true);
    const stream = await chat.bindTools([getWeather], { tool_choice: "required" }).stream("Weather in Oslo, 3 days?");
    let whole: Awaited<ReturnType<typeof stream.next>>["value"];
    for await (const chunk of stream) whole = whole ? whole.concat(chunk) : chunk;
    const call = whole?.tool_calls?.[0];
    assert.equal(call?.name, "get_weather");
    assert.ok(weather.safeParse(call?.args).success, JSON.stringify(call?.args));
  });

  it("its MCP adapters load Almanac's tools as LangChain tools that search and read the library", async () => {
    const client = new MultiServerMCPClient({
      mcpServers: {
        almanac: {
          transport: "http",
          url: `${server().base}/mcp`,
          headers: { Authorization: `Bearer ${server().key}` },
        },
      },
      throwOnLoadError: true,
      prefixToolNameWithServerName: false,
    });
    try {
      const tools = await client.getTools();
      const names = tools.map((t) => t.name);
      for (const name of ["search", "read", "library", "answer"])
        assert.ok(names.includes(name), `${name} in ${names}`);
      const search = tools.find((t) => t.name === "search");
      const found = textOf(await search?.invoke({ query: "purify water", k: 2 }));
      assert.match(found, /Water ›/);
      const id = /\(id ([^)\s]+)\)/.exec(found)?.[1];
      assert.ok(id, found);
      const read = tools.find((t) => t.name === "read");
      const text = textOf(await read?.invoke({ id }));
      assert.match(text, /water/i);
    } finally {
      await client.close();
    }
  });
});
