import { Errors, hiddenAttributes, type RequestContext, type ResourceSpec, type Visibility } from '@muon/contracts';

/** Rows of other projects a member may see anyway: by an attribute of the row, or through another table. */
export type AlsoVisible = Pick<Visibility, 'alsoVisibleWhen' | 'alsoVisibleThrough' | 'trueForCallerThrough'>;

/**
 * The Visibility of a list or show for a caller: admins see every project and every attribute;
 * anyone else sees their project's rows (plus `also`, e.g. networks shared with them) without the
 * attributes the policy table hides from them. A non-admin without a project may see nothing, so it is refused outright.
 */
export function callerVisibility(
  spec: ResourceSpec, caller: Pick<RequestContext, 'isAdmin' | 'roles' | 'projectId'>, also: AlsoVisible = {},
): Visibility {
  const flags = also.trueForCallerThrough && also.trueForCallerThrough.length > 0 ? { trueForCallerThrough: also.trueForCallerThrough } : {};
  if (caller.isAdmin) return { projectId: null, ...flags };
  if (!caller.projectId) throw Errors.policyNotAuthorized(`get_${spec.member}`);
  const hidden = hiddenAttributes(spec, caller);
  return {
    projectId: caller.projectId,
    ...(also.alsoVisibleWhen && also.alsoVisibleWhen.length > 0 ? { alsoVisibleWhen: also.alsoVisibleWhen } : {}),
    ...(also.alsoVisibleThrough && also.alsoVisibleThrough.length > 0 ? { alsoVisibleThrough: also.alsoVisibleThrough } : {}),
    ...flags,
    ...(hidden.length > 0 ? { hiddenAttributes: hidden } : {}),
  };
}
