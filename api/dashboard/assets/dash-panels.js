/* global window, document */
// The Health and the Routines-and-alerts panels; the sections fed by other features' routes are one line
// each here (PLANNED, HEALTH_EXTRA) and show "not available yet" if their route is missing.
'use strict';
(function () {
  const { Dash } = window;
  const { el, table, when, dot } = Dash;

  const LEVEL = { ok: 'green', degraded: 'amber', down: 'red', fail: 'red', not_configured: 'grey' };
  const gib = (b) => `${(b / 2 ** 30).toFixed(1)} GiB`;

  /** Red when a critical check fails, amber when any other does or a resource runs short, else green. */
  function summarize(health, live) {
    let level = LEVEL[health.status] || 'amber';
    const tight = live && (live.memory.usedPct > 90 || (live.disk && live.disk.usedPct > 90));
    if (level === 'green' && tight) level = 'amber';
    const badge = document.getElementById('summary');
    if (badge) {
      badge.dataset.level = level;
      badge.textContent = { green: 'All systems go', amber: 'Degraded', red: 'Down' }[level];
    }
    return level;
  }

  Dash.register('health', {
    async draw(body) {
      const health = await Dash.api('GET', '/api/system-health');
      const live = await Dash.api('GET', '/api/live-ops').catch(() => null);
      const level = summarize(health, live);
      const checks = table(
        [
          ['Check', (c) => c.name],
          ['Status', (c) => dot(LEVEL[c.status] || 'grey', c.status)],
          ['Latency', (c) => `${c.latencyMs} ms`],
          ['Detail', (c) => c.detail],
        ],
        health.checks,
      );
      const ops = live
        ? el(
            'ul',
            { class: 'stats' },
            el('li', {}, `CPU ${live.cpu.systemPct}% (${live.cpu.cores} cores, load ${live.cpu.loadAvg[0]})`),
            el('li', {}, `Memory ${live.memory.usedPct}% of ${gib(live.memory.totalBytes)}`),
            el('li', {}, live.disk ? `Disk ${live.disk.usedPct}% of ${gib(live.disk.totalBytes)}` : 'Disk –'),
          )
        : el('p', { class: 'muted' }, 'Live ops unavailable.');
      const capacity = await Dash.optional('Provider capacity', '/api/llm/capacity', (cap) =>
        table(
          [
            ['Model', (m) => m.model],
            ['Waiting', (m) => m.callsWaiting],
            ['Last hour calls', (m) => m.lastHour && m.lastHour.calls],
            ['Last hour 429s', (m) => m.lastHour && m.lastHour.rateLimited],
          ],
          cap.models,
          'No LLM calls yet.',
        ),
      );
      const extra = await Promise.all(Dash.HEALTH_EXTRA.map(([t, p, r]) => Dash.optional(t, p, r)));
      body.replaceChildren(
        el('p', { class: 'summary-line' }, dot(level, health.status), ` checked ${when(health.checkedAt)}`),
        checks,
        el('h3', {}, 'Live ops'),
        ops,
        capacity,
        ...extra,
      );
    },
  });

  /** A routine's latest stored outcome (auto-operator, self-heal, job replay, predictive alerts). */
  const latest = (kind) => async () => {
    const r = await Dash.api('GET', `/api/ops-reports?kind=${kind}&limit=1`);
    const last = r.items[0];
    return el(
      'li',
      {},
      el('strong', {}, kind),
      ': ',
      last
        ? [dot(last.status === 'ok' ? 'green' : 'amber', last.status), ` ${when(last.createdAt)} · ${last.summary}`]
        : 'no run yet',
    );
  };

  /** Sections fed by other features' routes: [title, route, render] (renderers in dash-intel.js). */
  const { intel } = Dash;
  Dash.PLANNED = [
    ['Pricing recommendations', '/api/pricing/recommendations?limit=10', intel.pricing],
    ['Ops brain recommendations', '/api/brain/recommendations?limit=10', intel.brain],
    ['DSR tickets (SLA)', '/api/dsr?limit=20', intel.dsr],
  ];
  Dash.HEALTH_EXTRA = [['Last snapshot', '/api/regions/status', intel.snapshot]];

  Dash.register('routines', {
    async draw(body) {
      const kinds = ['auto-operator', 'self-heal', 'job-replay', 'predictive-alerts'];
      const routines = await Promise.all(kinds.map((k) => latest(k)()));
      const alerts = await Dash.api('GET', '/api/alerts?limit=10');
      const planned = await Promise.all(Dash.PLANNED.map(([t, p, r]) => Dash.optional(t, p, r)));
      body.replaceChildren(
        el('ul', { class: 'routines' }, ...routines),
        el('h3', {}, 'Recent alerts'),
        table(
          [
            ['When', (a) => when(a.createdAt)],
            ['Severity', (a) => a.severity],
            ['Title', (a) => a.title],
          ],
          alerts.recent,
          'No alerts.',
        ),
        ...planned,
        el('div', { class: 'sub' }, el('h3', {}, 'Reports'), intel.reports()),
      );
    },
  });
})();
