import type { Logger } from "../log.js";
import { RemoteChatModel, remotePolicy } from "./remote-chat.js";
import type { RuntimeConfig } from "./runtime-config.js";

/** A configured remote generator: its URL and model, whether it answers chat, and if not, why not. */
export interface RemoteInfo {
  /** `remoteChatUrl`, the OpenAI-compatible server's base URL. */
  url: string;
  /** `remoteChatModel`, "default" when unset. */
  model: string;
  /** Whether it answers chat now. */
  used: boolean;
  /** Why it is not used (the offline policy, a switch to a local model, an unload). */
  reason?: string;
}

/**
 * The remote generator `remoteChatUrl` names, when {@link remotePolicy}
 * allows it (offline mode allows only the hosts listed); otherwise why not,
 * logged as a warning.
 * @returns null when no remote generator is configured; else its {@link RemoteInfo},
 *   with the chat model when it is used.
 */
export function remoteChatOf(
  config: RuntimeConfig,
  log: Logger,
): { info: RemoteInfo; chat: RemoteChatModel | null } | null {
  const c = config;
  if (!c.remoteChatUrl) return null;
  const model = c.remoteChatModel ?? "default";
  const policy = remotePolicy(c.remoteChatUrl, c.offline ?? true, c.offlineAllowHosts ?? []);
  if (!policy.allowed) {
    log.warn({ url: c.remoteChatUrl, reason: policy.reason }, "remote generator not used");
    return { info: { url: c.remoteChatUrl, model, used: false, reason: policy.reason }, chat: null };
  }
  const chat = new RemoteChatModel(
    {
      url: c.remoteChatUrl,
      model,
      apiKey: c.remoteChatKey,
      concurrency: c.remoteChatConcurrency ?? 4,
      contextSize: c.chatContextSize,
    },
    c.chatQueueMax,
    c.chatTimeoutSeconds * 1000,
  );
  log.info({ url: c.remoteChatUrl, model }, "chat answered by a remote generator");
  return { info: { url: c.remoteChatUrl, model, used: true }, chat };
}
