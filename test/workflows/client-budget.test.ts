import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TASK_STATUS } from '../../domain/search-attributes';
import { startWebhookFake, type WebhookFake } from '../fakes/webhook-fake';
import { createClient } from '../support/clients';
import { ADMIN, startPipeline, type PipelineHarness } from '../support/pipeline-harness';
import { waitFor } from '../support/wait-for';

// The fake LLM's default costs: generate 7 500 µ$ (gpt-4o 1000 in / 500 out), QA 42 µ$ (gpt-4o-mini).
const GENERATE = 7_500;
const task = { title: 'Budgeted', prompt: 'Write a haiku about invoices.' };

describe('client budgets: check before each LLM call, budget_hold, release (real dev server, fake LLM)', () => {
  let h: PipelineHarness;
  let hook: WebhookFake;
  beforeAll(async () => {
    hook = await startWebhookFake();
    h = await startPipeline({ ALERT_WEBHOOK_URL: hook.url });
    await createClient(h.p.app, {
      clientId: 'capped',
      name: 'Capped',
      email: 'cap@capped.example',
      budgetUsdPerMonth: 0.01,
    });
  });
  afterAll(async () => {
    await h.close();
    await hook.close();
  });

  const client = async () =>
    (await (await h.p.app.request('/api/clients/capped', { headers: ADMIN })).json()) as {
      budget: { monthToDateMicroUsd: number; heldTasks: string[]; exhausted: boolean; capMicroUsd: number };
    };
  const statusOf = async (taskId: string) => (await h.getTask(taskId)).status;
  const budgetAlerts = () => hook.posts.filter((p) => String(p.title).includes('monthly LLM budget'));

  it('a task that would start an LLM call over the cap waits in budget_hold; raising the cap lets it finish', async () => {
    const first = await h.submit({ ...task, clientId: 'capped' });
    expect((await h.handle(first.taskId).result()).status).toBe('done'); // 7 542 µ$ of 10 000
    expect((await client()).budget.monthToDateMicroUsd).toBe(7_542);
    expect(budgetAlerts()).toHaveLength(0); // 75 %: below the alert share

    // Generation is allowed at 7 542 µ$; the QA call after it (15 042 µ$) would start over the cap.
    const second = await h.submit({ ...task, clientId: 'capped' });
    await waitFor('second budget_hold', async () => (await statusOf(second.taskId)) === 'budget_hold', 20_000);
    const held = await client();
    expect(held.budget).toMatchObject({ exhausted: true, heldTasks: [second.taskId] });
    // The ledger passed the cap by at most the one call already allowed.
    expect(held.budget.monthToDateMicroUsd - held.budget.capMicroUsd).toBeLessThanOrEqual(GENERATE);
    expect(h.llm.calls.filter((c) => c.kind === 'qa')).toHaveLength(1); // no QA call for the held task
    // The search attribute follows (visibility is eventually consistent).
    await waitFor('TaskStatus=budget_hold', async () => {
      const d = await h.handle(second.taskId).describe();
      return (d.searchAttributes[TASK_STATUS.name] as string[] | undefined)?.[0] === 'budget_hold';
    });
    const finance = (await (await h.p.app.request('/api/finance-metrics', { headers: ADMIN })).json()) as {
      budgets: { clientId: string; heldTasks: number; exhausted: boolean }[];
    };
    expect(finance.budgets).toContainEqual(
      expect.objectContaining({ clientId: 'capped', heldTasks: 1, exhausted: true }),
    );

    const raise = await h.p.app.request('/api/clients/capped', {
      method: 'PATCH',
      headers: ADMIN,
      body: JSON.stringify({ budgetUsdPerMonth: 0.02 }),
    });
    expect(((await raise.json()) as { recheckedHeldTasks: number }).recheckedHeldTasks).toBe(1);
    expect((await h.handle(second.taskId).result()).status).toBe('done');
    expect(await statusOf(second.taskId)).toBe('done');
  });

  it('the 80 % alert goes out once per client and month, however many checks pass the share', async () => {
    await waitFor('the budget alert', () => Promise.resolve(budgetAlerts().length > 0), 10_000);
    expect(budgetAlerts()).toHaveLength(1);
    expect(String(budgetAlerts()[0]!.title)).toContain('capped');
    expect(JSON.stringify(budgetAlerts())).not.toContain('cap@capped.example');
  });

  it('an operator releases one held task with POST /api/tasks/:taskId/release-budget-hold; it runs past the cap', async () => {
    // 15 084 µ$ of 20 000: generation allowed (22 584 after it), QA held.
    const third = await h.submit({ ...task, clientId: 'capped' });
    await waitFor('third budget_hold', async () => (await statusOf(third.taskId)) === 'budget_hold', 20_000);
    expect((await client()).budget.monthToDateMicroUsd - 20_000).toBeLessThanOrEqual(GENERATE);
    const res = await h.p.app.request(`/api/tasks/${third.taskId}/release-budget-hold`, {
      method: 'POST',
      headers: ADMIN,
    });
    expect(res.status).toBe(202);
    expect((await h.handle(third.taskId).result()).status).toBe('done');
    expect(budgetAlerts()).toHaveLength(1);
  });

  it('a held task can still be cancelled', async () => {
    const fourth = await h.submit({ ...task, clientId: 'capped' });
    await waitFor('fourth budget_hold', async () => (await statusOf(fourth.taskId)) === 'budget_hold', 20_000);
    const calls = h.llm.calls.length;
    const res = await h.p.app.request(`/api/tasks/${fourth.taskId}/cancel`, { method: 'POST', headers: ADMIN });
    expect(res.status).toBe(202);
    await waitFor('fourth cancelled', async () => (await statusOf(fourth.taskId)) === 'cancelled', 20_000);
    expect(h.llm.calls.length).toBe(calls); // held before its first call: nothing spent
  });
});
