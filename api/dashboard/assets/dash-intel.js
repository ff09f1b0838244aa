/* global window, prompt */
// Renderers for the sections fed by the pricing, ops brain, DSR, reports and replica routes: each reads the
// route's real shape (see api/openapi/) and offers the route's own actions, confirmed; dash-panels.js lists them.
'use strict';
(function () {
  const { Dash } = window;
  const { el, table, when, dot } = Dash;
  const refresh = () => Dash.draw('routines');

  /** A button that asks first, then runs the action and redraws the panel. */
  const act = (label, action, question, run) =>
    el(
      'button',
      {
        type: 'button',
        class: 'small',
        'data-action': action,
        onclick: () => Dash.confirmThen(question, run, refresh),
      },
      label,
    );

  const age = (s) => (s < 120 ? `${s} s` : s < 7200 ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(1)} h`);

  /** `GET /api/regions/status`: the newest verified snapshot's age; amber when stale. */
  const snapshot = (r) => {
    const last = r.last;
    const run = r.lastRun ? ` · last run ${r.lastRun.status} ${when(r.lastRun.at)}` : '';
    if (!last) return el('p', { class: 'snapshot' }, dot('amber', 'none'), ` no verified snapshot yet${run}`);
    const level = r.stale ? 'amber' : 'green';
    return el(
      'p',
      { class: 'snapshot' },
      dot(level, r.stale ? 'stale' : 'fresh'),
      ` ${age(last.ageSeconds)} ago (${when(last.createdAt)}, ${last.files} files, every ${r.intervalHours} h)${run}`,
    );
  };

  /** `GET /api/pricing/recommendations`: current → recommended price, with Apply while not applied. */
  const pricing = (r) =>
    table(
      [
        ['When', (p) => when(p.createdAt)],
        ['Subject', (p) => `${p.subjectKind} ${p.subjectId}`],
        ['Decision', (p) => p.decision],
        ['Per task', (p) => `$${p.current.pricePerTaskUsd} → $${p.recommended.pricePerTaskUsd}`],
        ['Per minute', (p) => `$${p.current.ratePerMinuteUsd} → $${p.recommended.ratePerMinuteUsd}`],
        ['Reason', (p) => p.reason],
        [
          '',
          (p) =>
            p.appliedAt
              ? `applied ${when(p.appliedAt)}`
              : p.decision === 'insufficient_data' || p.decision === 'keep' // nothing to change
                ? '–'
                : act('Apply', 'apply-pricing', `Apply this price to ${p.subjectKind} ${p.subjectId}?`, () =>
                    Dash.api('POST', `/api/pricing/recommendations/${encodeURIComponent(p.id)}/apply`),
                  ),
        ],
      ],
      r.items.slice(0, 10),
      'No pricing recommendations yet.',
    );

  const SEVERITY = { critical: 'red', high: 'red', warning: 'amber', medium: 'amber', info: 'green', low: 'green' };

  /** `GET /api/brain/recommendations`: what the ops brain advises (it never acts itself). */
  const brain = (r) =>
    table(
      [
        ['When', (b) => when(b.createdAt)],
        ['Severity', (b) => dot(SEVERITY[b.severity] || 'grey', b.severity)],
        ['Action', (b) => b.action],
        ['Target', (b) => `${b.target.kind} ${b.target.id || '–'}`],
        ['Rationale', (b) => b.rationale],
      ],
      r.items.slice(0, 10),
      'No ops brain recommendations yet.',
    );

  const ask = (question) => {
    const v = prompt(question);
    if (v === null || v.trim() === '') throw new Error('cancelled: a reason is needed');
    return v.trim();
  };
  const post = (t, verb, body) => Dash.api('POST', `/api/dsr/${encodeURIComponent(t.ticketId)}/${verb}`, body);

  /** Approve/reject/extend, offered only while the ticket waits for a decision (status `confirmed`). */
  const dsrActions = (t) =>
    t.status !== 'confirmed'
      ? '–'
      : el(
          'span',
          { class: 'actions' },
          t.type === 'rectification'
            ? null
            : act('Approve', 'dsr-approve', `Approve ${t.type} ticket ${t.ticketId}?`, () => post(t, 'approve', {})),
          act('Reject', 'dsr-reject', `Reject ticket ${t.ticketId}?`, () =>
            post(t, 'reject', { reason: ask('Why is it rejected?') }),
          ),
          act('Extend', 'dsr-extend', `Extend the deadline of ${t.ticketId}?`, () =>
            post(t, 'extend', { extendBy: ask('Extend by (e.g. 14d, 36h)?'), reason: ask('Why the extension?') }),
          ),
        );

  const OPEN = ['awaiting_confirmation', 'confirmed', 'approved'];
  const overdue = (t, now) => t.slaDueAt && OPEN.includes(t.status) && Date.parse(t.slaDueAt) < now;

  /** `GET /api/dsr`: tickets with their SLA deadline; an open ticket past it is marked overdue. */
  const dsr = (r) => {
    const now = Date.now();
    return table(
      [
        ['Ticket', (t) => t.ticketId],
        ['Type', (t) => t.type],
        ['Status', (t) => t.status],
        [
          'Deadline',
          (t) =>
            overdue(t, now)
              ? el('span', { class: 'overdue', 'data-overdue': 'true' }, `${when(t.slaDueAt)} overdue`)
              : when(t.slaDueAt),
        ],
        ['', dsrActions],
      ],
      r.items.slice(0, 20),
      'No DSR tickets.',
    );
  };

  /** Reports: the latest executive report as PDF, and the CEO brief on demand. */
  const reports = () =>
    el(
      'p',
      { class: 'actions' },
      el('a', { href: '/exec-report?format=pdf', target: '_blank', rel: 'noopener' }, 'Latest executive report (PDF)'),
      ' ',
      el(
        'button',
        {
          type: 'button',
          class: 'small',
          'data-action': 'exec-brief',
          onclick: () =>
            Dash.confirmThen('Compute the CEO brief now?', () => Dash.api('POST', '/api/exec/brief'), undefined),
        },
        'CEO brief now',
      ),
    );

  Dash.intel = { snapshot, pricing, brain, dsr, reports };
})();
