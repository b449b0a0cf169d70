import { renderOvsShow, type ActualFlows, type ActualOvs, type ActualOvsPort } from '@muon/agent-domain';
import type { OvsDriver, OvsOperation } from '../drivers/ovs-driver.js';
import type { InMemoryHost } from './in-memory-host.js';

const summarise = (lines: readonly string[]): ActualFlows => ({
  count: lines.length,
  cookies: [...new Set(lines.map((l) => /cookie=0x([0-9a-f]+)/.exec(l)?.[1] ?? '0'))].sort(),
});

/** OVS in memory: ports get ofports at once, as if ovs-vswitchd applied every transaction instantly. */
export class FakeOvsDriver implements OvsDriver {
  private readonly listeners = new Set<() => void>();
  private nextOfport = 1;
  /** Every transaction applied, for tests that count them. */
  readonly transactions: OvsOperation[][] = [];

  constructor(private readonly host: InMemoryHost) {}

  async readOvs(): Promise<ActualOvs> {
    return structuredClone({ id: this.host.ovsId, bridges: this.host.bridges });
  }

  async readFlows(bridges: readonly string[]): Promise<Record<string, ActualFlows>> {
    return Object.fromEntries(bridges.map((b) => [b, summarise(this.host.flows.get(b) ?? [])]));
  }

  async apply(operations: readonly OvsOperation[]): Promise<void> {
    this.transactions.push([...operations]);
    for (const op of operations) {
      switch (op.kind) {
        case 'bridge.create':
          if (this.host.bridges.some((b) => b.name === op.bridge.name)) throw new Error(`constraint violation: bridge ${op.bridge.name} exists`);
          this.host.bridges.push({ name: op.bridge.name, datapathType: op.bridge.datapathType, failMode: op.bridge.failMode, ports: [this.port(op.bridge.name, 'internal', 65534)] });
          this.host.flows.set(op.bridge.name, op.bridge.failMode === 'secure' ? [] : ['priority=0,actions=NORMAL']);
          break;
        case 'bridge.update': {
          const b = this.bridge(op.bridge.name);
          b.datapathType = op.bridge.datapathType;
          b.failMode = op.bridge.failMode;
          break;
        }
        case 'port.create': {
          if (this.find(op.port.name)) throw new Error(`constraint violation: port ${op.port.name} exists`);
          const p = this.port(op.port.name, op.port.interface.type, this.nextOfport++);
          p.tag = op.port.tag;
          p.otherConfig = { ...op.port.otherConfig };
          p.externalIds = { 'muon-owner': 'agent' };
          p.interfaces[0]!.options = { ...op.port.interface.options };
          p.interfaces[0]!.externalIds = { ...op.port.interface.externalIds };
          if (op.port.hostLink && !this.host.hostLinks.has(op.port.hostLink)) p.interfaces[0]!.ofport = -1;
          this.bridge(op.port.bridge).ports.push(p);
          break;
        }
        case 'port.delete':
          this.removePort(op.name, false);
          break;
        case 'port.update': {
          const p = this.find(op.name);
          if (p) Object.assign(p, { tag: op.tag, otherConfig: { ...op.otherConfig }, externalIds: { ...op.externalIds }, ...(op.protected === undefined ? {} : { protected: op.protected }) });
          break;
        }
        case 'interface.update': {
          const i = this.find(op.name)?.interfaces[0];
          if (i) Object.assign(i, { options: { ...op.options }, externalIds: { ...op.externalIds } });
          break;
        }
      }
    }
    this.changed();
  }

  async replaceFlows(bridge: string, flows: readonly string[]): Promise<void> {
    if (!this.host.bridges.some((b) => b.name === bridge)) throw new Error(`${bridge} is not a bridge`);
    this.host.flows.set(bridge, [...flows]);
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async show(): Promise<string> {
    return renderOvsShow({ id: this.host.ovsId, bridges: this.host.bridges }, '3.1.0 (in-memory)');
  }

  async close(): Promise<void> {}

  // ---- used by InMemoryHost's hand edits ----

  addForeignPort(bridge: string, name: string, externalIds: Record<string, string>): void {
    const p = this.port(name, '', this.nextOfport++);
    p.interfaces[0]!.externalIds = externalIds;
    this.bridge(bridge).ports.push(p);
    this.changed();
  }

  removePort(name: string, notify = true): void {
    for (const b of this.host.bridges) b.ports = b.ports.filter((p) => p.name !== name || p.name === b.name);
    if (notify) this.changed();
  }

  changed(): void {
    for (const l of this.listeners) l();
  }

  private port(name: string, type: string, ofport: number): ActualOvsPort {
    return { name, tag: undefined, externalIds: {}, otherConfig: {}, interfaces: [{ name, type, options: {}, externalIds: {}, ofport, error: undefined }] };
  }

  private bridge(name: string) {
    const b = this.host.bridges.find((x) => x.name === name);
    if (!b) throw new Error(`no bridge ${name}`);
    return b;
  }

  private find(name: string): ActualOvsPort | undefined {
    return this.host.bridges.flatMap((b) => b.ports).find((p) => p.name === name);
  }
}
