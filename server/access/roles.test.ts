import { describe, expect, it } from 'vitest';
import { hasPermission, INCOMPATIBLE_ROLES, ROLE_PERMISSIONS, ROLES, scopesFor, type Grant } from './roles';

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

  it('gives the auditor nothing but the audit log', () => {
    expect(ROLE_PERMISSIONS.auditor.every((p) => p.startsWith('audit.'))).toBe(true);
  });

  it('gives nobody but the auditor any audit permission', () => {
    for (const role of ROLES.filter((r) => r !== 'auditor')) {
      expect(ROLE_PERMISSIONS[role].filter((p) => p.startsWith('audit.'))).toEqual([]);
    }
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
