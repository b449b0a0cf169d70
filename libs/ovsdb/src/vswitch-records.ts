import type { TableReplica } from './table-replica.js';
import { decodeMap, decodeOptional, decodeSet, decodeUuidSet, type OvsdbRow } from './ovsdb-values.js';

/** The columns of the Open_vSwitch schema the agent watches. Statistics are left out: they change every 5 s. */
export const VSWITCH_COLUMNS = {
  Open_vSwitch: ['next_cfg', 'cur_cfg', 'bridges', 'external_ids', 'other_config'],
  Bridge: ['name', 'ports', 'datapath_type', 'fail_mode', 'external_ids', 'other_config'],
  Port: ['name', 'interfaces', 'tag', 'trunks', 'protected', 'external_ids', 'other_config'],
  Interface: ['name', 'type', 'options', 'external_ids', 'ofport', 'ofport_request', 'error', 'mac_in_use', 'link_state'],
} as const;

export interface OpenVswitchRecord {
  uuid: string;
  nextCfg: number;
  curCfg: number;
  bridges: string[];
  externalIds: Record<string, string>;
  otherConfig: Record<string, string>;
}
export interface BridgeRecord {
  uuid: string;
  name: string;
  ports: string[];
  datapathType: string;
  failMode: string | undefined;
  externalIds: Record<string, string>;
  otherConfig: Record<string, string>;
}
export interface PortRecord {
  uuid: string;
  name: string;
  interfaces: string[];
  tag: number | undefined;
  trunks: number[];
  /** Protected ports never forward to one another (OVS 2.9+): how unbound VM ports are kept apart without flows. */
  protected: boolean;
  externalIds: Record<string, string>;
  otherConfig: Record<string, string>;
}
export interface InterfaceRecord {
  uuid: string;
  name: string;
  type: string;
  options: Record<string, string>;
  externalIds: Record<string, string>;
  /** Assigned by ovs-vswitchd; undefined until it has looked at the row, -1 when it could not open the device. */
  ofport: number | undefined;
  ofportRequest: number | undefined;
  error: string | undefined;
  macInUse: string | undefined;
  linkState: string | undefined;
}

/** The monitored tables, decoded into plain records. */
export interface VswitchSnapshot {
  root: OpenVswitchRecord | undefined;
  bridges: BridgeRecord[];
  ports: Map<string, PortRecord>;
  interfaces: Map<string, InterfaceRecord>;
}

const str = (row: OvsdbRow, col: string): string => String(decodeOptional(row[col]) ?? '');
const optStr = (row: OvsdbRow, col: string): string | undefined => decodeOptional<string>(row[col]);
const optNum = (row: OvsdbRow, col: string): number | undefined => decodeOptional<number>(row[col]);

export function decodeVswitch(replica: TableReplica): VswitchSnapshot {
  const rootEntry = [...replica.rows('Open_vSwitch')][0];
  const root = rootEntry && {
    uuid: rootEntry[0],
    nextCfg: optNum(rootEntry[1], 'next_cfg') ?? 0,
    curCfg: optNum(rootEntry[1], 'cur_cfg') ?? 0,
    bridges: decodeUuidSet(rootEntry[1].bridges),
    externalIds: decodeMap(rootEntry[1].external_ids),
    otherConfig: decodeMap(rootEntry[1].other_config),
  };
  const bridges = [...replica.rows('Bridge')].map(([uuid, row]) => ({
    uuid,
    name: str(row, 'name'),
    ports: decodeUuidSet(row.ports),
    datapathType: str(row, 'datapath_type'),
    failMode: optStr(row, 'fail_mode'),
    externalIds: decodeMap(row.external_ids),
    otherConfig: decodeMap(row.other_config),
  }));
  const ports = new Map<string, PortRecord>();
  for (const [uuid, row] of replica.rows('Port')) {
    ports.set(uuid, {
      uuid,
      name: str(row, 'name'),
      interfaces: decodeUuidSet(row.interfaces),
      tag: optNum(row, 'tag'),
      trunks: decodeSet(row.trunks).map(Number),
      protected: row.protected === true,
      externalIds: decodeMap(row.external_ids),
      otherConfig: decodeMap(row.other_config),
    });
  }
  const interfaces = new Map<string, InterfaceRecord>();
  for (const [uuid, row] of replica.rows('Interface')) {
    interfaces.set(uuid, {
      uuid,
      name: str(row, 'name'),
      type: str(row, 'type'),
      options: decodeMap(row.options),
      externalIds: decodeMap(row.external_ids),
      ofport: optNum(row, 'ofport'),
      ofportRequest: optNum(row, 'ofport_request'),
      error: optStr(row, 'error'),
      macInUse: optStr(row, 'mac_in_use'),
      linkState: optStr(row, 'link_state'),
    });
  }
  return { root, bridges, ports, interfaces };
}
