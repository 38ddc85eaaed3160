/** @jsxImportSource react */
// `almanac tui`: panes for chat, search, library, models and past conversations, driven by the keyboard.
// React and Ink render it; the rest of Almanac's views use hono/jsx, hence the pragma above.
import { Box, Text, useApp, useInput } from "ink";
import { useCallback, useEffect, useRef, useState } from "react";
import type { AppStatus } from "../app/almanac.js";
import type { AlmanacClient, TuiConversation, TuiHit, TuiSource } from "./client.js";

/** The panes, in Tab order. */
export const PANES = ["Chat", "Search", "Library", "Models", "History"] as const;
type Pane = (typeof PANES)[number];

interface Turn {
  role: "user" | "assistant";
  content: string;
  sources?: TuiSource[];
}

/** Most turns of the thread shown at once; older ones scroll off the top. */
const SHOWN_TURNS = 6;

/**
 * The terminal UI. Tab and Shift-Tab move between panes; Enter sends what is
 * typed (a question in Chat, a query in Search); Esc or Ctrl-C quits. The
 * library and model panes refresh from `/status` every `refreshMs`.
 */
export function TuiApp(props: { client: AlmanacClient; refreshMs?: number }) {
  const { client, refreshMs = 2000 } = props;
  const { exit } = useApp();
  const [pane, setPane] = useState(0);
  const [input, setInput] = useState("");
  const [thread, setThread] = useState<Turn[]>([]);
  const [streaming, setStreaming] = useState(false);
  const [hits, setHits] = useState<TuiHit[] | null>(null);
  const [status, setStatus] = useState<AppStatus | null>(null);
  const [history, setHistory] = useState<TuiConversation[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const current: Pane = PANES[pane] ?? "Chat";

  useEffect(() => {
    let live = true;
    const load = () =>
      client.status().then(
        (s) => live && setStatus(s),
        (e: Error) => live && setError(e.message),
      );
    void load();
    const timer = setInterval(load, refreshMs);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [client, refreshMs]);

  useEffect(() => {
    if (current !== "History") return;
    client.conversations().then(setHistory, (e: Error) => setError(e.message));
  }, [client, current]);

  const ask = useCallback(
    async (question: string) => {
      const asked: Turn[] = [...thread, { role: "user", content: question }];
      setThread([...asked, { role: "assistant", content: "" }]);
      setStreaming(true);
      setError(null);
      try {
        const answer = await client.ask(
          asked.map(({ role, content }) => ({ role, content })),
          (piece) =>
            setThread((t) => [...t.slice(0, -1), { role: "assistant", content: `${t.at(-1)?.content ?? ""}${piece}` }]),
        );
        setThread([...asked, { role: "assistant", content: answer.text, sources: answer.sources }]);
      } catch (e) {
        setError((e as Error).message);
        setThread(asked);
      } finally {
        setStreaming(false);
      }
    },
    [client, thread],
  );

  // Ink re-subscribes the input handler in an effect after each render, so on a busy machine a key
  // can reach the handler of an earlier render: it reads the state as it is now, not as it was then
  // (Enter after typing a question found the input still empty and did nothing).
  // The typed text itself lives in a ref written on each key, not read back from a render: keys typed
  // faster than Ink renders (a paste, the first keys in a pane) are all there when Enter comes.
  const latest = useRef({ streaming, current, ask });
  latest.current = { streaming, current, ask };
  const typed = useRef(input);
  const type = (next: string) => {
    typed.current = next;
    setInput(next);
  };
  useInput((ch, key) => {
    const { streaming, current, ask } = latest.current;
    if (key.escape || (key.ctrl && ch === "c")) return exit();
    if (key.tab) return setPane((p) => (p + (key.shift ? PANES.length - 1 : 1)) % PANES.length);
    if (current !== "Chat" && current !== "Search") return;
    if (key.return) {
      const text = typed.current.trim();
      if (!text || streaming) return;
      type("");
      if (current === "Chat") void ask(text);
      else client.search(text).then(setHits, (e: Error) => setError(e.message));
      return;
    }
    if (key.backspace || key.delete) return type(typed.current.slice(0, -1));
    if (ch && !key.ctrl && !key.meta) type(typed.current + ch.replace(/[\r\n]+/g, " "));
  });

  return (
    <Box flexDirection="column">
      <Box gap={1}>
        <Text bold>Almanac</Text>
        {PANES.map((p, i) => (
          <Text key={p} inverse={i === pane}>
            {` ${i + 1} ${p} `}
          </Text>
        ))}
      </Box>
      <Text dimColor>Tab: next pane · Shift-Tab: previous · Enter: send · Esc: quit · {client.base}</Text>
      {error ? <Text color="red">{error}</Text> : null}
      <Box flexDirection="column" marginTop={1}>
        {current === "Chat" ? <ChatPane thread={thread} input={input} streaming={streaming} /> : null}
        {current === "Search" ? <SearchPane hits={hits} input={input} /> : null}
        {current === "Library" ? <LibraryPane status={status} /> : null}
        {current === "Models" ? <ModelsPane status={status} /> : null}
        {current === "History" ? <HistoryPane list={history} /> : null}
      </Box>
    </Box>
  );
}

function Prompt(props: { label: string; input: string }) {
  return (
    <Text>
      <Text color="cyan">{props.label} </Text>
      {props.input}
      <Text inverse> </Text>
    </Text>
  );
}

function ChatPane(props: { thread: Turn[]; input: string; streaming: boolean }) {
  const last = props.thread.at(-1);
  return (
    <Box flexDirection="column">
      {props.thread.slice(-SHOWN_TURNS).map((t, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the thread only grows at its end, so a turn's place is its identity
        <Text key={`${i}-${t.role}`} {...(t.role === "user" ? { color: "cyan" } : {})}>
          {t.role === "user" ? `› ${t.content}` : t.content || "…"}
        </Text>
      ))}
      {last?.sources?.length ? (
        <Box flexDirection="column" marginTop={1}>
          <Text bold>Sources</Text>
          {last.sources.map((s, i) => (
            <Text key={s.url}>
              [{i + 1}] {s.chapter ? `${s.title} › ${s.chapter}` : s.title}
            </Text>
          ))}
        </Box>
      ) : null}
      <Box marginTop={1}>
        {props.streaming ? <Text dimColor>answering…</Text> : <Prompt label="Ask:" input={props.input} />}
      </Box>
    </Box>
  );
}

function SearchPane(props: { hits: TuiHit[] | null; input: string }) {
  return (
    <Box flexDirection="column">
      <Prompt label="Search:" input={props.input} />
      {props.hits?.length === 0 ? <Text>No passages match.</Text> : null}
      {props.hits?.map((h) => (
        <Box key={`${h.rank}-${h.citation.url}`} flexDirection="column" marginTop={1}>
          <Text bold>
            {h.rank}. {h.citation.chapter ? `${h.citation.title} › ${h.citation.chapter}` : h.citation.title}
            <Text dimColor> ({h.score.toFixed(2)})</Text>
          </Text>
          <Text wrap="truncate-end">{h.text.replace(/\s+/g, " ")}</Text>
        </Box>
      ))}
    </Box>
  );
}

function LibraryPane(props: { status: AppStatus | null }) {
  const s = props.status;
  if (!s) return <Text dimColor>loading…</Text>;
  const d = s.documents;
  return (
    <Box flexDirection="column">
      <Text>
        Documents: {d.indexed} indexed · {d.pending} queued · {d.indexing} indexing · {d.failed} failed · {d.skipped}{" "}
        skipped
      </Text>
      <Text>Passages: {s.chunks.toLocaleString("en")}</Text>
      <Text>
        {s.indexing.busy
          ? `Indexing ${s.indexing.current ?? "…"} (${s.indexing.processed} done, ${s.indexing.queued} queued)`
          : "Indexing: idle"}
      </Text>
      <Text>
        Folder: {s.library.path} {s.library.available ? "" : `(unavailable: ${s.library.reason})`}
      </Text>
      {s.failures.slice(0, 5).map((f) => (
        <Text key={f.path} color="yellow">
          {f.path}: {f.error}
        </Text>
      ))}
    </Box>
  );
}

function ModelsPane(props: { status: AppStatus | null }) {
  const s = props.status;
  if (!s) return <Text dimColor>loading…</Text>;
  const sw = s.embeddingSwitch;
  return (
    <Box flexDirection="column">
      <Text>
        Answers: {s.mode.answers} · search: {s.mode.retrieval} · {s.runtime.backend}, {s.runtime.threads} threads
      </Text>
      {s.runtime.models.length === 0 ? <Text>No models: search and extractive answers need none.</Text> : null}
      {s.runtime.models.map((m) => (
        <Text key={`${m.role}-${m.id}`}>
          {m.loaded ? "●" : "○"} {m.id} ({m.role}, {m.quantization})
          {m.generation?.ttftMs
            ? ` · first token p50 ${m.generation.ttftMs.p50} ms, p95 ${m.generation.ttftMs.p95} ms`
            : ""}
          {m.generation?.tokensPerS ? ` · ${m.generation.tokensPerS.p50} tokens/s` : ""}
        </Text>
      ))}
      {sw ? (
        <Text>
          Embedding switch to {sw.model}: {sw.state} {sw.done}/{sw.total}
          {sw.etaSeconds ? ` · ${sw.etaSeconds} s left` : ""}
        </Text>
      ) : null}
    </Box>
  );
}

function HistoryPane(props: { list: TuiConversation[] | null }) {
  if (!props.list) return <Text dimColor>loading…</Text>;
  if (props.list.length === 0) return <Text>No saved conversations yet.</Text>;
  return (
    <Box flexDirection="column">
      {props.list.slice(0, 20).map((c) => (
        <Text key={c.id}>
          {c.updated_at.slice(0, 16).replace("T", " ")} {c.title}
        </Text>
      ))}
    </Box>
  );
}
