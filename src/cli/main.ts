#!/usr/bin/env node
// Commands load what they need when they run (dynamic imports), so `almanac --help` starts in a fraction of a second.
import { resolve } from "node:path";
import { createInterface } from "node:readline";
import { Command, Option } from "commander";
import type { ChatMessage } from "../models/chat-model.js";
import { SEARCH_MODES, type SearchMode } from "../retrieve/filter.js";
import { VERSION } from "../version.js";
import { registerBackupCommands } from "./backup-command.js";
import { registerCalibrateGateCommand } from "./calibrate-gate.js";
import { registerDoctorCommand } from "./doctor-command.js";
import { registerEvalAnswersCommand } from "./eval-answers-command.js";
import { registerEvalCommand } from "./eval-command.js";
import { registerMcpCommand } from "./mcp-command.js";
import { registerModelCommands } from "./models-command.js";
import { configFrom, type GlobalOpts, loadConfigModule, nonEmpty, positiveInt } from "./options.js";
import { registerTuiCommand } from "./tui-command.js";
import { registerUserCommands } from "./users-command.js";

const program = new Command()
  .name("almanac")
  .description("Offline knowledge and survival-mode RAG appliance")
  .version(VERSION)
  .option("--library <dir>", "book folder to index and watch (ALMANAC_LIBRARY)")
  .option("--data <dir>", "index and state folder (ALMANAC_DATA_DIR)")
  .option("--models <dir>", "GGUF models folder (ALMANAC_MODELS_DIR)")
  .option("--threads <n>", "CPU threads for models (ALMANAC_THREADS)", positiveInt("--threads"))
  .option("--log-level <level>", "fatal|error|warn|info|debug")
  .option("--reset", "drop the index and rebuild it (needed to point an index at another library folder)")
  .hook("preAction", loadConfigModule);

