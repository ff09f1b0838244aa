import type { Config } from '../infra/config/load-config';
import type { Db } from '../infra/db/open-database';
import { createDeliveryData } from '../infra/db/repositories/delivery-data';
import { createDeliveryLinksStore } from '../infra/db/repositories/delivery-links-store';
import { createUnsubscribeStore } from '../infra/db/repositories/unsubscribes';
import { createDeliveryLinks } from '../infra/delivery/delivery-links';
import type { DeliveryServices } from '../infra/delivery/delivery-services';
import { createUnsubscribeTokens } from '../infra/delivery/unsubscribe-token';

export function createDeliveryServices(config: Config, db: Db): DeliveryServices {
  const secrets = { secret: config.auth.sessionSecret, previousSecret: config.auth.sessionSecretPrevious };
  return {
    links: createDeliveryLinks({ ...secrets, store: createDeliveryLinksStore(db), siteUrl: config.payments.siteUrl }),
    data: createDeliveryData(db),
    unsubscribes: createUnsubscribeStore(db),
    tokens: createUnsubscribeTokens(secrets),
  };
}
