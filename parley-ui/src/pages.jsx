import { useEffect, useMemo, useState } from 'preact/hooks';
import { all, api, download, lines } from './api.js';
import { Chart } from './chart.jsx';
import { Card, Form, Loading, Problem, Table, fmt, money, num, useApi, when } from './ui.jsx';

// ---- Overview: requests, errors, tokens, cost and latency over time, from /admin/usage/report.

const RANGES = {
  '24h': { since: '24h', grain: 'hour' },
  '7d': { since: '7d', grain: 'hour' },
  '30d': { since: '30d', grain: 'day' },
};

function RangePicker({ range, setRange }) {
  return (
    <div class="tabs">
      {Object.keys(RANGES).map((r) => (
        <button class={r === range ? 'tab active' : 'tab'} onClick={() => setRange(r)}>{r}</button>
      ))}
    </div>
  );
}

export function Overview({ operator }) {
  const [range, setRange] = useState('24h');
  const { since, grain } = RANGES[range];
  const state = useApi(`/admin/usage/report?grain=${grain}&since=${since}`);
  const report = state.data;
  const series = useMemo(() => {
    if (!report) return null;
    // Every bucket of the range, with zeros where nothing happened, so that a quiet hour shows as a quiet hour.
    const step = grain === 'hour' ? 3600 : 86400;
    const end = Math.floor(Date.parse(report.until) / 1000 / step) * step;
    const start = Math.floor(Date.parse(report.since) / 1000 / step) * step;
    const byBucket = new Map(report.rows.map((r) => [Date.parse(r.bucket) / 1000, r]));
    const x = [];
    for (let t = start; t <= end; t += step) x.push(t);
    const col = (k) => x.map((t) => (byBucket.has(t) ? Number(byBucket.get(t)[k]) : 0));
    // Latency is not zero where nothing happened: a gap.
    const gap = (k) => x.map((t) => {
      const v = byBucket.has(t) ? byBucket.get(t)[k] : null;
      return v === null || v === undefined ? null : Number(v);
    });
    return {
      x,
      traffic: report.rows.length,
      requests: [{ label: 'requests', values: col('requests') }, { label: 'errors', values: col('error_requests') }],
      tokens: [{ label: 'input', values: col('input_tokens') }, { label: 'output', values: col('output_tokens') }],
      cost: [{ label: 'cost', values: col('cost_total') }],
      latency: [
        { label: 'mean', values: gap('avg_latency_ms') },
        { label: 'p95', values: gap('p95_latency_ms') },
        { label: 'gateway overhead', values: gap('avg_overhead_ms') },
      ],
    };
  }, [report, grain]);
  return (
    <div>
      <RangePicker range={range} setRange={setRange} />
      <Loading state={state} />
      {report && (
        <div>
          <div class="stats" id="totals">
            <Stat label="Requests" value={num(report.total.requests)} />
            <Stat label="Errors" value={num(report.total.error_requests)} />
            <Stat label="Input tokens" value={num(report.total.input_tokens)} />
            <Stat label="Output tokens" value={num(report.total.output_tokens)} />
            <Stat label="Cost" value={money(report.total.cost_total)} />
            <Stat label="Mean latency" value={millis(report.total.avg_latency_ms)} />
            <Stat label="p95 latency" value={millis(report.total.p95_latency_ms)} />
          </div>
          {series.traffic === 0 ? (
            <p class="muted">No traffic in this range yet.</p>
          ) : (
            <div class="charts">
              <Card title="Requests and errors"><Chart x={series.x} series={series.requests} /></Card>
              <Card title="Tokens"><Chart x={series.x} series={series.tokens} /></Card>
              <Card title="Cost (USD)"><Chart x={series.x} series={series.cost} format={(v) => '$' + v.toFixed(4)} /></Card>
              <Card title="Latency (ms)"><Chart id="latency-chart" dots x={series.x} series={series.latency} format={(v) => v.toFixed(0) + ' ms'} /></Card>
            </div>
          )}
          <p class="muted small">
            Latency is from a request's arrival to its last byte; p95 is an upper bound within 41%; the gateway overhead
            is the time before the first upstream call (authentication, admission, routing, any wait in the queue).
            {operator && ' Latency per channel (p50, p95, time to first token) is on the Channels page.'}
          </p>
        </div>
      )}
    </div>
  );
}

function millis(v) {
  return v === null || v === undefined ? '—' : Number(v).toFixed(0) + ' ms';
}

