/** Invoice line items computed from the work (README "Invoices from the work"). Integer cents throughout. */

export interface BillableTask {
  taskId: string;
  title: string;
  /** Media duration of a `media` task; null for text tasks. */
  mediaSeconds: number | null;
}

export interface InvoiceLine {
  description: string;
  quantity: number;
  unitCents: number;
  amountCents: number;
  taskId?: string;
}

export interface ClientRates {
  rateCentsPerMin: number;
  pricePerTaskCents: number;
}

const short = (s: string) => (s.length > 80 ? `${s.slice(0, 79)}…` : s);

/**
 * Per task: one line for the task at the client's price per task, one for its media at the rate per
 * started minute (as `media.chargeUsd` shows it). Lines worth nothing are left out.
 */
export function invoiceLines(tasks: BillableTask[], rates: ClientRates): InvoiceLine[] {
  const lines: InvoiceLine[] = [];
  for (const t of tasks) {
    if (rates.pricePerTaskCents > 0)
      lines.push({
        description: `Task: ${short(t.title)}`,
        quantity: 1,
        unitCents: rates.pricePerTaskCents,
        amountCents: rates.pricePerTaskCents,
        taskId: t.taskId,
      });
    const minutes = t.mediaSeconds ? Math.ceil(t.mediaSeconds / 60) : 0;
    if (minutes > 0 && rates.rateCentsPerMin > 0)
      lines.push({
        description: `Media minutes: ${short(t.title)}`,
        quantity: minutes,
        unitCents: rates.rateCentsPerMin,
        amountCents: minutes * rates.rateCentsPerMin,
        taskId: t.taskId,
      });
  }
  return lines;
}

export const linesTotal = (lines: InvoiceLine[]) => lines.reduce((sum, l) => sum + l.amountCents, 0);
