import { Layout, NOBODY, type Theme } from "./layout.js";

/** The sign-in form: account name and password. */
export function LoginPage(props: {
  theme: Theme;
  failed: boolean;
  waitSeconds?: number;
  next?: string;
  /** Whether visitors who are not signed in may read and search (`anonymousRole` is not `none`). */
  openToAnonymous: boolean;
}) {
  return (
    <Layout title="Sign in — Almanac" page="none" theme={props.theme} viewer={NOBODY}>
      <h1>Sign in</h1>
      <form class="card stack" method="post" action="/login">
        <label for="name">Name</label>
        <input type="text" id="name" name="name" required autocomplete="username" autocapitalize="none" />
        <label for="password">Password</label>
        <input type="password" id="password" name="password" required autocomplete="current-password" />
        {props.next ? <input type="hidden" name="next" value={props.next} /> : null}
        <button type="submit">Sign in</button>
      </form>
      {props.failed ? <p role="alert">That name and password do not match an account.</p> : null}
      {props.waitSeconds ? (
        <p role="alert">Too many failed sign-ins. Try again in {props.waitSeconds} seconds.</p>
      ) : null}
      {props.openToAnonymous ? (
        <p class="meta">
          <a href="/survival">Survival topics</a> and <a href="/search">search</a> are open without signing in.
        </p>
      ) : null}
    </Layout>
  );
}

/** First-run setup: the first visit creates the admin account. */
export function SetupPage(props: { theme: Theme; error?: string }) {
  return (
    <Layout title="Set up — Almanac" page="none" theme={props.theme} viewer={NOBODY}>
      <h1>Welcome to Almanac</h1>
      <p>
        Create the admin account. The admin adds books, manages models and settings, and creates accounts for everyone
        else in the household.
      </p>
      <form class="card stack" method="post" action="/setup">
        <label for="name">Admin name</label>
        <input type="text" id="name" name="name" required autocomplete="username" autocapitalize="none" value="admin" />
        <label for="password">Password (at least 8 characters)</label>
        <input type="password" id="password" name="password" required minlength={8} autocomplete="new-password" />
        <button type="submit">Create admin</button>
      </form>
      {props.error ? <p role="alert">{props.error}</p> : null}
    </Layout>
  );
}

/** The page shown when the phone has lost the LAN: the service worker serves it from its cache. */
export function OfflinePage(props: { theme: Theme }) {
  return (
    <Layout title="Offline — Almanac" page="none" theme={props.theme} viewer={NOBODY}>
      <h1>Almanac is out of reach</h1>
      <p>This device cannot reach the Almanac server right now. Pages you opened recently are still here:</p>
      <ul id="saved-pages" />
      <p class="meta">Reconnect to the network Almanac is on to ask new questions.</p>
    </Layout>
  );
}
