import { randomUUID } from 'node:crypto';
import { msToTs } from '@temporalio/common/lib/time';
import { describe, expect, it } from 'vitest';
import { CUSTOM_SEARCH_ATTRIBUTES } from '../../domain/search-attributes';
import { ensureSearchAttributes } from '../../infra/temporal/ensure-search-attributes';
import { testClient } from '../support/temporal';

describe('ensureSearchAttributes (external Temporal servers)', () => {
  it('registers the missing custom attributes once, then finds them', async () => {
    const client = await testClient();
    const namespace = `sa-${randomUUID().slice(0, 8)}`;
    try {
      await client.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('1 day') });
      const names = CUSTOM_SEARCH_ATTRIBUTES.map((k) => k.name);
      expect((await ensureSearchAttributes(client, namespace)).sort()).toEqual([...names].sort());
      expect(await ensureSearchAttributes(client, namespace)).toEqual([]);
      const listed = await client.connection.operatorService.listSearchAttributes({ namespace });
      expect(Object.keys(listed.customAttributes ?? {})).toEqual(expect.arrayContaining(names));
    } finally {
      await client.connection.close();
    }
  });
});