function Stat({ label, value }) {
  return (
    <div class="stat">
      <div class="stat-value">{value}</div>
      <div class="stat-label">{label}</div>
    </div>
  );
}

// ---- Usage and cost by team, project, member, model (and key), with the API's CSV.

const DIMENSIONS = ['team', 'project', 'member', 'key', 'model', 'provider'];

export function Usage({ operator }) {
  const [by, setBy] = useState(operator ? 'team' : 'model');
  const [since, setSince] = useState('30d');
  const [error, setError] = useState(null);
  const query = `by=${by}&since=${since}`;
  const state = useApi(`/admin/usage/report?${query}`);
  const rows = state.data ? state.data.rows : [];
  return (
    <div>
      <div class="toolbar">
        <label>Group by{' '}
          <select id="usage-by" value={by} onChange={(e) => setBy(e.target.value)}>
            {DIMENSIONS.map((d) => <option value={d}>{d}</option>)}
          </select>
        </label>
        <label>Since{' '}
          <select value={since} onChange={(e) => setSince(e.target.value)}>
            {['24h', '7d', '30d', '90d'].map((d) => <option value={d}>{d}</option>)}
          </select>
        </label>
        <button
          id="usage-csv"
          onClick={() => download(`/admin/usage/report?${query}&format=csv`, `parley-usage-by-${by}.csv`).catch(setError)}
        >
          Download CSV
        </button>
      </div>
      <Problem error={error} />
      <Loading state={state} />
      <Table
        id="usage-table"
        rows={rows}
        cols={[
          { label: by, render: (r) => r[by + '_name'] || r[by] || '(none)' },
          { key: 'requests', label: 'Requests', num: true, render: (r) => num(r.requests) },
          { key: 'error_requests', label: 'Errors', num: true, render: (r) => num(r.error_requests) },
          { label: 'Input tokens', num: true, render: (r) => num(r.input_tokens) },
          { label: 'Output tokens', num: true, render: (r) => num(r.output_tokens) },
          { label: 'Cost', num: true, render: (r) => money(r.cost_total) },
        ]}
      />
    </div>
  );
}

// ---- Keys: list, create (the text shown once), revoke, limits, budgets.

