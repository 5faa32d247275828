/**
 * Who may delete a webhook subscription: its owner, recognised by the Entra object id even when
 * the directory learnt the person only after the subscription was made (Power Automate deletes
 * through the stored Location long after subscribing); nobody else.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Caller } from '../../../core/auth/identity.js';
import { isEquipageError } from '../../../core/errors.js';
import { createSubscription, deleteSubscription, MAX_SUBSCRIPTIONS_PER_OWNER, ownerKeysOf } from '../../../core/field-reports/webhooks/subscriptions.js';
import { demoIds } from '../../../core/seed/seed.js';
import { createTestContext, type TestContext } from '../../helpers/test-context.js';

const caller = (over: Partial<Caller>): Caller => ({
  personId: null, entraObjectId: null, tenantId: 't', upn: null, displayName: 'X', hrMember: false, via: 'entra', ...over,
});
const OID = '6f1c2a9e-0d2b-4c55-9a55-0c3d1c1e7f01';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => {
  await t?.close();
});

async function errorCode(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return isEquipageError(error) ? error.code : String(error);
  }
}

describe('webhook subscription owner', () => {
  it('stores the Entra object id first, and accepts the delete after the directory learnt the person', async () => {
    const before = caller({ entraObjectId: OID, upn: 'new.agent@beaulieu-sur-aune.fr' });
    expect(ownerKeysOf(before)).toEqual([`entra:${OID}`]);
    const sub = await createSubscription(t.ctx.storage.db, before, { callbackUrl: 'http://127.0.0.1:9/hook' }, { allowLocal: true });
    const row = await t.ctx.storage.db.selectFrom('webhook_subscriptions').select('owner_key').where('id', '=', sub.id).executeTakeFirstOrThrow();
    expect(row.owner_key).toBe(`entra:${OID}`);

    const someoneElse = caller({ personId: demoIds.person('kevin.martin'), entraObjectId: '0b0b0b0b-0000-4000-8000-000000000000' });
    expect(await errorCode(deleteSubscription(t.ctx.storage.db, someoneElse, sub.id))).toBe('EQP_ERR_FORBIDDEN');

    const after = caller({ entraObjectId: OID, personId: demoIds.person('lucas.fontaine'), upn: 'new.agent@beaulieu-sur-aune.fr' });
    expect(await errorCode(deleteSubscription(t.ctx.storage.db, after, sub.id))).toBeUndefined();
  });

  it('keeps accepting subscriptions made by a person id (local mode, no Entra id)', async () => {
    const local = caller({ personId: demoIds.person('kevin.martin'), via: 'local' });
    const sub = await createSubscription(t.ctx.storage.db, local, { callbackUrl: 'http://127.0.0.1:9/hook' }, { allowLocal: true });
    expect(await errorCode(deleteSubscription(t.ctx.storage.db, caller({ personId: demoIds.person('lucas.fontaine'), via: 'local' }), sub.id))).toBe('EQP_ERR_FORBIDDEN');
    expect(await errorCode(deleteSubscription(t.ctx.storage.db, local, sub.id))).toBeUndefined();
  });

  it('caps the active subscriptions of one owner; deleting one frees a place', async () => {
    const owner = caller({ entraObjectId: '7a7a7a7a-0000-4000-8000-000000000007' });
    const ids: string[] = [];
    for (let i = 0; i < MAX_SUBSCRIPTIONS_PER_OWNER; i++) {
      ids.push((await createSubscription(t.ctx.storage.db, owner, { callbackUrl: `http://127.0.0.1:9/hook/${i}` }, { allowLocal: true })).id);
    }
    const over = createSubscription(t.ctx.storage.db, owner, { callbackUrl: 'http://127.0.0.1:9/hook/extra' }, { allowLocal: true });
    expect(await errorCode(over)).toBe('EQP_ERR_WEBHOOK_LIMIT');
    // Someone else is not affected.
    expect(await errorCode(createSubscription(t.ctx.storage.db, caller({ entraObjectId: OID }), { callbackUrl: 'http://127.0.0.1:9/hook/other' }, { allowLocal: true }))).toBeUndefined();
    await deleteSubscription(t.ctx.storage.db, owner, ids[0]!);
    expect(await errorCode(createSubscription(t.ctx.storage.db, owner, { callbackUrl: 'http://127.0.0.1:9/hook/again' }, { allowLocal: true }))).toBeUndefined();
  });
});
