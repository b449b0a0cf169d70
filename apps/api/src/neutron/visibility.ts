import type { RequestContext, ResourceSpec, Visibility } from '@muon/contracts';
import { callerVisibility } from '@muon/readmodel';

/**
 * Rows of other projects a member may still read, per Neutron's default policy: shared and
 * external networks, shared subnet pools. (A table, not code, so the policy issue can extend it.)
 */
const VISIBLE_ACROSS_PROJECTS: Record<string, Visibility['alsoVisibleWhen']> = {
  networks: [{ attribute: 'shared', value: true }, { attribute: 'router:external', value: true }],
  subnetpools: [{ attribute: 'shared', value: true }],
};

export const visibilityFor = (spec: ResourceSpec, ctx: RequestContext): Visibility =>
  callerVisibility(spec, ctx, VISIBLE_ACROSS_PROJECTS[spec.collection]);
