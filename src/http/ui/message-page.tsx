import { Layout, type PageChrome } from "../../../views/layout.js";

/** A plain page with a heading and one message (not found, not allowed, done). */
export function MessagePage(props: { chrome: PageChrome; title: string; message: string }) {
  return (
    <Layout title={`${props.title} — Almanac`} page="none" {...props.chrome}>
      <h1>{props.title}</h1>
      <p>{props.message}</p>
      <p>
        <a href="/">{props.chrome.i18n.t("common.back")}</a>
      </p>
    </Layout>
  );
}
