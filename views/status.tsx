import type { EmbeddingSwitchView, I18n, MessageKey, StatusView } from "../src/view-models.js";
import { AddModel } from "./add-model.js";
import { AddressPanel, type AddressView } from "./address.js";
import { Layout, type PageChrome, viewerCan } from "./layout.js";

/** The "Use for …" label of each model role. */
const USE_KEYS: Record<string, MessageKey> = {
  chat: "status.useChat",
  embedding: "status.useEmbedding",
  reranker: "status.useReranker",
};

/** The "Use for …" button of a model role. */
const useLabel = (i18n: I18n, role: string) => {
  const key = USE_KEYS[role];
  return key ? i18n.t(key) : role;
};

/** The message `prefix` + a value known only at run time (a format, a model role, a state), or the value itself when the catalog has none. */
const named = (i18n: I18n, prefix: string, value: string) => {
  const key = `${prefix}${value}`;
  return i18n.has(key) ? i18n.t(key) : value;
};

/** A model's recent speed: answers at a time, first-token latency, tokens per second and answers counted; a dash when none yet. */
function speedOf(g: StatusView["runtime"]["models"][number]["generation"], i18n: I18n): string {
  const { t } = i18n;
  const parts: string[] = [];
  if (g) parts.push(t("status.atATime", { n: g.sequences }));
  if (!g?.ttftMs) return parts.length ? `${parts.join(" · ")} · —` : "—";
  parts.push(t("status.firstToken", { p50: g.ttftMs.p50, p95: g.ttftMs.p95 }));
  if (g.tokensPerS) parts.push(t("status.tokensPerS", { p50: g.tokensPerS.p50, p95: g.tokensPerS.p95 }));
  parts.push(t("status.answerCount", { count: g.requests }));
  return parts.join(" · ");
}

/** Where an embedding switch stands: progress and time left while it runs, then how it ended. */
function EmbeddingSwitchLine(props: { progress: EmbeddingSwitchView; i18n: I18n }) {
  const p = props.progress;
  const { t, duration } = props.i18n;
  if (p.state === "failed")
    return (
      <p class="warning" role="alert">
        {t("status.switchFailed", { model: p.model, error: p.error ?? "" })}
      </p>
    );
  if (p.state === "done")
    return (
      <p class="card" role="status">
        {t("status.switchDone", { model: p.model, count: p.total })}
      </p>
    );
  const line = [t("status.switchProgress", { model: p.model, done: p.done, total: p.total })];
  if (p.chunksPerS) line.push(t("lib.rate", { rate: p.chunksPerS }));
  if (p.etaSeconds !== null) line.push(t("lib.left", { time: duration(p.etaSeconds) }));
  return (
    <p class="card" role="status">
      {line.join(" · ")}
      <br />
      {t("status.switchNote")}
      <progress max={Math.max(1, p.total)} value={p.done} aria-label={t("status.switchBar")} />
    </p>
  );
}

