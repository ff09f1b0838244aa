/**
 * Who wins the contact fields of a client (name, email, notify) between the platform and its row in
 * the Notion Client database. Notion is their system of record; a platform edit (PATCH /api/clients)
 * made since the last sync still reaches Notion. When both sides changed since the last sync, the
 * later edit wins and the caller logs and records the conflict. Money fields never come from Notion.
 */
export interface ContactFields {
  name: string | null;
  email: string | null;
  notify: boolean;
}
export type ContactField = keyof ContactFields;

export interface ContactSides {
  platform: ContactFields;
  notion: ContactFields;
  /** When a platform edit last changed a contact field (null: never). */
  platformEditedAt: Date | null;
  /** The row's last_edited_time now. */
  notionEditedAt: Date;
  /** The row's last_edited_time at the last sync (null: never synced). */
  notionEditedAtLastSync: Date | null;
  /** When the last sync made both sides agree (null: never). */
  lastSyncedAt: Date | null;
}

export type ContactDecision =
  { action: 'none' } | { action: 'to_platform' | 'to_notion'; fields: ContactField[]; conflict: boolean };

const FIELDS: ContactField[] = ['name', 'email', 'notify'];
const same = (f: ContactField, a: ContactFields, b: ContactFields) =>
  f === 'email' ? (a.email ?? '').toLowerCase() === (b.email ?? '').toLowerCase() : a[f] === b[f];

export function decideContact(s: ContactSides): ContactDecision {
  const differ = FIELDS.filter((f) => !same(f, s.platform, s.notion));
  if (differ.length === 0) return { action: 'none' };
  const notionChanged = !s.notionEditedAtLastSync || s.notionEditedAt.getTime() > s.notionEditedAtLastSync.getTime();
  const platformChanged =
    !!s.platformEditedAt && (!s.lastSyncedAt || s.platformEditedAt.getTime() > s.lastSyncedAt.getTime());
  const conflict = notionChanged && platformChanged;
  const platformWins = conflict
    ? s.platformEditedAt!.getTime() > s.notionEditedAt.getTime()
    : platformChanged && !notionChanged;
  if (platformWins) return { action: 'to_notion', fields: differ, conflict };
  // An empty name or email in Notion never erases the platform's: those go the other way.
  const taken = differ.filter((f) => f === 'notify' || s.notion[f] !== null);
  if (taken.length === 0) return { action: 'to_notion', fields: differ, conflict: false };
  return { action: 'to_platform', fields: taken, conflict };
}
