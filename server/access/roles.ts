/**
 * Roles and what they may do. Pure data: the authorization matrix test and the separation-of-duties
 * test read this map. A role is granted on a unit and applies to that unit's whole subtree.
 */
export const ROLES = ['correspondent', 'unit_approver', 'editor', 'leader', 'admin', 'auditor', 'deployment_auditor'] as const;
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
  // the whole deployment's log, every organisation's and rows of no organisation (deployment auditor only)
  'audit.read_all',
  // submissions and review
  'submission.create',
  'submission.read',
  'submission.approve_unit',
  'review.decide',
  'review.configure',
  'review.approve_sensitive',
  'review.resolve_findings',
  'case.manage',
  // briefings (简报编发): read published issues of the organisation; compose and publish; series settings
  'briefing.read',
  'briefing.edit',
  'briefing.configure',
  // scoring (积分考核): read rankings of the organisation; edit and adopt rubrics
  'scoring.read',
  'scoring.edit',
  // platform: the background job queue (administrators)
  'system.jobs',
  // the API document (administrators)
  'api.docs',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  correspondent: ['unit.read', 'person.read', 'submission.create', 'submission.read', 'case.manage', 'briefing.read', 'scoring.read'],
  unit_approver: ['unit.read', 'person.read', 'submission.read', 'submission.approve_unit', 'briefing.read', 'scoring.read'],
  editor: ['unit.read', 'person.read', 'submission.read', 'review.decide', 'review.resolve_findings', 'case.manage', 'briefing.read', 'briefing.edit', 'scoring.read', 'scoring.edit'],
  leader: ['unit.read', 'person.read', 'submission.read', 'review.decide', 'review.approve_sensitive', 'case.manage', 'briefing.read', 'briefing.edit', 'scoring.read', 'scoring.edit'],
  admin: ['unit.read', 'unit.manage', 'person.read', 'person.manage', 'person.unmask', 'review.configure', 'system.jobs', 'api.docs', 'briefing.configure', 'scoring.read', 'scoring.edit'],
  // An organisation's auditor: the rows whose actor or target lies in the subtree of the unit the role is granted on.
  auditor: ['audit.read', 'audit.export', 'audit.verify'],
  // The deployment's auditor: every row, wherever the role is granted. Granted only by the operator's command.
  deployment_auditor: ['audit.read', 'audit.export', 'audit.verify', 'audit.read_all'],
};

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  correspondent: { zh: '通讯员', en: 'Correspondent' },
  unit_approver: { zh: '单位主管领导', en: 'Unit approver' },
  editor: { zh: '编辑/审核员', en: 'Editor' },
  leader: { zh: '领导', en: 'Office leader' },
  admin: { zh: '管理员', en: 'Administrator' },
  auditor: { zh: '审计员', en: 'Auditor' },
  deployment_auditor: { zh: '系统审计员（全部单位）', en: 'Deployment auditor (all organisations)' },
};

/** Roles whose accounts are privileged (second factor required when the deployment turns it on). */
export const PRIVILEGED_ROLES: readonly Role[] = ['admin', 'auditor', 'deployment_auditor'];

/**
 * Auditor roles: granted, changed and given a password only by the operator's command on the server
 * (the web app and the API refuse), so no administrator creates or takes over an auditor (三权分立).
 */
export const AUDITOR_ROLES: readonly Role[] = ['auditor', 'deployment_auditor'];

/** Roles that decide on items: reviewers, unit approvers and leaders. */
export const DECIDING_ROLES: readonly Role[] = ['unit_approver', 'editor', 'leader'];

/** Role pairs one person may never hold together (三权分立), whatever the deployment. */
export const INCOMPATIBLE_ROLES: readonly (readonly [Role, Role])[] = [
  ['admin', 'auditor'],
  ['admin', 'deployment_auditor'],
];

/**
 * Role pairs refused unless the deployment runs as a small office (XUANBAO_SMALL_OFFICE=1): the
 * administrator, who grants roles, does not also decide on items. When allowed, every decision such a
 * person takes is marked in the audit log (`isAdminReviewer`).
 */
export const ADMIN_DECIDING_ROLES: readonly (readonly [Role, Role])[] = DECIDING_ROLES.map((r) => ['admin', r] as const);

/** The first pair of roles in `roles` that one person may not hold together, or null. */
export function incompatiblePair(roles: readonly Role[], opts: { smallOffice: boolean }): { pair: readonly [Role, Role]; relaxable: boolean } | null {
  const set = new Set(roles);
  for (const pair of INCOMPATIBLE_ROLES) if (set.has(pair[0]) && set.has(pair[1])) return { pair, relaxable: false };
  if (!opts.smallOffice) for (const pair of ADMIN_DECIDING_ROLES) if (set.has(pair[0]) && set.has(pair[1])) return { pair, relaxable: true };
  return null;
}

/** True when the grants make one person both administrator and a reviewer, approver or leader. */
export function isAdminReviewer(grants: readonly Grant[]): boolean {
  return grants.some((g) => g.role === 'admin') && grants.some((g) => DECIDING_ROLES.includes(g.role));
}

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

/** The roles that carry `permission` (what a refusal tells the caller to ask for); auditor roles only when no other role does. */
export function rolesWith(permission: Permission): Role[] {
  const all = ROLES.filter((r) => ROLE_PERMISSIONS[r].includes(permission));
  const plain = all.filter((r) => !AUDITOR_ROLES.includes(r));
  return plain.length ? plain : all.slice(0, 1);
}

export function permissionsOf(grants: readonly Grant[]): Permission[] {
  const set = new Set<Permission>();
  for (const g of grants) for (const p of ROLE_PERMISSIONS[g.role]) set.add(p);
  return PERMISSIONS.filter((p) => set.has(p));
}

/**
 * The audit detail that marks a review decision taken by an administrator who also holds a deciding
 * role (allowed only with XUANBAO_SMALL_OFFICE=1): `{ adminReviewer: true }`, else nothing.
 */
export function adminReviewerMark(grants: readonly Grant[] | undefined): { adminReviewer?: true } {
  return grants && isAdminReviewer(grants) ? { adminReviewer: true } : {};
}
