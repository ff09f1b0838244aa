/* global window */
// Schedules: every platform schedule with its next run, last result, paused state and note; pause,
// unpause and trigger one; Stop/Start Scheduler for all. Each action is confirmed, then goes through
// the existing /api/schedules and /api/scheduler routes, which audit it.
'use strict';
(function () {
  const { Dash } = window;
  const { el, table, when, dot } = Dash;
  const redraw = () => Dash.draw('schedules');

  const act = (label, question, path, body) =>
    el(
      'button',
      {
        class: 'small',
        'data-action': label.toLowerCase(),
        onclick: () => Dash.confirmThen(question, () => Dash.api('POST', path, body), redraw),
      },
      label,
    );

  function actions(s) {
    const id = encodeURIComponent(s.scheduleId);
    return el(
      'span',
      { class: 'actions' },
      s.paused
        ? act('Unpause', `Unpause ${s.scheduleId}?`, `/api/schedules/${id}/unpause`, {
            note: 'unpaused from the dashboard',
          })
        : act('Pause', `Pause ${s.scheduleId}?`, `/api/schedules/${id}/pause`, { note: 'paused from the dashboard' }),
      act('Trigger', `Run ${s.scheduleId} now?`, `/api/schedules/${id}/trigger`, {}),
    );
  }

  // A run's status and its stored report's status, each as a colour; the worse one wins.
  const RUN_LEVEL = {
    completed: 'green',
    continued_as_new: 'green',
    running: 'grey',
    cancelled: 'amber',
    failed: 'red',
    terminated: 'red',
    timed_out: 'red',
  };
  const REPORT_LEVEL = { ok: 'green', warning: 'amber', degraded: 'amber', critical: 'red', down: 'red' };
  const RANK = ['grey', 'green', 'amber', 'red'];
  const worse = (a, b) => (RANK.indexOf(a) >= RANK.indexOf(b) ? a : b);

  /** The last result: the run's status and report (coloured), with its start linked to the run in the Web UI. */
  const lastResult = (s) => {
    const r = s.lastResult;
    if (!r) return 'never';
    const level = r.report
      ? worse(RUN_LEVEL[r.status] || 'grey', REPORT_LEVEL[r.report.status] || 'grey')
      : RUN_LEVEL[r.status] || 'grey';
    const label = r.report && r.status === 'completed' ? r.report.status : r.status.replace(/_/g, ' ');
    return el(
      'span',
      { class: 'last-result', 'data-schedule': s.scheduleId, 'data-status': r.status },
      dot(level, label),
      ' ',
      el(
        'a',
        { href: Dash.runLink(r.workflowId, r.runId), target: '_blank', rel: 'noopener noreferrer' },
        when(r.startedAt),
      ),
      r.report ? el('span', { class: 'summary' }, r.report.summary) : null,
    );
  };

  Dash.register('schedules', {
    async draw(body) {
      const { scheduler, schedules } = await Dash.api('GET', '/api/schedules');
      const level = scheduler === 'running' ? 'green' : scheduler === 'stopped' ? 'red' : 'amber';
      const controls = el(
        'p',
        { class: 'scheduler' },
        'Scheduler: ',
        el('span', { id: 'scheduler-state' }, dot(level, scheduler)),
        ' ',
        act('Stop Scheduler', 'Stop every schedule (pause all)?', '/api/scheduler/stop', {
          reason: 'stopped from the dashboard',
        }),
        act('Start Scheduler', 'Start every schedule again?', '/api/scheduler/start', {
          reason: 'started from the dashboard',
        }),
      );
      const rows = table(
        [
          ['Schedule', (s) => el('span', { title: s.description }, s.scheduleId)],
          ['When', (s) => s.spec],
          ['Next run', (s) => when(s.nextRuns[0])],
          ['Last result', lastResult],
          [
            'State',
            (s) =>
              el(
                'span',
                { class: 'paused', 'data-schedule': s.scheduleId, 'data-paused': String(s.paused) },
                s.paused ? 'paused' : 'active',
              ),
          ],
          ['Note', (s) => s.note || '–'],
          ['', actions],
        ],
        schedules,
        'No schedules (are they synced?).',
      );
      body.replaceChildren(controls, rows);
    },
  });
})();
