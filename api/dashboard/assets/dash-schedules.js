/* global window */
// Schedules: every platform schedule with its next run, last run, paused state and note; pause,
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

  /** The last run as a link to it in the Web UI (its outcome is there). */
  const lastRun = (s) => {
    const r = s.recentRuns[s.recentRuns.length - 1];
    return r
      ? el(
          'a',
          { href: Dash.runLink(r.workflowId, r.runId), target: '_blank', rel: 'noopener noreferrer' },
          when(r.takenAt),
        )
      : 'never';
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
          ['Last run', lastRun],
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
