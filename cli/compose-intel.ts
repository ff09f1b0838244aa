import type { Client } from '@temporalio/client';
import type OpenAI from 'openai';
import type { OpsBrainActivityDeps } from '../activities/ops-brain-activities';
import type { PricingActivityDeps } from '../activities/pricing-activities';
import type { IntelApiDeps } from '../api/intel-deps';
import type { Config } from '../infra/config/load-config';
import type { Database } from '../infra/db/open-database';
import { createAlertStore } from '../infra/db/repositories/alert-store';
import { createAuditDsrStats } from '../infra/db/repositories/audit-dsr-stats';
import { createOpsBrainStore } from '../infra/db/repositories/ops-brain-store';
import { createOpsReportRepository } from '../infra/db/repositories/ops-reports';
import { createPlatformLlmLedger } from '../infra/db/repositories/platform-llm-ledger';
import { createPricingData } from '../infra/db/repositories/pricing-data';
import { createPricingRecommendations } from '../infra/db/repositories/pricing-recommendations';
import { createReferrals } from '../infra/db/repositories/referrals';
import type { LlmCapacityReader } from '../infra/llm/llm-capacity';
import type { Logger } from '../infra/logger';

/** Wires pricing AI, the AI ops brain and referrals for worker and API. */
export function composeIntel(input: {
  config: Config;
  database: Database;
  temporal: Client;
  llm?: OpenAI;
  llmCapacity: LlmCapacityReader;
  logger: Logger;
}) {
  const { database } = input;
  const pricingRecommendations = createPricingRecommendations(database.db);
  const opsBrain = createOpsBrainStore(database.db);
  const activityDeps: Omit<PricingActivityDeps & OpsBrainActivityDeps, 'config' | 'temporal' | 'llm' | 'prices'> = {
    platformLlm: createPlatformLlmLedger(database.db),
    pricingData: createPricingData(database.db),
    pricingRecommendations,
    opsBrain,
    brainSources: {
      opsReports: createOpsReportRepository(database.db),
      alertStore: createAlertStore(database.db),
      llmCapacity: input.llmCapacity,
      dsrStats: createAuditDsrStats(database.db),
    },
    logger: input.logger,
  };
  const apiDeps: IntelApiDeps = {
    pricingRecommendations,
    opsBrain,
    referrals: createReferrals(database.db),
    llmConfigured: !!input.llm,
  };
  return { activityDeps, apiDeps };
}
