import type { AppendMeta, CommandRequest } from '@muon/contracts';
import { currentTraceparent } from './trace-headers.js';

/** Actor, correlation and trace of a command, stamped on every event it appends (every owner service). */
export const appendMetaOf = (req: CommandRequest): AppendMeta => ({
  actor: { userId: req.context.userId, projectId: req.context.projectId },
  correlationId: req.context.requestId,
  causationId: req.commandId,
  traceparent: currentTraceparent(),
});
