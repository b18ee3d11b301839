import { describe, expect, it } from 'vitest';
import { adminReviewerMark, AUDITOR_ROLES, hasPermission, incompatiblePair, INCOMPATIBLE_ROLES, ROLE_PERMISSIONS, ROLES, scopesFor, type Grant } from './roles';

describe('role → permission map', () => {
  it('keeps administrator and auditor apart (三权分立): no role both manages people and reads the audit log', () => {
    for (const role of ROLES) {
      const perms = ROLE_PERMISSIONS[role];
      const manages = perms.some((p) => p === 'person.manage' || p === 'unit.manage');
      const audits = perms.some((p) => p.startsWith('audit.'));
      expect({ role, both: manages && audits }).toEqual({ role, both: false });
    }
    expect(INCOMPATIBLE_ROLES).toContainEqual(['admin', 'auditor']);
  });

  it('gives the auditors nothing but the audit log', () => {
    for (const role of AUDITOR_ROLES) expect(ROLE_PERMISSIONS[role].every((p) => p.startsWith('audit.'))).toBe(true);
  });

  it('gives nobody but the auditors any audit permission, and only the deployment auditor every row', () => {
    for (const role of ROLES.filter((r) => !AUDITOR_ROLES.includes(r))) {
      expect(ROLE_PERMISSIONS[role].filter((p) => p.startsWith('audit.'))).toEqual([]);
    }
    expect(ROLES.filter((r) => ROLE_PERMISSIONS[r].includes('audit.read_all'))).toEqual(['deployment_auditor']);
  });

  it('refuses administrator with an auditor always, and with a deciding role unless the office is small', () => {
    expect(incompatiblePair(['admin', 'deployment_auditor'], { smallOffice: true })).toEqual({ pair: ['admin', 'deployment_auditor'], relaxable: false });
    for (const r of ['editor', 'unit_approver', 'leader'] as const) {
      expect(incompatiblePair(['correspondent', r, 'admin'], { smallOffice: false })).toEqual({ pair: ['admin', r], relaxable: true });
      expect(incompatiblePair([r, 'admin'], { smallOffice: true })).toBeNull();
    }
    expect(incompatiblePair(['admin', 'correspondent'], { smallOffice: false })).toBeNull();
    expect(adminReviewerMark([{ role: 'admin', unitId: 'a', unitPath: '/a/' }, { role: 'leader', unitId: 'b', unitPath: '/b/' }])).toEqual({ adminReviewer: true });
    expect(adminReviewerMark([{ role: 'leader', unitId: 'b', unitPath: '/b/' }])).toEqual({});
  });
});

describe('unit scope', () => {
  const grants: Grant[] = [
    { role: 'editor', unitId: 'a', unitPath: '/r/a/' },
    { role: 'correspondent', unitId: 'b', unitPath: '/r/b/' },
    { role: 'editor', unitId: 'a2', unitPath: '/r/a/a2/' },
  ];
  it('applies a role to the whole subtree of its unit and nowhere else', () => {
    expect(hasPermission(grants, 'review.decide', '/r/a/x/')).toBe(true);
    expect(hasPermission(grants, 'review.decide', '/r/b/')).toBe(false);
    expect(hasPermission(grants, 'review.decide', '/r/')).toBe(false);
    expect(hasPermission(grants, 'submission.create', '/r/b/c/')).toBe(true);
    expect(hasPermission(grants, 'submission.create', '/r/a/')).toBe(false);
  });
  it('merges nested scopes', () => {
    expect(scopesFor(grants, 'review.decide')).toEqual(['/r/a/']);
    expect(scopesFor(grants, 'submission.read').sort()).toEqual(['/r/a/', '/r/b/']);
  });
});
