/* global window, FormData, URLSearchParams */
// The Tasks panel: submit form, filters, and the live list (polled by dash-main.js). The forms are
// built once; each refresh replaces only the list, so typing is never interrupted.
'use strict';
(function () {
  const { Dash } = window;
  const { el, table, when } = Dash;
  const STATUSES = ['queued', 'running', 'budget_hold', 'done', 'low_qa', 'failed', 'cancelled'];
  const TERMINAL = ['done', 'low_qa', 'failed', 'cancelled'];
  Dash.TERMINAL = TERMINAL;

  const seconds = (t) =>
    t.startedAt && t.completedAt
      ? `${Math.round((Date.parse(t.completedAt) - Date.parse(t.startedAt)) / 100) / 10} s`
      : '–';

  function filtersOf(form) {
    const f = new FormData(form);
    return {
      status: f.get('status') || '',
      clientId: String(f.get('clientId') || '').trim(),
      from: f.get('from') || '',
      minQa: f.get('minQa') === '' ? null : Number(f.get('minQa')),
    };
  }

  /** Status and client go to the API; the day and the QA floor filter the page of rows it returned. */
  async function loadRows(filters) {
    const q = new URLSearchParams({ limit: '50' });
    if (filters.status) q.set('status', filters.status);
    if (filters.clientId) q.set('clientId', filters.clientId);
    const { items } = await Dash.api('GET', `/api/tasks?${q}`);
    return items.filter(
      (t) =>
        (!filters.from || (t.createdAt && t.createdAt.slice(0, 10) >= filters.from)) &&
        (filters.minQa === null || (t.qaScore !== null && t.qaScore >= filters.minQa)),
    );
  }

  const cancelButton = (t) =>
    TERMINAL.includes(t.status)
      ? ''
      : el(
          'button',
          {
            class: 'small',
            'data-action': 'cancel',
            onclick: () =>
              Dash.confirmThen(
                `Cancel task "${t.title}"?`,
                () => Dash.api('POST', `/api/tasks/${t.taskId}/cancel`),
                () => Dash.draw('tasks'),
              ),
          },
          'Cancel',
        );

  const rowsTable = (rows) =>
    table(
      [
        ['Task', (t) => el('a', { href: `/dashboard/tasks/${t.taskId}` }, t.title)],
        ['Status', (t) => el('span', { class: 'status', 'data-status': t.status, 'data-task-id': t.taskId }, t.status)],
        ['QA', (t) => (t.qaScore === null ? '–' : String(t.qaScore))],
        ['Attempts', (t) => String(t.attemptCount ?? '–')],
        ['Cost', (t) => `$${t.costUsd}`],
        ['Duration', seconds],
        ['Client', (t) => t.clientId || '–'],
        ['Created', (t) => when(t.createdAt)],
        [
          'Run',
          (t) =>
            el(
              'a',
              { href: Dash.runLink(t.workflowId), target: '_blank', rel: 'noopener noreferrer', class: 'run-link' },
              'Web UI',
            ),
        ],
        ['', cancelButton],
      ],
      rows,
      'No tasks match.',
    );

  function build(body) {
    const submit = el(
      'form',
      { id: 'task-form', class: 'inline-form' },
      el('input', { name: 'title', placeholder: 'Title', required: true, maxlength: 200 }),
      el('textarea', { name: 'prompt', placeholder: 'Prompt', required: true, rows: 2 }),
      el('input', { name: 'clientId', placeholder: 'Client id (optional)' }),
      el('button', { type: 'submit' }, 'Submit task'),
    );
    submit.addEventListener('submit', async (e) => {
      e.preventDefault();
      const f = new FormData(submit);
      const body = { title: f.get('title'), prompt: f.get('prompt') };
      if (String(f.get('clientId')).trim()) body.clientId = String(f.get('clientId')).trim();
      try {
        const r = await Dash.api('POST', '/api/tasks', body);
        Dash.toast(`Task submitted (${r.status}).`);
        submit.reset();
        await Dash.draw('tasks');
      } catch (err) {
        Dash.toast(err.message, true);
      }
    });
    const filters = el(
      'form',
      { id: 'task-filters', class: 'inline-form' },
      el(
        'select',
        { name: 'status' },
        el('option', { value: '' }, 'any status'),
        ...STATUSES.map((s) => el('option', { value: s }, s)),
      ),
      el('input', { name: 'clientId', placeholder: 'client id' }),
      el('input', { name: 'from', type: 'date', title: 'created on or after' }),
      el('input', { name: 'minQa', type: 'number', min: 0, max: 100, placeholder: 'min QA' }),
    );
    filters.addEventListener('change', () => Dash.draw('tasks'));
    body.replaceChildren(
      el('h3', {}, 'Submit'),
      submit,
      el('h3', {}, 'Live list'),
      filters,
      el('div', { id: 'task-list' }),
    );
    return filters;
  }

  Dash.register('tasks', {
    async draw(body) {
      const filters = body.querySelector('#task-filters') || build(body);
      const rows = await loadRows(filtersOf(filters));
      body.querySelector('#task-list').replaceChildren(rowsTable(rows));
    },
  });
})();
