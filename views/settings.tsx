import { Layout, type PageChrome, THEMES, type Theme, viewerCan } from "./layout.js";

/** The settings page: runtime-adjustable answering options and this browser's theme. */
export function SettingsPage(
  props: PageChrome & { topK: number; maxAnswerTokens: number; saved: boolean; errors: string[] },
) {
  const lengths: Array<[number, string]> = [
    [200, "Short"],
    [400, "Normal"],
    [800, "Long"],
  ];
  const labels: Record<Theme, string> = {
    auto: "Follow the device",
    light: "Light",
    dark: "Dark",
    survival: "Survival: high contrast, large type",
  };
  return (
    <Layout title="Settings — Almanac" page="settings" theme={props.theme} viewer={props.viewer}>
      <h1>Settings</h1>
      {props.saved ? (
        <p role="status" class="card">
          Saved.
        </p>
      ) : null}
      {props.errors.map((e) => (
        <p role="alert" class="warning">
          {e}
        </p>
      ))}
      <form method="post" action="/settings/theme" class="card">
        <fieldset>
          <legend>Theme (this device)</legend>
          {THEMES.map((t) => (
            <div>
              <label style="display:inline-flex;align-items:center;gap:.5rem;min-height:var(--target)">
                <input type="radio" name="theme" value={t} checked={props.theme === t} /> {labels[t]}
              </label>
            </div>
          ))}
        </fieldset>
        <input type="hidden" name="back" value="/settings?saved=1" />
        <button type="submit">Save theme</button>
      </form>
      {viewerCan(props.viewer, "admin") ? (
        <form method="post" action="/settings" class="card">
          <p>Answering (everyone on this Almanac):</p>
          <p>
            <label for="topK">Passages per answer (1–50)</label>{" "}
            <input type="number" id="topK" name="topK" min={1} max={50} value={String(props.topK)} />
          </p>
          <p>
            <label for="maxAnswerTokens">Answer length</label>{" "}
            <select id="maxAnswerTokens" name="maxAnswerTokens">
              {lengths.map(([n, label]) => (
                <option value={String(n)} selected={props.maxAnswerTokens === n}>
                  {label} ({n} tokens)
                </option>
              ))}
              {lengths.some(([n]) => n === props.maxAnswerTokens) ? null : (
                <option value={String(props.maxAnswerTokens)} selected>
                  Custom ({props.maxAnswerTokens} tokens)
                </option>
              )}
            </select>
          </p>
          <button type="submit">Save</button>
          <p class="meta">Other options come from almanac.config.json and ALMANAC_* environment variables.</p>
        </form>
      ) : null}
    </Layout>
  );
}