export function Keys({ operator }) {
  const [inactive, setInactive] = useState(false);
  const state = useApi(`/admin/keys?limit=200${inactive ? '&include_inactive=true' : ''}`);
  const projects = useApi('/admin/projects?limit=200');
  const [created, setCreated] = useState(null);
  const [selected, setSelected] = useState(null);
  const [error, setError] = useState(null);
  const members = useApi(operator ? '/admin/members?limit=200' : null);
  const projectList = projects.data ? projects.data.items : [];
  const memberList = members.data ? members.data.items : [];
  const projectOptions = projectList.map((p) => ({ value: p.id, label: p.name }));
  const projectName = (id) => (projectList.find((p) => p.id === id) || { name: id }).name;
  const holder = (k) => (k.service ? 'service' : (memberList.find((m) => m.id === k.member_id) || { name: k.member_id }).name);
  async function create(v) {
    const body = { project_id: v.project_id, name: v.name || undefined };
    // The master key's keys are service keys unless a member is named; a member's are their own.
    if (operator && v.member_id) body.member_id = v.member_id;
    const key = await api('/admin/keys', { method: 'POST', body });
    setCreated(key);
    state.reload();
  }
  async function revoke(k) {
    setError(null);
    try {
      await api(`/admin/keys/${encodeURIComponent(k.id)}/revoke`, { method: 'POST', body: {} });
      state.reload();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <div>
      {created && (
        <div class="once" id="created-key">
          <strong>New key “{created.name}”.</strong> Copy it now: Parley keeps only its hash and will not show it again.
          <code id="created-key-text">{created.key}</code>
          <button onClick={() => setCreated(null)}>I have copied it</button>
        </div>
      )}
      <Card title="Create a key">
        <Form
          id="create-key"
          submit="Create key"
          onSubmit={create}
          fields={[
            { name: 'project_id', label: 'Project', options: projectOptions, placeholder: 'choose a project' },
            { name: 'name', label: 'Name', placeholder: 'e.g. laptop' },
            ...(operator ? [{ name: 'member_id', label: 'Held by', options: memberList.map((m) => ({ value: m.id, label: m.name })), placeholder: 'a service (no member)' }] : []),
          ]}
        />
      </Card>
      <div class="toolbar">
        <label><input type="checkbox" checked={inactive} onChange={(e) => setInactive(e.target.checked)} /> show revoked and expired</label>
      </div>
      <Problem error={error} />
      <Loading state={state} />
      {state.data && (
        <Table
          id="keys-table"
          rows={state.data.items}
          cols={[
            { key: 'name', label: 'Name' },
            { key: 'hint', label: 'Key' },
            { label: 'Project', render: (k) => projectName(k.project_id) },
            { label: 'Held by', render: holder },
            { label: 'Active', render: (k) => (k.active ? 'active' : 'inactive') },
            { label: 'Created', render: (k) => when(k.created_at) },
            {
              label: '',
              render: (k) => (
                <span class="row-actions">
                  <button class="small" onClick={(e) => { e.stopPropagation(); setSelected(k); }}>Limits &amp; budgets</button>
                  {k.active && <button class="small danger" onClick={(e) => { e.stopPropagation(); revoke(k); }}>Revoke</button>}
                </span>
              ),
            },
          ]}
        />
      )}
      {selected && <ScopeControls kind="key" id={selected.id} title={`Key “${selected.name}”`} onClose={() => setSelected(null)} />}
    </div>
  );
}

/** Limits and budgets of one scope (a key, project, team or member). */
function ScopeControls({ kind, id, title, onClose }) {
  const limits = useApi(`/admin/limits/${kind}/${encodeURIComponent(id)}`);
  const budgets = useApi(`/admin/budgets?scope_kind=${kind}&scope_id=${encodeURIComponent(id)}`);
  const lim = limits.data || {};
  async function putLimits(v) {
    const body = {};
    for (const k of ['rpm', 'tpm', 'concurrency']) if (v[k]) body[k] = Number(v[k]);
    await api(`/admin/limits/${kind}/${encodeURIComponent(id)}`, { method: 'PUT', body });
    limits.reload();
  }
  async function addBudget(v) {
    await api('/admin/budgets', {
      method: 'POST',
      body: { scope_kind: kind, scope_id: id, period: v.period || 'month', amount: v.amount, alert_percent: v.alert_percent ? Number(v.alert_percent) : undefined },
    });
    budgets.reload();
  }
  return (
    <Card title={`${title}: limits and budgets`} actions={<button class="link" onClick={onClose}>close</button>}>
      {limits.error && limits.error.status !== 404 ? <Problem error={limits.error} /> : null}
      <p id="scope-limits-now">
        Limits now: rpm {fmt(lim.rpm)}, tpm {fmt(lim.tpm)}, concurrency {fmt(lim.concurrency)}
      </p>
      <Form
        id="scope-limits"
        submit="Set limits"
        onSubmit={putLimits}
        fields={[
          { name: 'rpm', label: 'Requests/min', type: 'number' },
          { name: 'tpm', label: 'Tokens/min', type: 'number' },
          { name: 'concurrency', label: 'Concurrent', type: 'number' },
        ]}
      />
      <Loading state={budgets} />
      {budgets.data && (
        <Table
          id="scope-budgets"
          rows={budgets.data.items}
          empty="No budgets."
          cols={[
            { key: 'period', label: 'Period' },
            { label: 'Amount', render: (b) => money(b.amount) },
            { key: 'alert_percent', label: 'Alert at %' },
          ]}
        />
      )}
      <Form
        id="scope-budget"
        submit="Add budget"
        onSubmit={addBudget}
        fields={[
          { name: 'period', label: 'Period', options: ['day', 'month', 'total'].map((p) => ({ value: p, label: p })), placeholder: 'month' },
          { name: 'amount', label: 'Amount (USD)', placeholder: '25.00' },
          { name: 'alert_percent', label: 'Alert at %', type: 'number' },
        ]}
      />
    </Card>
  );
}

// ---- Teams, projects, members.

export function Teams() {
  const state = useApi('/admin/teams?limit=200');
  const [selected, setSelected] = useState(null);
  return (
    <div>
      <Card title="Create a team">
        <Form
          id="create-team"
          submit="Create team"
          onSubmit={async (v) => { await api('/admin/teams', { method: 'POST', body: { name: v.name } }); state.reload(); }}
          fields={[{ name: 'name', label: 'Name' }]}
        />
      </Card>
      <Loading state={state} />
      {state.data && (
        <Table
          id="teams-table"
          rows={state.data.items}
          onRow={setSelected}
          cols={[{ key: 'name', label: 'Name' }, { key: 'id', label: 'Id' }, { label: 'Created', render: (t) => when(t.created_at) }]}
        />
      )}
      {selected && <TeamDetail team={selected} onClose={() => setSelected(null)} />}
    </div>
  );
}

function TeamDetail({ team, onClose }) {
  const members = useApi(`/admin/teams/${encodeURIComponent(team.id)}/members?limit=200`);
  return (
    <div>
      <Card title={`Team “${team.name}”: members`} actions={<button class="link" onClick={onClose}>close</button>}>
        <Loading state={members} />
        {members.data && (
          <Table rows={members.data.items} cols={[{ key: 'member_id', label: 'Member' }, { key: 'role', label: 'Role' }]} />
        )}
        <Form
          submit="Add member"
          onSubmit={async (v) => {
            await api(`/admin/teams/${encodeURIComponent(team.id)}/members/${encodeURIComponent(v.member_id)}`, { method: 'PUT', body: { role: v.role || 'member' } });
            members.reload();
          }}
          fields={[
            { name: 'member_id', label: 'Member id' },
            { name: 'role', label: 'Role', options: ['member', 'viewer', 'admin'].map((r) => ({ value: r, label: r })), placeholder: 'member' },
          ]}
        />
      </Card>
      <ScopeControls kind="team" id={team.id} title={`Team “${team.name}”`} onClose={onClose} />
    </div>
  );
}

export function Projects() {
  const state = useApi('/admin/projects?limit=200');
  const teams = useApi('/admin/teams?limit=200');
  const teamOptions = (teams.data ? teams.data.items : []).map((t) => ({ value: t.id, label: t.name }));
  const teamName = (id) => ((teams.data ? teams.data.items : []).find((t) => t.id === id) || { name: id }).name;
  return (
    <div>
      <Card title="Create a project">
        <Form
          submit="Create project"
          onSubmit={async (v) => { await api('/admin/projects', { method: 'POST', body: { team_id: v.team_id, name: v.name } }); state.reload(); }}
          fields={[{ name: 'team_id', label: 'Team', options: teamOptions, placeholder: 'choose a team' }, { name: 'name', label: 'Name' }]}
        />
      </Card>
      <Loading state={state} />
      {state.data && (
        <Table
          rows={state.data.items}
          cols={[
            { key: 'name', label: 'Name' },
            { label: 'Team', render: (p) => teamName(p.team_id) },
            { key: 'id', label: 'Id' },
            { label: 'Created', render: (p) => when(p.created_at) },
          ]}
        />
      )}
    </div>
  );
}

export function Members() {
  const state = useApi('/admin/members?limit=200');
  return (
    <div>
      <Card title="Add a member">
        <Form
          submit="Add member"
          onSubmit={async (v) => { await api('/admin/members', { method: 'POST', body: { email: v.email, name: v.name, role: v.role || undefined } }); state.reload(); }}
          fields={[
            { name: 'email', label: 'Email' },
            { name: 'name', label: 'Name' },
            { name: 'role', label: 'Organization role', options: ['member', 'viewer', 'admin', 'owner'].map((r) => ({ value: r, label: r })), placeholder: 'member' },
          ]}
        />
      </Card>
      <Loading state={state} />
      {state.data && (
        <Table
          rows={state.data.items}
          cols={[{ key: 'name', label: 'Name' }, { key: 'email', label: 'Email' }, { key: 'role', label: 'Role' }, { key: 'id', label: 'Id' }]}
        />
      )}
    </div>
  );
}

// ---- Providers and models (keys are shown masked by the API).

export function Providers() {
  const providers = useApi('/admin/providers');
  const models = useApi('/admin/models');
  return (
    <div>
      <Card title="Providers">
        <Loading state={providers} />
        {providers.data && (
          <Table
            rows={providers.data.items}
            cols={[
              { key: 'name', label: 'Name' },
              { key: 'type', label: 'Type' },
              { key: 'base_url', label: 'Base URL' },
              { key: 'source', label: 'Source' },
              { label: 'Keys', render: (p) => (p.keys || []).join(', ') },
            ]}
          />
        )}
      </Card>
      <Card title="Models">
        <Loading state={models} />
        {models.data && (
          <Table
            rows={models.data.items}
            cols={[
              { key: 'name', label: 'Model' },
              { key: 'source', label: 'Source' },
              { label: 'Routes', render: (m) => (m.routes || []).map((r) => `${r.provider}/${r.model}`).join(', ') },
              { label: 'Fallbacks', render: (m) => (m.fallbacks || []).join(', ') },
            ]}
          />
        )}
      </Card>
    </div>
  );
}

// ---- Channels: live status from /admin/channels/status, refreshed every 5 s.

export function Channels() {
  const [span, setSpan] = useState('5m');
  const [error, setError] = useState(null);
  const state = useApi('/admin/channels/status');
  const [tests, setTests] = useState({});
  async function test(c) {
    const id = `${c.provider}/${c.upstream_model}`;
    setError(null);
    setTests({ ...tests, [id]: 'testing…' });
    try {
      const r = await api('/admin/channels/test', { method: 'POST', body: { provider: c.provider, upstream_model: c.upstream_model } });
      setTests((t) => ({ ...t, [id]: r.ok ? `ok, ${r.latency_ms} ms` : `failed: ${r.status || r.error}` }));
    } catch (err) {
      setTests((t) => ({ ...t, [id]: '' }));
      setError(err);
    }
  }
  async function toggle(c) {
    setError(null);
    try {
      await api(`/admin/channels/${c.enabled ? 'disable' : 'enable'}`, {
        method: 'POST',
        body: { provider: c.provider, upstream_model: c.upstream_model },
      });
      state.reload();
    } catch (err) {
      setError(err);
    }
  }
  useEffect(() => {
    const timer = setInterval(state.reload, 5000);
    return () => clearInterval(timer);
  }, [state.reload]);
  const pct = (v) => (v === undefined || v === null ? '—' : (v * 100).toFixed(1) + '%');
  const ms = (v) => (v === undefined || v === null ? '—' : Number(v).toFixed(0) + ' ms');
  return (
    <div>
      <div class="tabs">
        {['5m', '1h', '24h'].map((s) => (
          <button class={s === span ? 'tab active' : 'tab'} data-span={s} onClick={() => setSpan(s)}>{s}</button>
        ))}
      </div>
      <Problem error={error} />
      <Loading state={state} />
      {state.data && (
        <Table
          id="channels-table"
          rows={state.data.channels}
          empty="No channels."
          cols={[
            { label: 'Channel', render: (c) => <span>{c.provider + ' / '}<br />{c.upstream_model}</span> },
            { label: 'Models', render: (c) => (c.models || []).join(', ') },
            { label: 'Circuit', render: (c) => <span class={'pill ' + c.circuit.state}>{c.circuit.state.replace('_', '-')}</span> },
            { label: 'Attempts', num: true, render: (c) => <span class="attempts">{num(c.windows[span].attempts)}</span> },
            { label: 'Success', num: true, render: (c) => pct(c.windows[span].success_rate) },
            { label: '429s', num: true, render: (c) => pct(c.windows[span].rate_limited_rate) },
            { label: 'Latency p50 / p95', num: true, render: (c) => `${ms(c.windows[span].latency_ms.p50)} / ${ms(c.windows[span].latency_ms.p95)}` },
            { label: 'TTFT p50', num: true, render: (c) => ms(c.windows[span].ttft_ms.p50) },
            { label: 'Keys', render: (c) => (c.keys || []).map((k) => (k.state === 'usable' ? k.key : `${k.key} ${k.state}`)).join(', ') },
            {
              label: 'Routing',
              render: (c) => (
                <span class="row-actions">
                  <span class={'pill ' + (c.enabled ? 'closed' : 'open')}>{c.enabled ? 'enabled' : 'disabled'}</span>
                  <button class="small channel-switch" onClick={() => toggle(c)}>{c.enabled ? 'Disable' : 'Enable'}</button>
                  <button class="small channel-test" onClick={() => test(c)}>Test</button>
                </span>
              ),
            },
          ]}
        />
      )}
      <ul id="channel-tests" class="small">
        {Object.entries(tests).filter(([, r]) => r).map(([id, r]) => <li>Test of {id}: {r}</li>)}
      </ul>
      <p class="muted small">
        Refreshed every 5 seconds. The windows are the ledger's (the same on every Parley sharing its database, and kept
        across restarts); the circuit, the keys and the switch are this instance's. A channel's circuit opens after repeated failures and is probed by one live request
        when its cool-off ends. A disabled channel is skipped by routing on this Parley instance until enabled again or
        restarted. Test fetches the provider's model list once (nothing is generated).
      </p>
    </div>
  );
}

