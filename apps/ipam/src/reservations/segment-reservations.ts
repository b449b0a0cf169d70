import { IpamErrors } from '@muon/contracts';
import type { StoreTransaction } from '@muon/eventstore';
import { firstFreeSegmentId, randomSegmentId, type ProviderSegment, type SegmentPlan } from '@muon/ipam-domain';

const RANDOM_PROBES = 8;
const SCAN_PROBES = 32;

/**
 * Reserves the network's segment under segment_allocations' primary key (type, physical network,
 * id): a given segment twice is 409 (VlanIdInUse / TunnelIdInUse / FlatNetworkInUse), a tenant
 * network takes a free id from the configured ranges or gets 503 NoNetworkAvailable.
 */
export async function reserveSegment(tx: StoreTransaction, networkId: string, plan: SegmentPlan): Promise<ProviderSegment> {
  if (plan.kind === 'fixed') {
    const s = plan.segment;
    if (await tryReserve(tx, networkId, s)) return s;
    if (s.network_type === 'vlan') throw IpamErrors.vlanIdInUse(s.segmentation_id!, s.physical_network!);
    if (s.network_type === 'flat') throw IpamErrors.flatNetworkInUse(s.physical_network!);
    throw IpamErrors.tunnelIdInUse(s.segmentation_id!);
  }
  for (const choice of plan.choices) {
    const segment = (id: number): ProviderSegment => ({ network_type: plan.network_type, physical_network: choice.physical_network, segmentation_id: id });
    for (let i = 0; i < RANDOM_PROBES; i++) {
      const s = segment(randomSegmentId(choice.ranges));
      if (await tryReserve(tx, networkId, s)) return s;
    }
    const { rows } = await tx.query<{ id: number }>(
      'select segmentation_id as id from segment_allocations where network_type = $1 and physical_network = $2 order by 1',
      [plan.network_type, choice.physical_network ?? ''],
    );
    const taken = rows.map((r) => r.id);
    let from: number | undefined;
    for (let i = 0; i < SCAN_PROBES; i++) {
      const id = firstFreeSegmentId(choice.ranges, taken, from);
      if (id === null) break;
      if (await tryReserve(tx, networkId, segment(id))) return segment(id);
      taken.push(id);
      taken.sort((a, b) => a - b);
      from = id;
    }
  }
  throw IpamErrors.noNetworkAvailable();
}

async function tryReserve(tx: StoreTransaction, networkId: string, s: ProviderSegment): Promise<boolean> {
  const { rows } = await tx.query(
    `insert into segment_allocations (network_type, physical_network, segmentation_id, network_id)
     values ($1, $2, $3, $4) on conflict do nothing returning network_id`,
    [s.network_type, s.physical_network ?? '', s.segmentation_id ?? 0, networkId],
  );
  return rows.length === 1;
}