program
  .command("serve")
  .description("index the library, watch it, and serve the web UI and OpenAI-compatible API")
  .option("--host <host>", "listen address (ALMANAC_HOST)")
  .option("--port <port>", "listen port (ALMANAC_PORT)")
  .option("--no-watch", "do not watch the library after the start-up index")
  .action(async (cmd: { host?: string; port?: string; watch: boolean }) => {
    const opts = program.opts<GlobalOpts>();
    const config = configFrom(opts, { host: cmd.host, port: cmd.port });
    // Listening before the app loads (most of a second on a Pi): /status says "starting" meanwhile, and the
    // requests that need the app wait for it instead of being refused a connection.
    const { listenWarming } = await import("../http/warming.js");
    const warming = await listenWarming(config.host, config.port);
    const opened = (async () => {
      const [{ Almanac }, { startServer }, { createLogger }] = await Promise.all([
        import("../app/almanac.js"),
        import("../http/server.js"),
        import("../log.js"),
      ]);
      warming.warming(["opening the library and its models"]);
      const log = createLogger(config.logLevel);
      const app = await Almanac.open(config, log, { command: "serve", reset: opts.reset === true });
      return { app, log, server: await startServer(app.services, config.host, config.port, warming) };
    })();
    const { app, log, server } = await opened.catch(async (err: Error) => {
      await warming.close();
      throw err;
    });
    const shown = config.host === "0.0.0.0" ? "localhost" : config.host;
    app.lock?.setUrl(`http://${shown}:${server.port}/`);
    const { lanUrls } = await import("../http/lan-urls.js");
    log.info(
      {
        url: `http://${shown}:${server.port}/`,
        // What other devices on the network open (the status page shows them with a QR code).
        lan: lanUrls(config.host, server.port),
        library: config.libraryDir,
        ...app.services.models.runtime.info(),
      },
      "Almanac is serving",
    );
    // Opened read-only because the disk was full at start-up: search serves, indexing waits for a restart.
    if (app.lock) await app.startIndexing(cmd.watch && config.watch);
    // Graceful stop: no new connections, generations stopped (streams still end with [DONE]), the current
    // write batch finished; past shutdownTimeoutMs, or on a second signal, the process exits at once.
    let stopping = false;
    const stop = async () => {
      if (stopping) {
        log.warn("second signal: exiting now");
        process.exit(1);
      }
      stopping = true;
      log.info({ deadlineMs: config.shutdownTimeoutMs }, "shutting down");
      setTimeout(() => {
        log.error("shutdown deadline passed: exiting now");
        process.exit(1);
      }, config.shutdownTimeoutMs).unref();
      app.shutdown.abort();
      await server.close(Math.max(0, config.shutdownTimeoutMs - 2000));
      await app.close();
      process.exit(0);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });

program
  .command("index [dir]")
  .description("index a folder (default: the library) and exit")
  .option("--prune", "drop the documents of collections whose folder is gone or empty (kept otherwise)")
  .action(async (dir: string | undefined, cmd: { prune?: boolean }) => {
    const opts = program.opts<GlobalOpts>();
    const { openApp, indexWithProgress } = await import("./open.js");
    const app = await openApp(opts, "index", dir ? { libraryDir: resolve(dir) } : {});
    const t0 = Date.now();
    await indexWithProgress(app.services.library, cmd.prune === true);
    // A server prunes the versions indexing replaced once no search can be on them; this process is about to
    // exit, so nothing else would: without it the folder kept twice its size (6.4 MB for 3.2 MB, starter library).
    if (app.lock) await app.services.library.indexer.settle();
    const s = await app.status();
    if (!s.library.available)
      process.stderr.write(`almanac: library folder ${s.library.path} is unavailable: ${s.library.reason}\n`);
    process.stdout.write(
      `indexed ${s.documents.indexed} documents, ${s.chunks} chunks in ${((Date.now() - t0) / 1000).toFixed(1)} s; ${s.documents.failed} failed\n`,
    );
    for (const f of s.failures)
      process.stdout.write(`  ${f.status === "indexed" ? "warning" : f.status}: ${f.path}: ${f.error}\n`);
    await app.close();
  });

program
  .command("ask")
  .description(
    "answer a question from the library, streaming the answer and its sources (through the running server when there is one)",
  )
  .argument("<question>", "the question, in any language", nonEmpty("question"))
  .option("--tags <tags>", "comma-separated tags every passage must carry")
  .option("--collection <name>", "restrict to one collection")
  .option("--max-tokens <n>", "generation limit", positiveInt("--max-tokens"))
  .action(async (question: string, cmd: { tags?: string; collection?: string; maxTokens?: number }) => {
    const [{ openQuestionBackend }, { sourceLines }] = await Promise.all([
      import("./backend.js"),
      import("./question-backend.js"),
    ]);
    const backend = await openQuestionBackend(program.opts<GlobalOpts>(), "ask");
    const answer = await backend.answer({
      messages: [{ role: "user", content: question }],
      filter: cmd,
      ...(cmd.maxTokens ? { maxTokens: cmd.maxTokens } : {}),
      onText: (t) => process.stdout.write(t),
      conversationId: "new",
    });
    process.stdout.write(`\n\nSources:\n${sourceLines(answer.sources)}`);
    await backend.close();
  });

program
  .command("chat")
  .description("ask questions in a conversation: follow-ups such as 'how long should I boil it?' keep the topic")
  .option("--tags <tags>", "comma-separated tags every passage must carry")
  .option("--collection <name>", "restrict to one collection")
  .action(async (cmd: { tags?: string; collection?: string }) => {
    const [{ openQuestionBackend }, { sourceLines }] = await Promise.all([
      import("./backend.js"),
      import("./question-backend.js"),
    ]);
    const backend = await openQuestionBackend(program.opts<GlobalOpts>(), "chat");
    const history: ChatMessage[] = [];
    let conversationId = "new";
    const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: "you> " });
    process.stdout.write("Ask the library. /new starts a new conversation, /quit (or Ctrl-D) leaves.\n");
    rl.prompt();
    for await (const line of rl) {
      const question = line.trim();
      if (question === "/quit" || question === "/exit") break;
      if (question === "/new") {
        history.length = 0;
        conversationId = "new";
        process.stdout.write("(new conversation)\n");
      } else if (question) {
        history.push({ role: "user", content: question });
        const answer = await backend.answer({
          messages: [...history],
          filter: cmd,
          onText: (t) => process.stdout.write(t),
          conversationId,
        });
        conversationId = answer.conversationId ?? conversationId;
        history.push({ role: "assistant", content: answer.text });
        if (answer.query.via !== "question") process.stdout.write(`\n\n(searched: ${answer.query.query})`);
        process.stdout.write(answer.sources.length ? `\n\nSources:\n${sourceLines(answer.sources)}` : "\n");
      }
      rl.prompt();
    }
    rl.close();
    await backend.close();
  });

