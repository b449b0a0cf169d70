import { Errors, type ResourceSpec, type Visibility } from '@muon/contracts';

/**
 * The Visibility of a list or show for a caller: admins see every project and every attribute;
 * anyone else sees their project's rows (plus `alsoVisibleWhen`, e.g. shared networks) without the
 * admin-only attributes. A non-admin without a project may see nothing, so it is refused outright.
 */
export function callerVisibility(
  spec: ResourceSpec, caller: { isAdmin: boolean; projectId: string | null },
  alsoVisibleWhen?: Visibility['alsoVisibleWhen'],
): Visibility {
  if (caller.isAdmin) return { projectId: null };
  if (!caller.projectId) throw Errors.policyNotAuthorized(`get_${spec.member}`);
  const hidden = Object.entries(spec.attributes).filter(([, a]) => a.adminOnlyRead).map(([name]) => name);
  return {
    projectId: caller.projectId,
    ...(alsoVisibleWhen && alsoVisibleWhen.length > 0 ? { alsoVisibleWhen } : {}),
    ...(hidden.length > 0 ? { hiddenAttributes: hidden } : {}),
  };
}
