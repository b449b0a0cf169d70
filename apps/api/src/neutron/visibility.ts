import { visibleAcrossProjects, type RequestContext, type ResourceSpec, type Visibility } from '@muon/contracts';
import { callerVisibility } from '@muon/readmodel';

/** What the caller may list and show of `spec`, by the policy table's `get_` rules. */
export const visibilityFor = (spec: ResourceSpec, ctx: RequestContext): Visibility =>
  callerVisibility(spec, ctx, ctx.projectId ? visibleAcrossProjects(spec, ctx.projectId) : undefined);
