// Every call of the admin API goes through here: the session cookie travels by itself (same origin), and the
// session's CSRF token is sent on every request, GETs included, as the server requires.
let csrf = '';

export function setCsrf(token) {
  csrf = token || '';
}

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function send(path, { method = 'GET', body } = {}) {
  const headers = { 'X-Parley-CSRF': csrf };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) {
    let message = res.statusText;
    try {
      const json = await res.json();
      message = (json.error && json.error.message) || message;
    } catch {
      // not JSON: keep the status text
    }
    if (res.status === 401) window.dispatchEvent(new CustomEvent('parley-logged-out'));
    throw new ApiError(res.status, message);
  }
  return res;
}

export async function api(path, options) {
  const res = await send(path, options);
  if (res.status === 204) return null;
  return res.json();
}

/** JSON lines (the raw usage rows), parsed. */
export async function lines(path) {
  const text = await (await send(path)).text();
  return text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l));
}

/** A CSV answer saved as a file; a plain link could not carry the CSRF header. */
export async function download(path, filename) {
  const blob = await (await send(path)).blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Every item of a paged listing ({items, next}), following `next`. */
export async function all(path, limit = 1000) {
  const items = [];
  let after = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page = await api(path + (after ? `${sep}after=${encodeURIComponent(after)}` : ''));
    items.push(...page.items);
    after = page.next;
  } while (after && items.length < limit);
  return items;
}

export async function session() {
  const res = await fetch('/ui/session', { credentials: 'same-origin' });
  return res.ok ? res.json() : null;
}

export async function login(key) {
  const res = await fetch('/ui/session', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ key }),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, (json.error && json.error.message) || res.statusText);
  return json;
}

export async function logout() {
  await fetch('/ui/session', { method: 'DELETE', credentials: 'same-origin', headers: { 'X-Parley-CSRF': csrf } });
  setCsrf('');
}
