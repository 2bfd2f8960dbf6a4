// Small shared pieces. Everything shown is a text node: stored names, prompts and answers are never parsed as HTML.
import { useEffect, useState, useCallback } from 'preact/hooks';
import { api } from './api.js';

export function useApi(path) {
  const [state, setState] = useState({ loading: true });
  const load = useCallback(() => {
    if (!path) return;
    setState((s) => ({ ...s, loading: true }));
    api(path).then(
      (data) => setState({ data }),
      (error) => setState({ error }),
    );
  }, [path]);
  useEffect(load, [load]);
  return { ...state, reload: load };
}

export function Problem({ error }) {
  if (!error) return null;
  const text =
    error.status === 403 || error.status === 404
      ? 'Not available to you: ' + error.message
      : error.message || String(error);
  return <p class="problem" role="alert">{text}</p>;
}

export function Loading({ state }) {
  if (state.error) return <Problem error={state.error} />;
  return state.loading && !state.data ? <p class="muted">Loading…</p> : null;
}

/** cols: [{key, label, render?(row), num?}] */
export function Table({ rows, cols, empty = 'Nothing yet.', onRow, id }) {
  if (!rows || rows.length === 0) return <p class="muted">{empty}</p>;
  return (
    <div class="table-wrap">
      <table id={id}>
        <thead>
          <tr>{cols.map((c) => <th class={c.num ? 'num' : ''}>{c.label}</th>)}</tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr class={onRow ? 'clickable' : ''} onClick={onRow ? () => onRow(r) : undefined}>
              {cols.map((c) => (
                <td class={c.num ? 'num' : ''}>{c.render ? c.render(r) : fmt(r[c.key])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function fmt(v) {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return String(v);
}

export function money(v) {
  if (v === null || v === undefined || v === '') return '—';
  const n = Number(v);
  return '$' + (Math.abs(n) < 1 ? n.toFixed(4) : n.toFixed(2));
}

export function num(v) {
  return v === null || v === undefined ? '—' : Number(v).toLocaleString('en-US');
}

export function when(v) {
  return v ? String(v).replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '—';
}

export function Card({ title, children, actions }) {
  return (
    <section class="card">
      <header>
        <h2>{title}</h2>
        {actions}
      </header>
      {children}
    </section>
  );
}

/** A small form: fields [{name, label, type?, options?, placeholder?}], onSubmit(values) → promise. */
export function Form({ fields, submit, onSubmit, id }) {
  const [values, setValues] = useState({});
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  async function go(e) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSubmit(values);
      setValues({});
      e.target.reset();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="inline-form" onSubmit={go} id={id}>
      {fields.map((f) => (
        <label>
          <span>{f.label}</span>
          {f.options ? (
            <select name={f.name} onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}>
              <option value="">{f.placeholder || '—'}</option>
              {f.options.map((o) => <option value={o.value}>{o.label}</option>)}
            </select>
          ) : (
            <input
              name={f.name}
              type={f.type || 'text'}
              placeholder={f.placeholder || ''}
              onInput={(e) => setValues({ ...values, [f.name]: e.target.value })}
            />
          )}
        </label>
      ))}
      <button type="submit" disabled={busy}>{submit}</button>
      <Problem error={error} />
    </form>
  );
}
