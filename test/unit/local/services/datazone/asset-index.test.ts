import { describe, expect, it } from 'vitest';
import type { CloudState } from '../../../../../local/src/cloud/cloud.ts';
import type { DataZoneState } from '../../../../../local/src/services/datazone/state.ts';
import { ACCOUNT, catalog, createTopic, expectError, REGION } from './support.ts';

describe('DataZone asset index (externalIdentifier)', () => {
  it('refuses a second asset with the same external identifier, and frees it when the asset is deleted', async () => {
    // Prepare
    const c = await catalog();
    const first = await createTopic(c, 'orders');
    await createTopic(c, 'payments');

    // Act
    const clash = await expectError(createTopic(c, 'orders'), 'ConflictException');
    await c.t.call('DeleteAsset', { domainIdentifier: c.domainId, identifier: first });
    const again = await createTopic(c, 'orders');
    await expectError(createTopic(c, 'orders'), 'ConflictException', new RegExp(`: ${again}\\.$`, 'u'));

    // Assess
    expect(clash.message).toContain(`already exists: ${first}.`);
    expect(again).not.toBe(first);
  });

  it('answers from the loaded state after load(), whether persisted (new objects) or edited in place', async () => {
    // Prepare
    const c = await catalog();
    const orders = await createTopic(c, 'orders');
    const persisted = JSON.parse(JSON.stringify(c.t.cloud.dump())) as CloudState;
    const domain = c.t.cloud.stateOf<DataZoneState>('datazone', ACCOUNT, REGION).domains[c.domainId];
    if (!domain) throw new Error('domain not in state');

    // Act: delete the asset from the live state directly, reload those objects, then the persisted copy
    delete domain.assets[orders];
    c.t.cloud.load(c.t.cloud.dump());
    const recreated = await createTopic(c, 'orders');
    c.t.cloud.load(persisted);
    const clash = await expectError(createTopic(c, 'orders'), 'ConflictException');
    await createTopic(c, 'payments');
    const afterWrite = await expectError(createTopic(c, 'payments'), 'ConflictException');

    // Assess
    expect(recreated).not.toBe(orders);
    expect(clash.message).toContain(`already exists: ${orders}.`);
    expect(afterWrite.code).toBe('ConflictException');
  });
});
