/**
 * Roles and what they may do. Pure data: the authorization matrix test and the separation-of-duties
 * test read this map. A role is granted on a unit and applies to that unit's whole subtree.
 */
export const ROLES = ['correspondent', 'unit_approver', 'editor', 'leader', 'admin', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  // organisation
  'unit.read',
  'unit.manage',
  'person.read',
  'person.manage',
  'person.unmask',
  // audit (auditor only)
  'audit.read',
  'audit.export',
  'audit.verify',
  // submissions and review
  'submission.create',
  'submission.read',
  'submission.approve_unit',
  'review.decide',
  'review.configure',
  'review.approve_sensitive',
  'review.resolve_findings',
  'case.manage',
  // platform: the background job queue (administrators)
  'system.jobs',
  // the API document (administrators)
  'api.docs',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  correspondent: ['unit.read', 'person.read', 'submission.create', 'submission.read', 'case.manage'],
  unit_approver: ['unit.read', 'person.read', 'submission.read', 'submission.approve_unit'],
  editor: ['unit.read', 'person.read', 'submission.read', 'review.decide', 'review.resolve_findings', 'case.manage'],
  leader: ['unit.read', 'person.read', 'submission.read', 'review.decide', 'review.approve_sensitive', 'case.manage'],
  admin: ['unit.read', 'unit.manage', 'person.read', 'person.manage', 'person.unmask', 'review.configure', 'system.jobs', 'api.docs'],
  auditor: ['audit.read', 'audit.export', 'audit.verify'],
};

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  correspondent: { zh: '通讯员', en: 'Correspondent' },
  unit_approver: { zh: '单位主管领导', en: 'Unit approver' },
  editor: { zh: '编辑/审核员', en: 'Editor' },
  leader: { zh: '领导', en: 'Office leader' },
  admin: { zh: '管理员', en: 'Administrator' },
  auditor: { zh: '审计员', en: 'Auditor' },
};

/** Roles whose accounts are privileged (second factor required when the deployment turns it on). */
export const PRIVILEGED_ROLES: readonly Role[] = ['admin', 'auditor'];

/** Role pairs one person may never hold together (三权分立). */
export const INCOMPATIBLE_ROLES: readonly (readonly [Role, Role])[] = [['admin', 'auditor']];

export type Grant = { role: Role; unitId: string; unitPath: string };

/** True when one of the grants gives `permission` on the unit at `unitPath` (or anywhere, if omitted). */
export function hasPermission(grants: readonly Grant[], permission: Permission, unitPath?: string): boolean {
  return grants.some((g) => ROLE_PERMISSIONS[g.role].includes(permission) && (unitPath === undefined || unitPath.startsWith(g.unitPath)));
}

/** The unit paths (subtree roots) on which the grants give `permission`. */
export function scopesFor(grants: readonly Grant[], permission: Permission): string[] {
  const paths = grants.filter((g) => ROLE_PERMISSIONS[g.role].includes(permission)).map((g) => g.unitPath);
  // Drop paths inside another path: the outer one already covers them.
  return paths.filter((p, i) => !paths.some((q, j) => j !== i && p !== q && p.startsWith(q))).filter((p, i, a) => a.indexOf(p) === i);
}

export function permissionsOf(grants: readonly Grant[]): Permission[] {
  const set = new Set<Permission>();
  for (const g of grants) for (const p of ROLE_PERMISSIONS[g.role]) set.add(p);
  return PERMISSIONS.filter((p) => set.has(p));
}
