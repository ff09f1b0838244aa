import type { DeliveryData } from '../db/repositories/delivery-data';
import type { UnsubscribeStore } from '../db/repositories/unsubscribes';
import type { DeliveryLinks } from './delivery-links';
import type { UnsubscribeTokens } from './unsubscribe-token';

/** What the client-facing routes need: signed links, the page's data, unsubscribes; cli/compose-delivery.ts builds it. */
export interface DeliveryServices {
  links: DeliveryLinks;
  data: DeliveryData;
  unsubscribes: UnsubscribeStore;
  tokens: UnsubscribeTokens;
}
