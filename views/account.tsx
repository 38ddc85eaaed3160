import { Layout, type PageChrome } from "./layout.js";

/** An API key as listed: never the key itself. */
export interface KeyView {
  id: number;
  name: string;
  prefix: string;
  created: string;
  lastUsed: string;
  revoked: boolean;
  /** The owner's name (the admin's list of every key). */
  owner?: string;
}

/** What the last form did, announced to screen readers. */
function Messages(props: { messages: string[] }) {
  return (
    <>
      {props.messages.map((m) => (
        <p role="alert" class="card">
          {m}
        </p>
      ))}
    </>
  );
}

/** A key's row, with a revoke button while it is live. */
function KeyRows(props: { keys: KeyView[]; revokeBase: string }) {
  if (props.keys.length === 0) return <p class="meta">No API keys yet.</p>;
  return (
    <div class="table-wrap">
      <table class="stacked">
        <thead>
          <tr>
            <th>Name</th>
            {props.keys.some((k) => k.owner) ? <th>Owner</th> : null}
            <th>Key</th>
            <th>Created</th>
            <th>Last used</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {props.keys.map((k) => (
            <tr>
              <td>
                <strong>{k.name}</strong>
              </td>
              {k.owner ? <td data-label="Owner">{k.owner}</td> : null}
              <td data-label="Key">
                <code>{k.prefix}…</code>
              </td>
              <td data-label="Created">{k.created}</td>
              <td data-label="Last used">{k.lastUsed}</td>
              <td>
                {k.revoked ? (
                  "revoked"
                ) : (
                  <form method="post" action={`${props.revokeBase}/${k.id}/revoke`}>
                    <button type="submit" class="quiet">
                      Revoke
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** `/account`: one's role, password, API keys (a new key shown once) and sessions. */
export function AccountPage(
  props: PageChrome & { name: string; role: string; keys: KeyView[]; newKey?: string; messages: string[] },
) {
  return (
    <Layout title="Account — Almanac" page="account" theme={props.theme} viewer={props.viewer}>
      <h1>{props.name}</h1>
      <p class="meta">Role: {props.role}</p>
      <Messages messages={props.messages} />
      {props.newKey ? (
        <div class="card" role="alert">
          <p>
            <strong>Your new API key.</strong> Copy it now: it is not shown again.
          </p>
          <p>
            <code id="new-key">{props.newKey}</code>
          </p>
          <p class="meta">
            Use it as <code>Authorization: Bearer &lt;key&gt;</code>, or as the API key of any OpenAI client with the
            base URL <code>/v1</code> on this server.
          </p>
        </div>
      ) : null}
      <h2>API keys</h2>
      <KeyRows keys={props.keys} revokeBase="/account/keys" />
      <form method="post" action="/account/keys" class="row card">
        <label for="key-name">New key named</label>
        <input type="text" id="key-name" name="name" required maxlength={80} placeholder="laptop" />
        <button type="submit">Create key</button>
      </form>
      <h2>Password</h2>
      <form method="post" action="/account/password" class="card stack">
        <label for="current">Current password</label>
        <input type="password" id="current" name="current" required autocomplete="current-password" />
        <label for="password">New password (at least 8 characters)</label>
        <input type="password" id="password" name="password" required minlength={8} autocomplete="new-password" />
        <button type="submit">Change password</button>
      </form>
      <h2>Sessions</h2>
      <form method="post" action="/account/sign-out-everywhere" class="card">
        <p>Signs this account out on every phone and computer, this one included. API keys keep working.</p>
        <button type="submit">Sign out everywhere</button>
      </form>
    </Layout>
  );
}

/** An account as the admin's list shows it. */
export interface UserView {
  id: number;
  name: string;
  role: string;
  disabled: boolean;
  created: string;
  self: boolean;
}

/** `/admin/users`: create accounts, change roles, disable, reset passwords; every API key with revoke. */
export function UsersPage(props: PageChrome & { users: UserView[]; keys: KeyView[]; messages: string[] }) {
  return (
    <Layout title="Users — Almanac" page="users" wide theme={props.theme} viewer={props.viewer}>
      <h1>Users</h1>
      <Messages messages={props.messages} />
      <p class="meta">
        Readers read, search and use survival topics. Users also ask questions and keep their own conversations. Admins
        also manage the library, models, settings and accounts.
      </p>
      <div class="table-wrap">
        <table class="stacked">
          <thead>
            <tr>
              <th>Name</th>
              <th>Role</th>
              <th>State</th>
              <th>New password</th>
            </tr>
          </thead>
          <tbody>
            {props.users.map((u) => (
              <tr>
                <td>
                  <strong>{u.name}</strong>
                  {u.self ? " (you)" : ""}
                </td>
                <td data-label="Role">
                  <form method="post" action={`/admin/users/${u.id}/role`} class="row">
                    <label class="visually-hidden" for={`role-${u.id}`}>
                      Role of {u.name}
                    </label>
                    <select id={`role-${u.id}`} name="role">
                      {["reader", "user", "admin"].map((r) => (
                        <option value={r} selected={r === u.role}>
                          {r}
                        </option>
                      ))}
                    </select>
                    <button type="submit" class="quiet">
                      Set
                    </button>
                  </form>
                </td>
                <td data-label="State">
                  <form method="post" class="row" action={`/admin/users/${u.id}/${u.disabled ? "enable" : "disable"}`}>
                    {u.disabled ? "disabled " : "active "}
                    <button type="submit" class="quiet">
                      {u.disabled ? "Enable" : "Disable"}
                    </button>
                  </form>
                </td>
                <td data-label="New password">
                  <form method="post" action={`/admin/users/${u.id}/password`} class="row">
                    <label class="visually-hidden" for={`pw-${u.id}`}>
                      New password for {u.name}
                    </label>
                    <input
                      type="password"
                      id={`pw-${u.id}`}
                      name="password"
                      minlength={8}
                      required
                      autocomplete="new-password"
                    />
                    <button type="submit" class="quiet">
                      Reset
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>Add an account</h2>
      <form method="post" action="/admin/users" class="card stack">
        <label for="new-name">Name</label>
        <input type="text" id="new-name" name="name" required autocapitalize="none" autocomplete="off" />
        <label for="new-password">Password (at least 8 characters)</label>
        <input type="password" id="new-password" name="password" required minlength={8} autocomplete="new-password" />
        <label for="new-role">Role</label>
        <select id="new-role" name="role">
          <option value="reader">reader</option>
          <option value="user" selected>
            user
          </option>
          <option value="admin">admin</option>
        </select>
        <button type="submit">Add account</button>
      </form>
      <h2>API keys</h2>
      <KeyRows keys={props.keys} revokeBase="/admin/keys" />
    </Layout>
  );
}
