import { describe, expect, it } from 'vitest';
import { decideContact, type ContactSides } from '../../domain/client-sync';
import { testConfig } from '../support/test-config';

const t = (s: number) => new Date(Date.UTC(2026, 11, 1, 12, 0, s));
const base: ContactSides = {
  platform: { name: 'Acme', email: 'a@acme.example', notify: false },
  notion: { name: 'Acme', email: 'a@acme.example', notify: false },
  platformEditedAt: t(0),
  notionEditedAt: t(10),
  notionEditedAtLastSync: t(10),
  lastSyncedAt: t(10),
};

describe('decideContact: Notion owns contact fields, the later edit wins a conflict', () => {
  it('equal values (email case aside): nothing to do', () => {
    expect(decideContact({ ...base, notion: { ...base.notion, email: 'A@ACME.example' } })).toEqual({ action: 'none' });
  });

  it('only Notion changed: taken by the platform', () => {
    const s = { ...base, notion: { ...base.notion, name: 'Acme Ltd' }, notionEditedAt: t(20) };
    expect(decideContact(s)).toEqual({ action: 'to_platform', fields: ['name'], conflict: false });
  });

  it('only the platform changed: written to Notion', () => {
    const s = { ...base, platform: { ...base.platform, notify: true }, platformEditedAt: t(20) };
    expect(decideContact(s)).toEqual({ action: 'to_notion', fields: ['notify'], conflict: false });
  });

  it('both changed: the later edit wins and the decision is a conflict', () => {
    const both = {
      ...base,
      platform: { ...base.platform, email: 'p@acme.example' },
      notion: { ...base.notion, email: 'n@acme.example' },
    };
    expect(decideContact({ ...both, platformEditedAt: t(30), notionEditedAt: t(20) })).toEqual({
      action: 'to_notion',
      fields: ['email'],
      conflict: true,
    });
    expect(decideContact({ ...both, platformEditedAt: t(20), notionEditedAt: t(30) })).toEqual({
      action: 'to_platform',
      fields: ['email'],
      conflict: true,
    });
  });

  it('an empty name or email in Notion never erases the platform value: it fills Notion instead', () => {
    const s = { ...base, notion: { ...base.notion, email: null }, notionEditedAt: t(20) };
    expect(decideContact(s)).toEqual({ action: 'to_notion', fields: ['email'], conflict: false });
  });

  it('never synced: Notion is the system of record for contact fields', () => {
    const s = {
      ...base,
      notion: { ...base.notion, name: 'From Notion' },
      platformEditedAt: null,
      notionEditedAtLastSync: null,
      lastSyncedAt: null,
    };
    expect(decideContact(s)).toMatchObject({ action: 'to_platform', fields: ['name'] });
  });

  it('client property names default as documented and can be renamed with NOTION_PROPERTIES', () => {
    expect(testConfig().notion.properties.clients).toMatchObject({ email: 'Email', clientId: 'Client ID' });
    const renamed = testConfig({ NOTION_PROPERTIES: '{"clients":{"email":"E-mail","revenue":"Paid (USD)"}}' });
    expect(renamed.notion.properties.clients).toMatchObject({ email: 'E-mail', revenue: 'Paid (USD)', title: 'Name' });
    expect(() => testConfig({ NOTION_PROPERTIES: '{"clients":{"mail":"E-mail"}}' })).toThrow(/NOTION_PROPERTIES/);
  });
});
