import type { Config } from '../infra/config/load-config';
import type { Db } from '../infra/db/open-database';
import { createDsrLinks } from '../infra/compliance/dsr-links';
import type { DsrServices } from '../infra/compliance/dsr-services';
import { createSubjectExport } from '../infra/compliance/subject-export';
import { createDsrSubjectLookup, createDsrTicketStore } from '../infra/db/repositories/dsr-tickets';

/** Tickets, signed links and exports of data subject requests; `lookupDsrSubject` also feeds the erasure activities. */
export function createDsrServices(config: Config, db: Db): DsrServices {
  const links = createDsrLinks({
    secret: config.auth.sessionSecret,
    previousSecret: config.auth.sessionSecretPrevious,
    siteUrl: config.payments.siteUrl,
  });
  return {
    config: config.dsr,
    tickets: createDsrTicketStore(db),
    links,
    exports: createSubjectExport({ db, dataDir: config.dataDir, links }),
    lookupDsrSubject: createDsrSubjectLookup(db),
  };
}
