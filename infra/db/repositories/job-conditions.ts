import { isNull, notInArray, or } from 'drizzle-orm';
import { REFUNDED_TASK_PAYMENT_STATUSES } from '../../../domain/payments';
import { jobs } from '../schema';

/** The task's payment was not refunded (or never recorded): it may be marked paid or run again. */
export const taskNotRefunded = or(
  isNull(jobs.paymentStatus),
  notInArray(jobs.paymentStatus, [...REFUNDED_TASK_PAYMENT_STATUSES]),
);
