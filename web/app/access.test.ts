import { describe, expect, it } from 'vitest';
import { permissionsOf, type Role } from '../../server/access/roles';
import { computeAccess, restrictedPath, visibleMenu } from './access';
import type { Me } from './types';

const me = (roles: Role[], restricted: Me['restricted'] = null): Me => ({
  id: 'p',
  login: 'x',
  name: 'X',
  unitId: 'u',
  unitName: 'U',
  locale: 'zh-CN',
  totpEnabled: false,
  roles: roles.map((role) => ({ role, unitId: 'u', unitName: 'U' })),
  // The permissions the server would send for these roles.
  permissions: permissionsOf(roles.map((role) => ({ role, unitId: 'u', unitPath: '/u/' }))),
  restricted,
  secondFactor: false,
});

const menuOf = (m: Me | null) => visibleMenu(computeAccess(m)).map((e) => e.key);

describe('menu by role', () => {
  it('admin: rankings and rubrics, units, people, review chains, outlets and levels, briefing series and background jobs, no audit log', () => {
    expect(menuOf(me(['admin']))).toEqual(['home', 'rankings', 'units', 'people', 'review-chains', 'outlets', 'rubrics', 'briefing-series', 'jobs', 'notifications']);
    expect(computeAccess(me(['admin'])).canUnmask).toBe(true);
    expect(computeAccess(me(['admin'])).canConfigureReview).toBe(true);
  });
  it('auditor: the audit log only', () => {
    expect(menuOf(me(['auditor']))).toEqual(['home', 'audit', 'notifications']);
    const a = computeAccess(me(['auditor']));
    expect([a.canExportAudit, a.canVerifyAudit, a.canReadPeople]).toEqual([true, true, false]);
  });
  it('correspondent: my submissions; editor, leader, unit approver: the review queue and all submissions; editor and leader: ledgers, ledger entries and rubrics; every reader: the archive and the rankings', () => {
    expect(menuOf(me(['correspondent']))).toEqual(['home', 'submissions', 'briefings', 'archive', 'rankings', 'notifications']);
    for (const r of ['editor', 'leader'] as Role[])
      expect(menuOf(me([r]))).toEqual(['home', 'review', 'all-submissions', 'briefings', 'archive', 'rankings', 'ledgers', 'ledger-entries', 'rubrics', 'notifications']);
    expect(menuOf(me(['unit_approver']))).toEqual(['home', 'review', 'all-submissions', 'briefings', 'archive', 'rankings', 'notifications']);
    expect([computeAccess(me(['editor'])).canEditBriefings, computeAccess(me(['unit_approver'])).canEditBriefings, computeAccess(me(['admin'])).canReadBriefings]).toEqual([true, false, false]);
    const editor = computeAccess(me(['editor']));
    expect([editor.canDecide, editor.canResolveFindings, editor.canCreateSubmission]).toEqual([true, true, false]);
    const approver = computeAccess(me(['unit_approver']));
    expect([approver.canReview, approver.canDecide, approver.canResolveFindings]).toEqual([true, false, false]);
    expect(menuOf(me(['admin'])).includes('review')).toBe(false);
  });
  it('signed out or restricted: nothing, and the restricted page to go to', () => {
    expect(menuOf(null)).toEqual([]);
    expect(menuOf(me(['admin'], 'password_change'))).toEqual([]);
    expect(computeAccess(me(['admin'], 'totp_setup')).canManageUnits).toBe(false);
    expect(restrictedPath(computeAccess(me(['admin'], 'password_change')))).toBe('/change-password');
    expect(restrictedPath(computeAccess(me(['admin'], 'totp_setup')))).toBe('/security');
    expect(restrictedPath(computeAccess(me(['admin'])))).toBeNull();
  });
});
