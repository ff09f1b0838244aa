import type { Config } from '../infra/config/load-config';
import type { ClientStats } from '../infra/db/repositories/client-stats';
import type { NotionGateway } from '../infra/notion/notion-gateway';
import type { PaymentActivityDeps } from './payment-deps';

/** What the Notion money activities (client sync, paid state) need; all of it is already in the composition. */
export interface NotionMoneyDeps extends PaymentActivityDeps {
  clientBudget: { stats: ClientStats };
  notion?: NotionGateway;
  notionConfig: Config['notion'];
}