// ---- The request log: raw usage rows with filters, and one request's detail.

export function Requests() {
  const [filters, setFilters] = useState({ since: '24h', model: '', status: '' });
  const [rows, setRows] = useState(null);
  const [error, setError] = useState(null);
  const [detail, setDetail] = useState(null);
  useEffect(() => {
    const q = new URLSearchParams({ since: filters.since });
    if (filters.model) q.set('model', filters.model);
    lines(`/admin/usage/records?${q}`).then((r) => setRows(r.reverse()), setError);
  }, [filters]);
  const shown = (rows || []).filter((r) => !filters.status || String(r.status).startsWith(filters.status)).slice(0, 300);
  return (
    <div>
      <div class="toolbar">
        <label>Since{' '}
          <select value={filters.since} onChange={(e) => setFilters({ ...filters, since: e.target.value })}>
            {['1h', '24h', '7d', '30d'].map((d) => <option value={d}>{d}</option>)}
          </select>
        </label>
        <label>Model{' '}
          <input value={filters.model} placeholder="any" onChange={(e) => setFilters({ ...filters, model: e.target.value })} />
        </label>
        <label>Status{' '}
          <select value={filters.status} onChange={(e) => setFilters({ ...filters, status: e.target.value })}>
            <option value="">any</option>
            <option value="2">2xx</option>
            <option value="4">4xx</option>
            <option value="5">5xx</option>
          </select>
        </label>
      </div>
      <Problem error={error} />
      {rows === null && !error && <p class="muted">Loading…</p>}
      {rows && (
        <Table
          id="requests-table"
          rows={shown}
          onRow={setDetail}
          empty="No requests in this range."
          cols={[
            { label: 'Started', render: (r) => when(r.started_at) },
            { key: 'key_name', label: 'Key' },
            { key: 'model', label: 'Model' },
            { key: 'provider', label: 'Provider' },
            { key: 'status', label: 'Status', num: true },
            { label: 'Latency', num: true, render: (r) => r.latency_ms + ' ms' },
            { label: 'Tokens in/out', num: true, render: (r) => `${num(r.input_tokens)} / ${num(r.output_tokens)}` },
            { label: 'Cost', num: true, render: (r) => money(r.cost_total) },
          ]}
        />
      )}
      {detail && <RequestDetail row={detail} onClose={() => setDetail(null)} />}
    </div>
  );
}