/** The human status page: models, backend, threads, documents by state, failures and disk use. */
export function StatusPage(
  props: PageChrome & {
    status: StatusView;
    diskBytes: number;
    dataDir: string;
    /** The chat model just switched to (`?switched=`), for the notice. */
    switched?: string | null;
    /** The model just uploaded (`?uploaded=`), for the notice. */
    uploaded?: string | null;
    /** The model just unloaded (`?unloaded=`, `?role=`), for the notice. */
    unloaded?: string | null;
    unloadedRole?: "chat" | "reranker";
    /** The reranker just switched to (`?reranker=`), for the notice. */
    reranker?: string | null;
    /** The server's LAN addresses, with a QR code for the first. */
    addresses?: AddressView[];
    /** The models folder, and the presets `almanac models pull` knows (a chat model's first). */
    modelsDir: string;
    presets: string[];
  },
) {
  const s = props.status;
  const i18n = props.i18n;
  const { t, bytes } = i18n;
  const admin = viewerCan(props.viewer, "admin");
  const switching = s.embeddingSwitch?.state === "running";
  const layout = s.runtime.embeddingLayout;
  const compute = [
    t("status.compute", { backend: s.runtime.backend }) +
      (s.runtime.gpu ? ` (${s.runtime.gpuDevices.join(", ")})` : ""),
    t("status.threads", { threads: s.runtime.threads }),
    ...(layout ? [t("status.embeddingLayout", { contexts: layout.contexts, threads: layout.threads })] : []),
  ];
  const machine = [
    t("status.machine", { cpu: s.hardware.cpu.model, cores: s.hardware.cpu.cores }),
    ...(s.hardware.cpu.avx2 === null ? [] : [s.hardware.cpu.avx2 ? "AVX2" : t("status.noAvx2")]),
    t("status.memory", { free: bytes(s.hardware.ram.freeBytes), total: bytes(s.hardware.ram.totalBytes) }),
  ];
  return (
    <Layout
      title={`${t("status.title")} — Almanac`}
      page="status"
      theme={props.theme}
      viewer={props.viewer}
      i18n={i18n}
    >
      <h1>{t("status.title")}</h1>
      <p class="meta">
        {i18n.rich("status.meta", {
          version: s.version,
          uptime: i18n.duration(s.uptimeSeconds),
          json: (parts) => <a href="/status?format=json">{parts}</a>,
        })}
      </p>
      <AddressPanel addresses={props.addresses ?? []} i18n={i18n} />
      <h2>{t("status.answersHeading")}</h2>
      <ul>
        <li>{t(s.mode.answers === "rag" ? "status.answersRag" : "status.answersExtractive")}</li>
        <li>{t("status.search", { mode: s.mode.retrieval })}</li>
        <li>{t("status.speechServer", { available: s.speech.engine ? "yes" : "no" })}</li>
        {s.runtime.remote && !s.runtime.remote.used ? (
          <li class="warning">
            {t("status.remoteUnused", { url: s.runtime.remote.url, reason: s.runtime.remote.reason ?? "" })}
          </li>
        ) : null}
        <li>{compute.join(" · ")}</li>
        <li>{machine.join(" · ")}</li>
      </ul>
      <h2 id="models">{t("status.models")}</h2>
      {props.switched ? (
        <p class="card" role="status">
          {t("status.switched", { model: props.switched })}
        </p>
      ) : null}
      {props.unloaded ? (
        <p class="card" role="status">
          {t(props.unloadedRole === "reranker" ? "status.unloadedReranker" : "status.unloadedChat", {
            model: props.unloaded,
          })}
        </p>
      ) : null}
      {props.reranker ? (
        <p class="card" role="status">
          {t("status.reranker", { model: props.reranker })}
        </p>
      ) : null}
      {props.uploaded ? (
        <p class="card" role="status">
          {t("status.uploaded", { file: `${props.uploaded}.gguf`, use: t("status.useChat") })}
        </p>
      ) : null}
      {s.embeddingSwitch ? <EmbeddingSwitchLine progress={s.embeddingSwitch} i18n={i18n} /> : null}
      {s.runtime.models.length === 0 ? (
        <p>{t(admin ? "status.noModelsAdmin" : "status.noModels")}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("status.model")}</th>
                <th scope="col">{t("status.role")}</th>
                <th scope="col">{t("status.state")}</th>
                <th scope="col">{t("status.speed")}</th>
              </tr>
            </thead>
            <tbody>
              {s.runtime.models.map((m) => (
                <tr>
                  <td>
                    {m.id}
                    <div class="meta">
                      {m.remote
                        ? t("status.remoteAt", { url: m.remote })
                        : t("status.modelFacts", {
                            architecture: m.architecture,
                            parameters: i18n.compact(m.parameters),
                            quantization: m.quantization,
                            size: bytes(m.fileBytes),
                          })}
                    </div>
                  </td>
                  <td>{named(i18n, "model.", m.role)}</td>
                  <td>
                    {m.loaded
                      ? t("status.loaded")
                      : m.error
                        ? t("status.loadFailed", { error: m.error })
                        : t("status.notLoaded")}
                    {admin && m.role !== "embedding" && m.loaded ? (
                      <form method="post" action="/status/models/unload">
                        <input type="hidden" name="role" value={m.role} />
                        <button type="submit" class="quiet">
                          {t("status.unload")}
                        </button>
                      </form>
                    ) : null}
                    {admin && !m.loaded && !m.remote ? (
                      <form method="post" action="/status/models/use">
                        <input type="hidden" name="file" value={`${m.id}.gguf`} />
                        <input type="hidden" name="role" value={m.role} />
                        <button type="submit" disabled={m.role === "embedding" && switching}>
                          {useLabel(i18n, m.role)}
                        </button>
                      </form>
                    ) : null}
                  </td>
                  <td>{speedOf(m.generation, i18n)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {admin ? <AddModel i18n={i18n} modelsDir={props.modelsDir} presets={props.presets} /> : null}
      <h2>{t("status.library")}</h2>
      <ul>
        <li>
          {s.library.available
            ? t("status.folderAvailable", { path: s.library.path })
            : t("status.folderUnavailable", { path: s.library.path, reason: s.library.reason ?? "" })}
        </li>
        {s.disk?.paused ? <li role="alert">{t("status.indexingPaused", { reason: s.disk.reason ?? "" })}</li> : null}
        {s.readOnlyReason ? <li role="alert">{s.readOnlyReason}</li> : null}
        {s.rebuild?.state === "running" ? (
          <li role="status">
            {t("status.rebuilding", {
              from: s.rebuild.from,
              to: s.rebuild.to,
              done: s.rebuild.done,
              total: s.rebuild.total,
            })}
          </li>
        ) : null}
        <li>
          {t("status.documents", {
            indexed: s.documents.indexed,
            queued: s.documents.pending,
            indexing: s.documents.indexing,
            failed: s.documents.failed,
            skipped: s.documents.skipped,
          })}
        </li>
        {Object.keys(s.formats).length > 0 ? (
          <li>
            {t("status.formats", {
              list: Object.entries(s.formats)
                .sort((a, b) => b[1] - a[1])
                .map(([f, n]) => t("status.formatCount", { count: n, name: named(i18n, "format.", f) }))
                .join(" · "),
            })}
          </li>
        ) : null}
        <li>{t("status.chunks", { count: s.chunks })}</li>
        <li>
          {switching
            ? t("status.indexingReembed", { queued: s.indexing.queued })
            : s.indexing.busy
              ? t("status.indexingBusy", { file: s.indexing.current ?? "…", queued: s.indexing.queued })
              : t("status.indexingIdle")}
        </li>
        <li>
          {t("status.disk", { size: bytes(props.diskBytes) })} <span class="meta">({props.dataDir})</span>
        </li>
      </ul>
      {s.failures.length > 0 ? (
        <>
          <h2>{t("status.attention", { count: s.failures.length })}</h2>
          <ul>
            {s.failures.map((f) => (
              <li>
                {t("status.failure", {
                  path: f.path,
                  state: f.status === "indexed" ? t("status.warned") : named(i18n, "state.", f.status),
                  error: f.error ?? "",
                })}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Layout>
  );
}
