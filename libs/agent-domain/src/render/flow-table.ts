import type { FlowIntent, IntegrationFlowIntent, PhysicalFlowIntent, TunnelFlowIntent } from './flow-intents.js';

/** A rendered table: what `ovs-ofctl --bundle replace-flows` gets, every line carrying the table's cookie. */
export interface FlowTable {
  bridge: string;
  /** Lowercase hex, no 0x: a hash of the flows, so "are the flows right?" is one comparison. */
  cookie: string;
  /** Flow lines without the cookie, sorted. */
  flows: string[];
  /** False when a port the intent names has no ofport yet: render again once vswitchd assigned it. */
  complete: boolean;
}

export type OfportLookup = (portName: string) => number | undefined;

/** The lines to hand to ovs-ofctl. */
export const flowLines = (table: FlowTable): string[] => table.flows.map((f) => `cookie=0x${table.cookie},${f}`);

export function renderFlowTable(intent: FlowIntent, ofportOf: OfportLookup): FlowTable {
  let complete = true;
  const port = (name: string): number | undefined => {
    const n = ofportOf(name);
    if (n === undefined || n < 1) complete = false;
    return n !== undefined && n >= 1 ? n : undefined;
  };
  const flows = intent.kind === 'tunnel' ? tunnelFlows(intent, port)
    : intent.kind === 'integration' ? integrationFlows(intent, port)
      : physicalFlows(intent, port);
  const sorted = [...new Set(flows)].sort();
  return { bridge: intent.bridge, cookie: flowCookie(sorted), flows: sorted, complete };
}

/** br-tun as in DATAPLANE.md §2: table 0 classifies, 2 sends to tunnels (tag → VNI), 4 receives (VNI → tag). */
function tunnelFlows(intent: TunnelFlowIntent, port: OfportLookup): string[] {
  const flows = ['table=0,priority=0,actions=drop', 'table=2,priority=0,actions=drop', 'table=4,priority=0,actions=drop'];
  const patch = port(intent.patchPort);
  if (patch !== undefined) flows.push(`table=0,priority=1,in_port=${patch},actions=resubmit(,2)`);
  for (const name of intent.tunnelPorts) {
    const n = port(name);
    if (n !== undefined) flows.push(`table=0,priority=1,in_port=${n},actions=resubmit(,4)`);
  }
  for (const net of intent.networks) {
    const outputs = net.tunnelPorts.map(port).filter((n): n is number => n !== undefined).sort((a, b) => a - b);
    if (outputs.length > 0) {
      flows.push(`table=2,priority=1,dl_vlan=${net.tag},actions=strip_vlan,set_tunnel:${net.vni},${outputs.map((o) => `output:${o}`).join(',')}`);
    }
    if (patch !== undefined) flows.push(`table=4,priority=1,tun_id=${net.vni},actions=mod_vlan_vid:${net.tag},output:${patch}`);
  }
  return flows;
}

/** br-int switches NORMALly; frames from a physical bridge get their local tag (dead VM ports are kept apart in OVSDB, see diffOvs). */
function integrationFlows(intent: IntegrationFlowIntent, port: OfportLookup): string[] {
  const flows = ['table=0,priority=0,actions=NORMAL'];
  for (const phys of intent.physical) {
    const n = port(phys.patchPort);
    if (n === undefined) continue;
    flows.push(`table=0,priority=2,in_port=${n},actions=drop`);
    for (const s of phys.segments) {
      const match = s.segmentationId === null ? 'vlan_tci=0x0000/0x1fff' : `dl_vlan=${s.segmentationId}`;
      flows.push(`table=0,priority=3,in_port=${n},${match},actions=mod_vlan_vid:${s.tag},NORMAL`);
    }
  }
  return flows;
}

/** A physical bridge puts the provider's VLAN (or none, for flat) on frames leaving br-int. */
function physicalFlows(intent: PhysicalFlowIntent, port: OfportLookup): string[] {
  const flows = ['table=0,priority=0,actions=NORMAL'];
  const n = port(intent.patchPort);
  if (n === undefined) return flows;
  flows.push(`table=0,priority=2,in_port=${n},actions=drop`);
  for (const s of intent.segments) {
    const action = s.segmentationId === null ? 'strip_vlan' : `mod_vlan_vid:${s.segmentationId}`;
    flows.push(`table=0,priority=4,in_port=${n},dl_vlan=${s.tag},actions=${action},NORMAL`);
  }
  return flows;
}

/** FNV-1a, 64 bits, of the sorted flow lines; never 0 (the cookie of flows nobody labelled). */
export function flowCookie(flows: readonly string[]): string {
  let hash = 0xcbf29ce484222325n;
  const text = flows.join('\n');
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return (hash === 0n ? 1n : hash).toString(16);
}
