import type { AppendMeta, CommandRequest } from '@muon/contracts';
import { currentTraceparent } from '@muon/messaging';
import { neutronTimestamp } from '@muon/ipam-domain';

/** Actor, correlation and trace of a command, stamped on every event it appends. */
export const appendMetaOf = (req: CommandRequest): AppendMeta => ({
  actor: { userId: req.context.userId, projectId: req.context.projectId },
  correlationId: req.context.requestId,
  causationId: req.commandId,
  traceparent: currentTraceparent(),
});

/** One clock reading per command, in Neutron's timestamp format; deciders never read the clock. */
export const commandNow = (): string => neutronTimestamp(new Date());
