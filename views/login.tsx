import { Layout, type Theme } from "./layout.js";

/** The sign-in form shown when an access key protects the appliance. */
export function LoginPage(props: { theme: Theme; failed: boolean; waitSeconds?: number }) {
  return (
    <Layout title="Sign in — Almanac" page="none" theme={props.theme} signOut={false}>
      <h1>Sign in</h1>
      <form class="ask" method="post" action="/login">
        <label class="visually-hidden" for="key">
          Access key
        </label>
        <input type="password" id="key" name="key" placeholder="Access key" required autocomplete="current-password" />
        <button type="submit">Sign in</button>
      </form>
      {props.failed ? <p role="alert">That key is not right.</p> : null}
      {props.waitSeconds ? <p role="alert">Too many wrong keys. Try again in {props.waitSeconds} seconds.</p> : null}
    </Layout>
  );
}

/** The page shown when the phone has lost the LAN: the service worker serves it from its cache. */
export function OfflinePage(props: { theme: Theme }) {
  return (
    <Layout title="Offline — Almanac" page="none" theme={props.theme} signOut={false}>
      <h1>Almanac is out of reach</h1>
      <p>This device cannot reach the Almanac server right now. Pages you opened recently are still here:</p>
      <ul id="saved-pages" />
      <p class="meta">Reconnect to the network Almanac is on to ask new questions.</p>
    </Layout>
  );
}
