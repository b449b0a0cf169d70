/**
 * Networks made shared or external before RBAC policies existed (an older Muon's history) get their
 * wildcard policies when ipam starts, so other projects keep seeing and using them. The older
 * history is simulated by removing the policies from the read model, which is what replaying such
 * a history leaves: the network's flag without a policy row.
 */
import { describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { ADMIN, NeutronClient, PROJECT_A, PROJECT_B, ids, platformForThisFile } from './support/neutron-client.js';

const platform = platformForThisFile();
const admin = new NeutronClient(platform, ADMIN);
const b = admin.as(PROJECT_B);

async function restartIpam(): Promise<void> {
  for (const inst of platform.instances.filter((i) => i.name === 'ipam')) await platform.kill(inst);
  await platform.waitReady(await platform.spawnService('ipam', 0));
}

describe('the RBAC backfill at start-up', () => {
  it('gives a network that is shared or external without its policy the wildcard policy, once', async () => {
    const shared = await admin.create('networks', { name: 'old-shared', shared: true });
    const external = await admin.create('networks', { name: 'old-external', 'router:external': true });
    const plain = await admin.create('networks', { name: 'old-private', project_id: PROJECT_A.project });
    const db = new pg.Client({ connectionString: platform.databaseUrl });
    await db.connect();
    try {
      const removed = await db.query(`delete from ipam.rbac_policies where body->>'object_id' = any($1)`, [[shared.id, external.id]]);
      expect(removed.rowCount).toBe(2);
      expect(ids(await b.list('networks'))).not.toContain(shared.id);

      await restartIpam();
      const policies = await admin.list('rbac-policies', { object_id: [shared.id, external.id, plain.id] });
      expect(policies.map((p) => [p.object_id, p.action, p.target_tenant, p.project_id]).sort()).toEqual([
        [shared.id, 'access_as_shared', '*', ADMIN.project],
        [external.id, 'access_as_external', '*', ADMIN.project],
      ].sort());
      expect(ids(await b.list('networks'))).toEqual(expect.arrayContaining([shared.id, external.id]));
      expect(ids(await b.list('networks'))).not.toContain(plain.id);

      // Nothing more to do on the next start: no second policy, no new event.
      const events = async () => Number((await db.query('select count(*) from ipam.events')).rows[0].count);
      const before = await events();
      await restartIpam();
      expect(await events()).toBe(before);
      expect(await admin.list('rbac-policies', { object_id: [shared.id, external.id] })).toHaveLength(2);
    } finally {
      await db.end();
    }
  }, 90_000);
});
