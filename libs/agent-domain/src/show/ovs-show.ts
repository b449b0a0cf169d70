import type { ActualOvs } from '../actual/actual-host.js';

const mapText = (m: Record<string, string>) => `{${Object.keys(m).sort().map((k) => `${k}=${/^[\w.:-]+$/.test(m[k]!) ? m[k] : JSON.stringify(m[k])}`).join(', ')}}`;

/** The switch as `ovs-vsctl show` prints it (bridges and ports by name), for fakes, logs and reports. */
export function renderOvsShow(ovs: ActualOvs, ovsVersion?: string): string {
  const lines = [ovs.id];
  for (const bridge of [...ovs.bridges].sort((a, b) => a.name.localeCompare(b.name))) {
    lines.push(`    Bridge ${bridge.name}`);
    if (bridge.failMode) lines.push(`        fail_mode: ${bridge.failMode}`);
    if (bridge.datapathType) lines.push(`        datapath_type: ${bridge.datapathType}`);
    for (const port of [...bridge.ports].sort((a, b) => a.name.localeCompare(b.name))) {
      lines.push(`        Port ${port.name}`);
      if (port.tag !== undefined) lines.push(`            tag: ${port.tag}`);
      for (const iface of port.interfaces) {
        lines.push(`            Interface ${iface.name}`);
        if (iface.type) lines.push(`                type: ${iface.type}`);
        if (Object.keys(iface.options).length > 0) lines.push(`                options: ${mapText(iface.options)}`);
        if (iface.error) lines.push(`                error: ${JSON.stringify(iface.error)}`);
      }
    }
  }
  if (ovsVersion) lines.push(`    ovs_version: "${ovsVersion}"`);
  return `${lines.join('\n')}\n`;
}
