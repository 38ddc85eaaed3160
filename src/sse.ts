/**
 * The `data:` payloads of a server-sent event stream, in order (WHATWG HTML,
 * "Server-sent events": lines, `data:` fields, blank-line separated events),
 * without the `[DONE]` sentinel OpenAI-compatible servers end with. Multi-line
 * data fields are not joined: OpenAI-style streams put one JSON object per line.
 * @param body - the response body.
 */
export async function* sseData(body: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let pending = "";
  for await (const bytes of body) {
    pending += decoder.decode(bytes, { stream: true });
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      const data = line.startsWith("data:") ? line.slice(5).trim() : "";
      if (data && data !== "[DONE]") yield data;
    }
  }
}
