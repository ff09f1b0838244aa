import type { OpsBrainStore } from '../infra/db/repositories/ops-brain-store';
import type { PricingRecommendations } from '../infra/db/repositories/pricing-recommendations';
import type { Referrals } from '../infra/db/repositories/referrals';

/** What the pricing, ops brain and referral routes read and write. */
export interface IntelApiDeps {
  pricingRecommendations: PricingRecommendations;
  opsBrain: OpsBrainStore;
  referrals: Referrals;
  /** False without an LLM key: the ops brain then answers that it needs one. */
  llmConfigured: boolean;
}
