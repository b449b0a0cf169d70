/**
 * Keystone's default implied roles: admin implies member, member implies reader. A token carries
 * the roles its holder has directly and every role those imply.
 */
const IMPLIES: Record<string, string[]> = { admin: ['member'], member: ['reader'] };

export function impliedRoleNames(direct: readonly string[]): string[] {
  const all = new Set<string>();
  const visit = (name: string) => {
    if (all.has(name)) return;
    all.add(name);
    for (const implied of IMPLIES[name] ?? []) visit(implied);
  };
  direct.forEach(visit);
  return [...all];
}
