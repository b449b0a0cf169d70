import {
  L3EventType,
  type EventEnvelope, type FloatingipEventData, type RouterEventData, type RouterGatewayPortEventData,
  type RouterInterfaceEventData, type RouterScheduledEventData,
} from '@muon/contracts';
import type { InlineProjection, StoreTransaction } from '@muon/eventstore';
import { deleteDocument, putDocuments, type QueryFn } from '@muon/readmodel';

const queryFn = (tx: StoreTransaction): QueryFn => async (sql, params) => (await tx.query(sql, params)).rows;

/** L3's read models, kept in the append's transaction (every event carries the whole resource). */
export const l3Projection: InlineProjection = {
  name: 'l3-read-models',
  tables: ['routers', 'floatingips', 'router_interfaces', 'router_gateways', 'router_bindings', 'floatingip_ports'],
  async apply(tx: StoreTransaction, event: EventEnvelope): Promise<void> {
    const q = queryFn(tx);
    switch (event.type) {
      case L3EventType.routerCreated:
      case L3EventType.routerUpdated:
        await putDocuments(q, 'routers', [(event.data as RouterEventData).router]);
        return;
      case L3EventType.routerDeleted: {
        const { router } = event.data as RouterEventData;
        await deleteDocument(q, 'routers', router.id);
        for (const table of ['router_interfaces', 'router_gateways', 'router_bindings']) {
          await tx.query(`delete from ${table} where router_id = $1`, [router.id]);
        }
        return;
      }
      case L3EventType.routerInterfaceAdded: {
        const { router, interface: i } = event.data as RouterInterfaceEventData;
        await putDocuments(q, 'routers', [router]);
        await tx.query(
          `insert into router_interfaces (port_id, router_id, network_id, subnet_ids, cidrs) values ($1, $2, $3, $4, $5)
           on conflict (port_id) do update set router_id = excluded.router_id, network_id = excluded.network_id,
             subnet_ids = excluded.subnet_ids, cidrs = excluded.cidrs`,
          [i.port_id, router.id, i.network_id, i.subnet_ids, i.cidrs],
        );
        return;
      }
      case L3EventType.routerInterfaceRemoved: {
        const { router, interface: i } = event.data as RouterInterfaceEventData;
        await putDocuments(q, 'routers', [router]);
        await tx.query('delete from router_interfaces where port_id = $1', [i.port_id]);
        return;
      }
      case L3EventType.routerGatewayPortSet: {
        const { router, gateway_port_id: portId } = event.data as RouterGatewayPortEventData;
        await putDocuments(q, 'routers', [router]);
        if (portId && router.external_gateway_info) {
          await tx.query(
            `insert into router_gateways (router_id, port_id, network_id) values ($1, $2, $3)
             on conflict (router_id) do update set port_id = excluded.port_id, network_id = excluded.network_id`,
            [router.id, portId, router.external_gateway_info.network_id],
          );
        } else {
          await tx.query('delete from router_gateways where router_id = $1', [router.id]);
        }
        return;
      }
      case L3EventType.routerScheduled: {
        const { router, agent_id: agentId, host } = event.data as RouterScheduledEventData;
        await putDocuments(q, 'routers', [router]);
        if (agentId && host) {
          await tx.query(
            `insert into router_bindings (router_id, agent_id, host) values ($1, $2, $3)
             on conflict (router_id) do update set agent_id = excluded.agent_id, host = excluded.host`,
            [router.id, agentId, host],
          );
        } else {
          await tx.query('delete from router_bindings where router_id = $1', [router.id]);
        }
        return;
      }
      case L3EventType.floatingipCreated:
      case L3EventType.floatingipUpdated:
      case L3EventType.floatingipStatusChanged: {
        const { floatingip, floating_port_id: portId } = event.data as FloatingipEventData;
        await putDocuments(q, 'floatingips', [floatingip]);
        if (event.type === L3EventType.floatingipCreated) {
          await tx.query('insert into floatingip_ports (floatingip_id, port_id) values ($1, $2) on conflict do nothing', [floatingip.id, portId]);
        }
        return;
      }
      case L3EventType.floatingipDeleted: {
        const { floatingip } = event.data as FloatingipEventData;
        await deleteDocument(q, 'floatingips', floatingip.id);
        await tx.query('delete from floatingip_ports where floatingip_id = $1', [floatingip.id]);
        return;
      }
    }
  },
};