function RequestDetail({ row, onClose }) {
  const state = useApi(`/admin/usage/records/${encodeURIComponent(row.request_id)}`);
  const record = (state.data && state.data.record) || row;
  const bodies = state.data ? state.data.bodies : null;
  return (
    <Card title={`Request ${row.request_id}`} actions={<button class="link" onClick={onClose}>close</button>}>
      <dl class="fields" id="request-detail">
        {Object.entries(record).map(([k, v]) => (
          <div><dt>{k}</dt><dd>{fmt(v)}</dd></div>
        ))}
      </dl>
      {state.error && (
        <p class="muted">
          {state.error.status === 404 ? 'No stored detail for this request.' : 'The stored detail could not be read: ' + state.error.message}
        </p>
      )}
      {bodies ? (
        <div class="bodies">
          <h3>Request body</h3>
          <pre id="request-body">{bodies.request}</pre>
          <h3>Response body</h3>
          <pre id="response-body">{bodies.response}</pre>
        </div>
      ) : (
        state.data && <p class="muted">No bodies are kept for this request (its key's policy does not allow it).</p>
      )}
    </Card>
  );
}

// ---- Balances and orders: teams' and members' prepaid accounts; a member sees their own only.

export function Balances({ me, operator }) {
  if (!operator) {
    return (
      <div>
        <p class="muted">Your prepaid account: what your requests are charged to before your team's.</p>
        <Account scope={{ kind: 'member', id: me.member_id, name: me.name }} mine />
      </div>
    );
  }
  return <OperatorBalances />;
}

function OperatorBalances() {
  const teams = useApi('/admin/teams?limit=200');
  const members = useApi('/admin/members?limit=200');
  const [scope, setScope] = useState(null);
  return (
    <div>
      <p class="muted">
        Prepaid accounts of teams and members; choose one to see its account and orders. A request is paid by its
        member's account if they have one, else by its team's.
      </p>
      <div class="charts">
        <Card title="Teams">
          <Loading state={teams} />
          {teams.data && (
            <Table id="balance-teams" rows={teams.data.items} onRow={(t) => setScope({ kind: 'team', id: t.id, name: t.name })} cols={[{ key: 'name', label: 'Team' }, { key: 'id', label: 'Id' }]} />
          )}
        </Card>
        <Card title="Members">
          <Loading state={members} />
          {members.data && (
            <Table id="balance-members" rows={members.data.items} onRow={(m) => setScope({ kind: 'member', id: m.id, name: m.name })} cols={[{ key: 'name', label: 'Member' }, { key: 'email', label: 'Email' }, { key: 'id', label: 'Id' }]} />
          )}
        </Card>
      </div>
      {scope && <Account key={scope.kind + scope.id} scope={scope} />}
    </div>
  );
}

/** One account with its orders; {@code mine}: the caller's own, read only. */
function Account({ scope, mine }) {
  const base = `/admin/accounts/${scope.kind}/${encodeURIComponent(scope.id)}`;
  const account = useApi(base);
  const [orders, setOrders] = useState([]);
  const [error, setError] = useState(null);
  const loadOrders = () => all(`${base}/orders?limit=100`, 500).then(setOrders, () => setOrders([]));
  useEffect(loadOrders, [base]);
  if (account.error && account.error.status === 404 && mine) {
    return <Card title="No prepaid account"><p class="muted" id="no-account">You have no prepaid account.</p></Card>;
  }
  if (account.error && account.error.status === 404) {
    return (
      <Card title={`${scope.name}: no account`}>
        <Problem error={error} />
        <button onClick={async () => {
          try { await api('/admin/accounts', { method: 'POST', body: { scope_kind: scope.kind, scope_id: scope.id } }); account.reload(); } catch (e) { setError(e); }
        }}>Open a prepaid account</button>
      </Card>
    );
  }
  const a = account.data;
  return (
    <Card title={`${scope.name}: ${scope.kind}'s account`}>
      <Loading state={account} />
      {a && (
        <div class="stats" id="account-standing">
          <Stat label="Credit" value={money(a.credit)} />
          <Stat label="Charged" value={money(a.charged)} />
          <Stat label="Reserved" value={money(a.reserved)} />
          <Stat label="Available" value={money(a.available)} />
        </div>
      )}
      {!mine && <Form
        submit="Place order"
        onSubmit={async (v) => {
          await api(`${base}/orders`, { method: 'POST', body: { kind: v.kind || 'top_up', amount: v.amount, reason: v.reason, reference: v.reference || undefined } });
          account.reload();
          loadOrders();
        }}
        fields={[
          { name: 'kind', label: 'Kind', options: [{ value: 'top_up', label: 'top-up' }, { value: 'adjustment', label: 'adjustment' }], placeholder: 'top-up' },
          { name: 'amount', label: 'Amount (USD)' },
          { name: 'reason', label: 'Reason' },
          { name: 'reference', label: 'Reference' },
        ]}
      />}
      <Table
        id="account-orders"
        rows={orders}
        empty="No orders."
        cols={[
          { label: 'When', render: (o) => when(o.created_at) },
          { key: 'kind', label: 'Kind' },
          { label: 'Amount', num: true, render: (o) => money(o.amount) },
          { key: 'actor', label: 'By' },
          { key: 'reason', label: 'Reason' },
          { key: 'reference', label: 'Reference' },
        ]}
      />
    </Card>
  );
}

// ---- The audit log, a page at a time.

export function Audit() {
  const [after, setAfter] = useState([0]);
  const state = useApi(`/admin/audit?limit=50&after=${after[after.length - 1]}`);
  return (
    <div>
      <Loading state={state} />
      {state.data && (
        <div>
          <Table
            id="audit-table"
            rows={state.data.items}
            cols={[
              { key: 'seq', label: '#', num: true },
              { label: 'When', render: (e) => when(e.at) },
              { key: 'actor', label: 'Actor' },
              { key: 'action', label: 'Action' },
              { key: 'target', label: 'Target' },
              { key: 'source', label: 'From' },
            ]}
          />
          <div class="toolbar">
            <button disabled={after.length === 1} onClick={() => setAfter(after.slice(0, -1))}>Previous</button>
            <button disabled={!state.data.next} onClick={() => setAfter([...after, state.data.next])}>Next</button>
          </div>
        </div>
      )}
    </div>
  );
}
