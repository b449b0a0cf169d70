import { rbacVisibilityFor, type RequestContext, type ResourceSpec, type Visibility } from '@muon/contracts';
import { callerVisibility, type AlsoVisible } from '@muon/readmodel';

/**
 * Rows of other projects a member may still read, per Neutron's default policy: networks an RBAC
 * policy opens to the caller or to everyone (shared or external), shared subnet pools. (A table,
 * not code: another RBAC object type is one more line.)
 */
const VISIBLE_ACROSS_PROJECTS: Record<string, (projectId: string) => AlsoVisible> = {
  networks: (projectId) => ({ alsoVisibleThrough: [rbacVisibilityFor('network', projectId)] }),
  subnetpools: () => ({ alsoVisibleWhen: [{ attribute: 'shared', value: true }] }),
};

export const visibilityFor = (spec: ResourceSpec, ctx: RequestContext): Visibility =>
  callerVisibility(spec, ctx, ctx.projectId ? VISIBLE_ACROSS_PROJECTS[spec.collection]?.(ctx.projectId) : undefined);
