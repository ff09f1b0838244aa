import type { DsrSubjectLookup } from '../../domain/contracts/dsr-fulfilment';
import type { Config } from '../config/load-config';
import type { DsrTicketStore } from '../db/repositories/dsr-tickets';
import type { DsrLinks } from './dsr-links';
import type { SubjectExport } from './subject-export';

/** The data-subject-request parts the routes and activities share (cli/compose-dsr.ts builds them once). */
export interface DsrServices {
  config: Config['dsr'];
  tickets: DsrTicketStore;
  links: DsrLinks;
  exports: SubjectExport;
  /** Confirmed tickets only: what the fulfilment activities (export, erasure, rectification) look people up with. */
  lookupDsrSubject: DsrSubjectLookup;
}
