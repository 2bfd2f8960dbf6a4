import { useEffect, useState } from 'preact/hooks';
import { login, logout, session, setCsrf } from './api.js';
import { Problem } from './ui.jsx';
import {
  Overview, Usage, Keys, Teams, Projects, Members, Providers, Channels, Requests, Balances, Audit,
} from './pages.jsx';

// Pages, and who sees them in the navigation: a member sees only their own keys, usage and prepaid account (the API
// filters the data too; hiding the rest only keeps a member from pages that would answer 403).
const PAGES = [
  { path: 'overview', title: 'Overview', page: Overview, everyone: true },
  { path: 'usage', title: 'Usage & cost', page: Usage, everyone: true },
  { path: 'keys', title: 'Keys', page: Keys, everyone: true },
  { path: 'requests', title: 'Request log', page: Requests, everyone: true },
  { path: 'teams', title: 'Teams', page: Teams },
  { path: 'projects', title: 'Projects', page: Projects },
  { path: 'members', title: 'Members', page: Members },
  { path: 'providers', title: 'Providers & models', page: Providers },
  { path: 'channels', title: 'Channels', page: Channels },
  { path: 'balances', title: 'Balances', page: Balances, everyone: true },
  { path: 'audit', title: 'Audit log', page: Audit },
];

function isOperator(me) {
  return me.principal === 'master' || me.role === 'owner' || me.role === 'admin' || me.role === 'viewer';
}

function currentPath() {
  const rest = location.pathname.replace(/^\/ui\/?/, '');
  return rest.split('/')[0] || 'overview';
}

export function navigate(path) {
  history.pushState(null, '', '/ui/' + path);
  window.dispatchEvent(new Event('popstate'));
}

export function App() {
  const [me, setMe] = useState(undefined);
  const [path, setPath] = useState(currentPath());
  useEffect(() => {
    session().then((s) => {
      setCsrf(s && s.csrf);
      setMe(s);
    });
    const onPop = () => setPath(currentPath());
    const onOut = () => setMe(null);
    window.addEventListener('popstate', onPop);
    window.addEventListener('parley-logged-out', onOut);
    return () => {
      window.removeEventListener('popstate', onPop);
      window.removeEventListener('parley-logged-out', onOut);
    };
  }, []);
  if (me === undefined) return <p class="muted center">Loading…</p>;
  if (!me) {
    return <Login onIn={(s) => { setCsrf(s.csrf); setMe(s); }} />;
  }
  const visible = PAGES.filter((p) => p.everyone || isOperator(me));
  const current = visible.find((p) => p.path === path) || visible[0];
  const Page = current.page;
  return (
    <div class="shell">
      <nav class="side">
        <div class="brand">Parley</div>
        <ul>
          {visible.map((p) => (
            <li>
              <a
                href={'/ui/' + p.path}
                class={p === current ? 'active' : ''}
                data-page={p.path}
                onClick={(e) => { e.preventDefault(); navigate(p.path); }}
              >
                {p.title}
              </a>
            </li>
          ))}
        </ul>
        <div class="who">
          <div class="who-name" id="who">{me.principal === 'master' ? 'Master key' : me.name}</div>
          <div class="muted">role: {me.role}</div>
          <button class="link" id="logout" onClick={async () => { await logout(); setMe(null); }}>Log out</button>
        </div>
      </nav>
      <main>
        <h1>{current.title}</h1>
        <Page me={me} operator={isOperator(me)} />
      </main>
    </div>
  );
}

function Login({ onIn }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState(null);
  async function submit(e) {
    e.preventDefault();
    setError(null);
    try {
      onIn(await login(key));
    } catch (err) {
      setError(err);
    }
  }
  return (
    <div class="login">
      <form onSubmit={submit} id="login-form">
        <div class="brand big">Parley</div>
        <p class="muted">Log in with the master key or your own Parley key. The key is not kept in the browser.</p>
        <input
          id="login-key"
          type="password"
          autocomplete="off"
          placeholder="sk-parley-…"
          value={key}
          onInput={(e) => setKey(e.target.value)}
        />
        <button type="submit" id="login-submit">Log in</button>
        <Problem error={error} />
      </form>
    </div>
  );
}
