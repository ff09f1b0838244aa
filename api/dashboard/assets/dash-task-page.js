/* global window */
// A task's own page (/dashboard/tasks/<id>): status, attempts with their QA feedback, the result,
// the failure, a link to the run in the Web UI; cancel while it runs, replay once it failed.
'use strict';
(function () {
  const { Dash } = window;
  const { el, table, when } = Dash;

  function buttons(t, reload) {
    const out = [];
    if (!Dash.TERMINAL.includes(t.status)) {
      out.push(
        el(
          'button',
          {
            'data-action': 'cancel',
            onclick: () =>
              Dash.confirmThen('Cancel this task?', () => Dash.api('POST', `/api/tasks/${t.taskId}/cancel`), reload),
          },
          'Cancel',
        ),
      );
    }
    // The one-task replay: the same claim as job replay, so a task never gets two runs at once.
    if (t.status === 'failed') {
      out.push(
        el(
          'button',
          {
            'data-action': 'replay',
            onclick: () =>
              Dash.confirmThen(
                'Replay this failed task?',
                () => replay(t.taskId),
                () => window.location.reload(), // the new run: watch it from the top again
              ),
          },
          'Replay',
        ),
      );
    }
    return el('p', { class: 'actions' }, ...out);
  }

  /** Replays one failed task; an outcome other than a started run is reported as the error it is. */
  async function replay(taskId) {
    const r = await Dash.api('POST', `/api/tasks/${encodeURIComponent(taskId)}/replay`, {});
    const o = r.result;
    if (r.status === 'completed' && o.status !== 'started') throw new Error(`not replayed: ${o.reason || o.status}`);
    if (r.status === 'failed') throw new Error(r.error);
  }

  Dash.taskPage = async (main) => {
    const id = main.dataset.taskId;
    const reload = () => Dash.taskPage(main);
    let t;
    try {
      t = await Dash.api('GET', `/api/tasks/${encodeURIComponent(id)}`);
    } catch (err) {
      main.replaceChildren(el('h1', {}, 'Task'), Dash.failure(err), el('a', { href: '/dashboard' }, 'Back'));
      return true;
    }
    main.replaceChildren(
      el('p', {}, el('a', { href: '/dashboard#panel-tasks' }, '← All tasks')),
      el('h1', {}, t.title),
      el(
        'dl',
        { class: 'facts' },
        ...[
          ['Status', el('span', { class: 'status', id: 'task-status', 'data-status': t.status }, t.status)],
          ['QA score', t.qaScore === null ? '–' : String(t.qaScore)],
          ['Cost', `$${t.costUsd}`],
          ['Tokens', `${t.tokens.input} in / ${t.tokens.output} out`],
          ['Model', t.model || '–'],
          ['Client', t.clientId || '–'],
          ['Run', `${t.run}${t.phase ? ` (${t.phase})` : ''}`],
          ['Created', when(t.createdAt)],
          ['Finished', when(t.completedAt)],
          [
            'Workflow',
            el(
              'a',
              { href: Dash.runLink(t.workflowId), target: '_blank', rel: 'noopener noreferrer', class: 'run-link' },
              t.workflowId,
            ),
          ],
        ].flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]),
      ),
      buttons(t, reload),
      t.failure ? el('p', { class: 'error' }, `${t.failure.type}: ${t.failure.reason || ''}`) : '',
      el('h2', {}, 'Attempts and QA feedback'),
      table(
        [
          ['Attempt', (a) => String(a.n)],
          ['QA score', (a) => (a.qaScore === null ? '–' : String(a.qaScore))],
          ['Feedback', (a) => a.feedback || '–'],
        ],
        t.attempts || [],
        'No attempt scored yet.',
      ),
      el('h2', {}, 'Result'),
      t.result ? el('pre', { class: 'result' }, t.result) : el('p', { class: 'muted' }, 'No result yet.'),
    );
    return Dash.TERMINAL.includes(t.status);
  };
})();
