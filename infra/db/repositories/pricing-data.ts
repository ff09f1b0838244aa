import { sql } from 'drizzle-orm';
import type { PricingInputs } from '../../../domain/price-advice';
import type { Db } from '../open-database';
import { int, num, sqlRows } from './sql-rows';

interface WorkRow {
  id: string;
  plan: string;
  rate: unknown;
  price: unknown;
  billed: unknown;
  failed: unknown;
  low_qa: unknown;
  attempts: unknown;
  qa_avg: unknown;
  text_tasks: unknown;
  text_cost: unknown;
  media_minutes: unknown;
  media_cost: unknown;
  paid: unknown;
  refunded: unknown;
}

/**
 * The pricing AI's facts per client over the window: billed, failed and low-QA tasks, attempts (rework),
 * LLM and transcription cost split by text and media work, started media minutes, money paid and refunded.
 * Every client is listed, those without work too (their answer is "not enough data").
 */
export function createPricingData(db: Db) {
  return {
    async clientInputs(since: Date, lookbackDays: number): Promise<(PricingInputs & { plan: string })[]> {
      const from = since.toISOString();
      const rows = await sqlRows<WorkRow>(
        db,
        sql`
        with work as (
          select client_id,
            count(*) filter (where status in ('done', 'low_qa')) as billed,
            count(*) filter (where status = 'failed') as failed,
            count(*) filter (where status = 'low_qa') as low_qa,
            coalesce(sum(attempts), 0) as attempts,
            avg(qa_score) filter (where qa_score is not null) as qa_avg,
            count(*) filter (where type <> 'media' and status in ('done', 'low_qa')) as text_tasks,
            coalesce(sum(cost_micro_usd) filter (where type <> 'media'), 0) as text_cost,
            coalesce(sum(ceil(coalesce(media_seconds, 0) / 60.0)) filter (where type = 'media' and status in ('done', 'low_qa')), 0) as media_minutes,
            coalesce(sum(cost_micro_usd) filter (where type = 'media'), 0) as media_cost
          from jobs
          where client_id is not null and status in ('done', 'low_qa', 'failed') and completed_at >= ${from}::timestamptz
          group by client_id
        ), money as (
          select client_id, coalesce(sum(amount_cents), 0) as paid, coalesce(sum(refunded_cents), 0) as refunded
          from payments where paid_at >= ${from}::timestamptz group by client_id
        )
        select c.id, c.plan, c.rate_cents_per_min as rate, c.price_per_task_cents as price,
          w.billed, w.failed, w.low_qa, w.attempts, w.qa_avg, w.text_tasks, w.text_cost, w.media_minutes, w.media_cost,
          m.paid, m.refunded
        from clients c left join work w on w.client_id = c.id left join money m on m.client_id = c.id
        order by c.id`,
      );
      return rows.map((r) => ({
        subjectKind: 'client' as const,
        subjectId: r.id,
        plan: r.plan,
        lookbackDays,
        billedTasks: int(r.billed),
        failedTasks: int(r.failed),
        lowQaTasks: int(r.low_qa),
        attempts: int(r.attempts),
        qaAvg: num(r.qa_avg) === null ? null : Math.round(num(r.qa_avg)! * 10) / 10,
        textTasks: int(r.text_tasks),
        textCostMicroUsd: int(r.text_cost),
        mediaMinutes: int(r.media_minutes),
        mediaCostMicroUsd: int(r.media_cost),
        paidCents: int(r.paid),
        refundedCents: int(r.refunded),
        current: { rateCentsPerMin: int(r.rate), pricePerTaskCents: int(r.price) },
      }));
    },
  };
}
export type PricingData = ReturnType<typeof createPricingData>;
