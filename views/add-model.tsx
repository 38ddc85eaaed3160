import type { Child } from "hono/jsx";
import type { I18n } from "../src/view-models.js";

/**
 * The status page's "Add a GGUF model" for admins: the ways to add one (copy it into the models folder,
 * upload it here, or `almanac models pull` a preset), and the upload form.
 */
export function AddModel(props: { i18n: I18n; modelsDir: string; presets: string[] }) {
  const { i18n } = props;
  const { t } = i18n;
  return (
    <>
      <p>
        {i18n.rich<Child>("status.addModelHint", {
          code: (parts) => <code>{parts}</code>,
          dir: props.modelsDir,
          command: `almanac models pull ${props.presets[0] ?? "<preset>"}`,
          presets: i18n.list(props.presets),
        })}
      </p>
      <form method="post" action="/status/models/upload" enctype="multipart/form-data" class="card">
        <label for="model-file">{t("status.addModel")}</label>
        <input id="model-file" type="file" name="file" accept=".gguf" required />
        <p class="meta">{t("status.addModelNote")}</p>
        <button type="submit">{t("status.uploadModel")}</button>
      </form>
    </>
  );
}
