import { enforce, parseOrBadRequest, PortStatusReportSchema, type CommandRequest, type Port, type PortStatusReport, type PortStatusReportReply } from '@muon/contracts';
import type { StoreTransaction } from '@muon/eventstore';
import { decideAndAppend } from '../commands/aggregates.js';
import { commandNow } from '../commands/command-meta.js';

/**
 * `muon.cmd.ipam.port.report_status`: a host agent says which of the ports bound to its host it has
 * wired (ACTIVE, with the binding it made) and which not (DOWN). A report about a port that has since
 * moved to another host, or is gone, is stale and ignored; an unchanged status appends nothing.
 */
export async function reportPortStatus(tx: StoreTransaction, req: CommandRequest<PortStatusReport>): Promise<PortStatusReportReply> {
  enforce('update_port:status', req.context);
  const { host, ports: reports } = parseOrBadRequest(PortStatusReportSchema, req.body, 'invalid port status report');
  const ids = reports.map((r) => r.id).filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  // One statement locks every reported port, in id order so two reports never deadlock.
  const { rows } = await tx.query<{ body: Port }>('select body from ports where id = any($1::uuid[]) order by id for update', [ids]);
  const current = new Map(rows.map((r) => [r.body.id, r.body]));
  const now = commandNow();
  let changed = 0;
  for (const report of reports) {
    const port = current.get(report.id.toLowerCase());
    if (!port || port['binding:host_id'] !== host) continue;
    const binding = report.status === 'ACTIVE' ? { 'binding:vif_type': report.vif_type, 'binding:vif_details': report.vif_details } : undefined;
    const after = await decideAndAppend<Port>(tx, req, 'port', port.id, port, { type: 'set_status', id: port.id, now, status: report.status, binding });
    if (after !== port) changed++;
  }
  return { changed };
}
