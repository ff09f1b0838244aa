/* global window, document, setTimeout */
// Starts the page: draws every panel, then refreshes each on its own interval while the tab is
// visible (the task list every 2 s, so a task's status changes without a reload).
'use strict';
(function () {
  const { Dash } = window;
  const EVERY_MS = { health: 15000, tasks: 2000, money: 30000, schedules: 10000, routines: 30000 };

  function loop(id) {
    const tick = async () => {
      if (Dash.stopped) return;
      if (!document.hidden) await Dash.draw(id);
      setTimeout(tick, EVERY_MS[id] || 30000);
    };
    return tick();
  }

  async function taskLoop(main) {
    const finished = await Dash.taskPage(main);
    if (!finished && !Dash.stopped) setTimeout(() => taskLoop(main), 2000);
  }

  function start() {
    const taskMain = document.getElementById('task-page');
    if (taskMain) return taskLoop(taskMain);
    // The health summary sets the badge in the header, so it goes first.
    for (const section of document.querySelectorAll('section[data-panel]')) loop(section.dataset.panel);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
