import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { RBAC_EVERYONE, RBAC_POLICY_TABLE, serviceContext, type Network } from '@muon/contracts';
import { LOGGER, type Logger } from '@muon/service-kit';
import { IpamStore } from '../store/ipam-store.provider.js';
import { applyNetworkFlagsToPolicies } from './rbac-policy-commands.js';

const BACKFILL_LOCK = 'ipam:rbac-backfill';

/**
 * Networks made shared or external before RBAC policies existed (an event history from an older
 * Muon) have the flag but not the wildcard policy that every visibility and access rule now reads,
 * so other projects would lose them. At start-up, each such network gets the policy, as an event
 * of its own, the way Neutron's rbac migration created one for every shared network. Idempotent: a
 * network that has its policy is left alone, and replicas starting together take turns.
 */
@Injectable()
export class RbacBackfill implements OnApplicationBootstrap {
  constructor(@Inject(LOGGER) private readonly log: Logger, private readonly ipam: IpamStore) {}

  /** After every onModuleInit: the store opens in its own. */
  async onApplicationBootstrap(): Promise<void> {
    const count = await this.ipam.store.transact(async (tx) => {
      await tx.query('select pg_advisory_xact_lock(hashtext($1))', [BACKFILL_LOCK]);
      const { rows } = await tx.query<{ body: Network }>(
        `select n.body from networks n
          where (n.body @> '{"shared": true}' and not exists (select 1 from ${RBAC_POLICY_TABLE} g
                  where g.body @> jsonb_build_object('object_id', n.id::text, 'action', 'access_as_shared', 'target_tenant', $1::text)))
             or (n.body @> '{"router:external": true}' and not exists (select 1 from ${RBAC_POLICY_TABLE} g
                  where g.body @> jsonb_build_object('object_id', n.id::text, 'action', 'access_as_external')))
          order by n.id
          for update of n`,
        [RBAC_EVERYONE],
      );
      for (const { body: network } of rows) {
        const req = { commandId: randomUUID(), context: serviceContext(null) };
        await applyNetworkFlagsToPolicies(tx, req, { shared: false, 'router:external': false }, network,
          { shared: network.shared, 'router:external': network['router:external'] });
      }
      return rows.length;
    });
    if (count > 0) this.log.info({ networks: count }, 'RBAC policies backfilled for networks shared or external before RBAC');
  }
}
