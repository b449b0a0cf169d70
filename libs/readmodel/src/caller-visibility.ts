import { Errors, type ResourceSpec, type Visibility } from '@muon/contracts';

/** Rows of other projects a member may see anyway: by an attribute of the row, or through another table. */
export type AlsoVisible = Pick<Visibility, 'alsoVisibleWhen' | 'alsoVisibleThrough'>;

/**
 * The Visibility of a list or show for a caller: admins see every project and every attribute;
 * anyone else sees their project's rows (plus `also`, e.g. networks shared with them) without the
 * admin-only attributes. A non-admin without a project may see nothing, so it is refused outright.
 */
export function callerVisibility(
  spec: ResourceSpec, caller: { isAdmin: boolean; projectId: string | null }, also: AlsoVisible = {},
): Visibility {
  if (caller.isAdmin) return { projectId: null };
  if (!caller.projectId) throw Errors.policyNotAuthorized(`get_${spec.member}`);
  const hidden = Object.entries(spec.attributes).filter(([, a]) => a.adminOnlyRead).map(([name]) => name);
  return {
    projectId: caller.projectId,
    ...(also.alsoVisibleWhen && also.alsoVisibleWhen.length > 0 ? { alsoVisibleWhen: also.alsoVisibleWhen } : {}),
    ...(also.alsoVisibleThrough && also.alsoVisibleThrough.length > 0 ? { alsoVisibleThrough: also.alsoVisibleThrough } : {}),
    ...(hidden.length > 0 ? { hiddenAttributes: hidden } : {}),
  };
}