program
  .command("search")
  .description("ranked passages with scores and citations")
  .argument("<query>", "the words to search for", nonEmpty("query"))
  .option("-k <n>", "number of results", positiveInt("-k"), 10)
  .option("--tags <tags>", "comma-separated tags")
  .addOption(new Option("--mode <mode>", "retrieval mode").choices(SEARCH_MODES).default("auto"))
  .action(async (query: string, cmd: { k: number; tags?: string; mode: SearchMode }) => {
    const { openQuestionBackend } = await import("./backend.js");
    const backend = await openQuestionBackend(program.opts<GlobalOpts>(), "search");
    const hits = await backend.search(query, { k: cmd.k, mode: cmd.mode, ...(cmd.tags ? { tags: cmd.tags } : {}) });
    hits.forEach((h, i) => {
      process.stdout.write(
        `${i + 1}. ${h.score.toFixed(3)}  ${h.where}\n   ${h.text.replace(/\s+/g, " ").slice(0, 160)}…\n`,
      );
    });
    if (hits.length === 0) process.stdout.write("no passages found\n");
    await backend.close();
  });

registerEvalCommand(program, (extra) => configFrom(program.opts<GlobalOpts>(), extra));
registerBackupCommands(program, () => configFrom(program.opts<GlobalOpts>()));
registerUserCommands(program, () => configFrom(program.opts<GlobalOpts>()));
registerModelCommands(program, () => configFrom(program.opts<GlobalOpts>()));
registerDoctorCommand(program, () => configFrom(program.opts<GlobalOpts>()));
registerTuiCommand(program, () => configFrom(program.opts<GlobalOpts>()));
registerMcpCommand(program, () => program.opts<GlobalOpts>());
registerEvalAnswersCommand(program, (extra) => configFrom(program.opts<GlobalOpts>(), extra));
registerCalibrateGateCommand(program, (extra) => configFrom(program.opts<GlobalOpts>(), extra));

program
  .command("status")
  .description("documents by state, chunk count, models and backend")
  .option("--json", "the whole status as JSON, for scripts")
  .action(async (cmd: { json?: boolean }) => {
    const [{ openQuestionBackend }, { formatStatus }] = await Promise.all([
      import("./backend.js"),
      import("./status-format.js"),
    ]);
    const backend = await openQuestionBackend(program.opts<GlobalOpts>(), "status", false);
    const status = await backend.status();
    process.stdout.write(cmd.json ? `${JSON.stringify(status, null, 2)}\n` : `${formatStatus(status)}\n`);
    await backend.close();
  });

program.parseAsync().catch((err: Error) => {
  const hint =
    err.name === "DataFolderBusyError"
      ? "; it watches the library and indexes changes itself, so stop it only to index from here"
      : "";
  process.stderr.write(`almanac: ${err.message}${hint}\n`);
  process.exit(1);
});
