import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { DASHBOARD_SCRIPTS, DASHBOARD_STYLES } from './dashboard-assets';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;
const asset = (name: string) => `/dashboard/assets/${name}`;

const page = (title: string, head: Html, body: Html, scripts: boolean) =>
  html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>${title} · EchoPilot</title>
        ${DASHBOARD_STYLES.map((s) => html`<link rel="stylesheet" href="${asset(s)}" />`)} ${head}
        ${scripts ? DASHBOARD_SCRIPTS.map((s) => html`<script src="${asset(s)}" defer></script>`) : ''}
      </head>
      <body>
        ${body}
      </body>
    </html>`;

/** The sign-in form: the dashboard key, and the login nonce double-submitted as cookie and field. */
export const loginPage = (nonce: string, error?: string) =>
  page(
    'Sign in',
    html``,
    html`<main class="login">
      <h1>EchoPilot</h1>
      <form method="post" action="/dashboard/login" id="login-form">
        <label for="key">Dashboard key</label>
        <input id="key" name="key" type="password" autocomplete="current-password" required minlength="1" />
        <input type="hidden" name="csrf" value="${nonce}" />
        <button type="submit">Sign in</button>
        ${error ? html`<p class="error" role="alert" id="login-error">${error}</p>` : ''}
      </form>
      <p class="hint">The key is <code>DASHBOARD_KEY</code>, or the one in <code>data/dashboard-key</code>.</p>
    </main>`,
    false,
  );

export interface ShellOptions {
  csrf: string;
  temporalUi: string;
  namespace: string;
  expiresAt: number;
  /** Set on a task's own page. */
  taskId?: string;
}

/** Panels the page fills from the JSON API; each section's id is what dash-main.js looks up. */
const PANELS: [string, string][] = [
  ['health', 'Health'],
  ['tasks', 'Tasks'],
  ['money', 'Clients and money'],
  ['schedules', 'Schedules'],
  ['routines', 'Routines and alerts'],
];

/** The signed-in page: an empty frame, filled and kept fresh by the scripts (no inline code). */
export const dashboardShell = (o: ShellOptions) =>
  page(
    o.taskId ? `Task ${o.taskId}` : 'Dashboard',
    html`<meta name="csrf-token" content="${o.csrf}" />
      <meta name="temporal-ui" content="${o.temporalUi}" />
      <meta name="temporal-namespace" content="${o.namespace}" />
      <meta name="session-expires" content="${new Date(o.expiresAt).toISOString()}" />`,
    html`<header class="top">
        <a class="brand" href="/dashboard">EchoPilot</a>
        <span id="summary" class="badge" data-level="unknown">checking…</span>
        <nav>${PANELS.map(([id, title]) => html`<a href="/dashboard#panel-${id}">${title}</a>`)}</nav>
        <form method="post" action="/dashboard/logout" id="logout-form">
          <input type="hidden" name="csrf" value="${o.csrf}" />
          <button type="submit">Log out</button>
        </form>
      </header>
      <div id="toast" role="status" aria-live="polite"></div>
      ${
        o.taskId
          ? html`<main id="task-page" data-task-id="${o.taskId}"><p>Loading task…</p></main>`
          : html`<main id="panels">
              ${PANELS.map(
                ([id, title]) =>
                  html`<section class="panel" id="panel-${id}" data-panel="${id}">
                    <h2>${title}</h2>
                    <div class="panel-body"><p class="muted">Loading…</p></div>
                  </section>`,
              )}
            </main>`
      }`,
    true,
  );
