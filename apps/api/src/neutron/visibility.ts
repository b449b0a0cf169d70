import type { RequestContext, ResourceSpec, Visibility } from '@muon/contracts';

/**
 * Rows of other projects a member may still read, per Neutron's default policy: shared and
 * external networks, shared subnet pools. (Table, not code, so the identity issue can extend it.)
 */
const VISIBLE_ACROSS_PROJECTS: Record<string, Visibility['alsoVisibleWhen']> = {
  networks: [{ attribute: 'shared', value: true }, { attribute: 'router:external', value: true }],
  subnetpools: [{ attribute: 'shared', value: true }],
  subnets: [{ attribute: 'shared', value: true }],
};

export function visibilityFor(spec: ResourceSpec, ctx: RequestContext): Visibility {
  if (ctx.isAdmin) return { projectId: null };
  const hidden = Object.entries(spec.attributes).filter(([, a]) => a.adminOnlyRead).map(([name]) => name);
  return { projectId: ctx.projectId, alsoVisibleWhen: VISIBLE_ACROSS_PROJECTS[spec.collection] ?? [], hiddenAttributes: hidden };
}
