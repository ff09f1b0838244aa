/* global window, document, uPlot */
// Clients and money: month-to-date spend, budget and revenue per client, invoices with pay links,
// refunds, and the revenue / LLM cost / margin chart (uPlot, served from the app).
'use strict';
(function () {
  const { Dash } = window;
  const { el, table, when } = Dash;
  // Four decimals: a month of small tasks costs cents, which two would round away.
  const usd = (micro) => (micro === null || micro === undefined ? '–' : `$${(micro / 1e6).toFixed(4)}`);
  /** "-0.01" → "-$0.01": the sign goes before the dollar sign. */
  const dollars = (v) => (String(v).startsWith('-') ? `-$${String(v).slice(1)}` : `$${v}`);
  const money = (cents, cur) => `${(cents / 100).toFixed(2)} ${String(cur || '').toUpperCase()}`;

  function monthStart() {
    const d = new Date();
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-01`;
  }

  function clientsTable(clients, mtd) {
    const byClient = new Map(mtd.clients.map((r) => [r.clientId, r]));
    return table(
      [
        ['Client', (c) => `${c.name} (${c.clientId})`],
        ['Plan', (c) => c.plan],
        ['Spend this month', (c) => usd(byClient.has(c.clientId) ? byClient.get(c.clientId).llmCostMicroUsd : 0)],
        [
          'Budget / month',
          (c) => (c.budgetUsdPerMonth === null ? 'none' : `$${Number(c.budgetUsdPerMonth).toFixed(2)}`),
        ],
        [
          'Revenue this month',
          (c) => money(byClient.has(c.clientId) ? byClient.get(c.clientId).revenueCents : 0, mtd.currency),
        ],
        ['Refunds', (c) => money(byClient.has(c.clientId) ? byClient.get(c.clientId).refundsCents : 0, mtd.currency)],
      ],
      clients,
      'No clients yet.',
    );
  }

  const invoicesTable = (items) =>
    table(
      [
        ['Invoice', (i) => i.invoiceId],
        ['Client', (i) => i.clientId || '–'],
        ['Amount', (i) => money(i.amountCents, i.currency)],
        ['Status', (i) => el('span', { class: 'status', 'data-status': i.status }, i.status)],
        ['Refunded', (i) => (i.refundedCents ? money(i.refundedCents, i.currency) : '–')],
        [
          'Pay link',
          (i) =>
            i.checkoutUrl && i.status === 'open'
              ? el('a', { href: i.checkoutUrl, target: '_blank', rel: 'noopener noreferrer' }, 'pay')
              : '–',
        ],
        ['Created', (i) => when(i.createdAt)],
      ],
      items,
      'No invoices yet.',
    );

  /** Every day of the range, days without revenue or cost as zero (the API lists only days with some). */
  function everyDay(finance) {
    const byDay = new Map(finance.days.map((d) => [d.day, d]));
    const out = [];
    for (let t = Date.parse(`${finance.from}T00:00:00Z`); t <= Date.parse(`${finance.to}T00:00:00Z`); t += 86400000) {
      const day = new Date(t).toISOString().slice(0, 10);
      out.push(
        byDay.get(day) || {
          day,
          netRevenueCents: 0,
          llmCostMicroUsd: 0,
          marginMicroUsd: finance.currency === 'usd' ? 0 : null,
        },
      );
    }
    return out;
  }

  /** Revenue (net of refunds), LLM cost and margin per day, in dollars. */
  function chart(finance) {
    const box = el('div', { class: 'chart', id: 'finance-chart' });
    if (typeof uPlot === 'undefined' || finance.days.length === 0) {
      box.append(el('p', { class: 'muted' }, 'No revenue or LLM cost in the last 30 days.'));
      return box;
    }
    const days = everyDay(finance);
    const data = [
      days.map((d) => Date.parse(`${d.day}T00:00:00Z`) / 1000),
      days.map((d) => d.netRevenueCents / 100),
      days.map((d) => d.llmCostMicroUsd / 1e6),
      days.map((d) => (d.marginMicroUsd === null ? null : d.marginMicroUsd / 1e6)),
    ];
    const opts = {
      width: Math.max(280, Math.min(900, (document.getElementById('panel-money') || box).clientWidth - 32)),
      height: 220,
      series: [
        { label: 'Day' },
        { label: 'Revenue', stroke: '#2e7d32', width: 2 },
        { label: 'LLM cost', stroke: '#c62828', width: 2 },
        { label: 'Margin', stroke: '#1565c0', width: 2 },
      ],
    };
    // Drawn after the box is in the page, so uPlot can measure it.
    window.requestAnimationFrame(() => new uPlot(opts, data, box));
    return box;
  }

  Dash.register('money', {
    async draw(body) {
      const [clients, mtd, finance, invoices] = await Promise.all([
        Dash.api('GET', '/api/clients?limit=100'),
        Dash.api('GET', `/api/finance-metrics?from=${monthStart()}`),
        Dash.api('GET', '/api/finance-metrics'),
        Dash.api('GET', '/api/invoices?limit=20'),
      ]);
      const t = finance.totals;
      body.replaceChildren(
        el(
          'p',
          { class: 'summary-line' },
          `Last 30 days: revenue ${t.revenue} ${finance.currency.toUpperCase()}, refunds ${t.refunds}, LLM cost ${dollars(t.llmCostUsd)}, margin ${t.marginUsd === null ? '–' : dollars(t.marginUsd)}`,
        ),
        chart(finance),
        el('h3', {}, 'Clients'),
        clientsTable(clients.items, mtd),
        el('h3', {}, 'Invoices'),
        invoicesTable(invoices.items),
      );
    },
  });
})();
