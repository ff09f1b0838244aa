/* global window, document, fetch, location, confirm, setTimeout */
// The dashboard's shared helpers: API calls with the CSRF token, safe DOM building (text only, never
// innerHTML), the panel registry and toasts. Every other dash-*.js file builds on window.Dash.
'use strict';
(function () {
  const meta = (name) => document.querySelector(`meta[name="${name}"]`)?.getAttribute('content') ?? '';
  const Dash = (window.Dash = window.Dash || {});
  Dash.csrf = meta('csrf-token');

  /** The run of a workflow in the Temporal Web UI. */
  Dash.runLink = (workflowId, runId) => {
    const base = `${meta('temporal-ui')}/namespaces/${encodeURIComponent(meta('temporal-namespace'))}`;
    const wf = `${base}/workflows/${encodeURIComponent(workflowId)}`;
    return runId ? `${wf}/${encodeURIComponent(runId)}/history` : wf;
  };

  /** Thrown for a route this build does not have yet (the API's "No route for …" 404). */
  class NotAvailable extends Error {}
  Dash.NotAvailable = NotAvailable;

  /** One JSON API call; state changes carry the session's CSRF token. A 401 means the session ended. */
  Dash.api = async (method, path, body) => {
    const headers = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET') headers['x-csrf-token'] = Dash.csrf;
    const res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = await res.json().catch(() => null);
    if (res.status === 401) {
      Dash.stopped = true;
      location.assign('/dashboard');
      throw new Error('signed out');
    }
    const err = data && data.error;
    if (res.status === 404 && err && err.code === 'not_found' && /^No route for /.test(err.message)) {
      throw new NotAvailable(path);
    }
    if (!res.ok) throw new Error(err ? err.message : `HTTP ${res.status}`);
    return data;
  };

  /** `el('a', { href, class }, 'text', child…)`: attributes set one by one, children as text or nodes. */
  Dash.el = (tag, attrs, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat()) {
      if (c === undefined || c === null || c === false) continue;
      node.append(typeof c === 'string' || typeof c === 'number' ? String(c) : c);
    }
    return node;
  };
  const el = Dash.el;

  /** A table: columns as [heading, row → cell (text or node)]. */
  Dash.table = (columns, rows, empty) => {
    if (rows.length === 0) return el('p', { class: 'muted' }, empty || 'Nothing yet.');
    const head = el('tr', {}, ...columns.map(([h]) => el('th', { scope: 'col' }, h)));
    const body = rows.map((r) => el('tr', {}, ...columns.map(([h, f]) => el('td', { 'data-label': h }, f(r) ?? '–'))));
    return el('div', { class: 'table-wrap' }, el('table', {}, el('thead', {}, head), el('tbody', {}, ...body)));
  };

  Dash.when = (iso) => (iso ? new Date(iso).toISOString().replace('T', ' ').slice(0, 19) + ' UTC' : '–');
  Dash.dot = (level, text) => el('span', { class: 'dot', 'data-level': level }, text);

  Dash.toast = (text, isError) => {
    const t = document.getElementById('toast');
    if (!t) return;
    t.textContent = text;
    t.dataset.error = isError ? 'true' : 'false';
    t.dataset.shown = 'true';
    setTimeout(() => (t.dataset.shown = 'false'), 4000);
  };

  /** Asks first, then runs the action through the API and says how it went. */
  Dash.confirmThen = async (question, action, after) => {
    if (!confirm(question)) return;
    try {
      await action();
      Dash.toast('Done.');
      if (after) await after();
    } catch (err) {
      Dash.toast(err.message, true);
    }
  };

  /** Panels register here; dash-main.js draws each into its section and refreshes it. */
  Dash.panels = {};
  Dash.register = (id, panel) => (Dash.panels[id] = panel);

  /** Draws one panel: its routes are fetched together; a missing route shows "not available yet". */
  Dash.draw = async (id) => {
    const panel = Dash.panels[id];
    const body = document.querySelector(`#panel-${id} .panel-body`);
    if (!panel || !body || Dash.stopped) return;
    try {
      await panel.draw(body);
      body.parentElement.dataset.state = 'ready';
    } catch (err) {
      body.replaceChildren(Dash.failure(err));
      body.parentElement.dataset.state = err instanceof NotAvailable ? 'not-available' : 'error';
    }
  };
  Dash.failure = (err) =>
    err instanceof NotAvailable
      ? el('p', { class: 'muted not-available' }, 'not available yet')
      : el('p', { class: 'error' }, `Could not load: ${err.message}`);

  /** A sub-section whose route may not exist yet: draws it, or says it is not available. */
  Dash.optional = async (title, path, render) => {
    const box = el('div', { class: 'sub' }, el('h3', {}, title));
    try {
      box.append(render(await Dash.api('GET', path)));
    } catch (err) {
      box.append(Dash.failure(err));
    }
    return box;
  };
})();
