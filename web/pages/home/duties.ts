/** What each role does here, in two or three lines; lines promising an unbuilt feature name it (app/features.ts). */
import type { Role } from '../../app/labels';
import type { Promised } from '../../app/features';

export const ROLE_DUTIES: Record<Role, readonly Promised[]> = {
  correspondent: [{ key: 'home.duty.correspondent.1' }, { key: 'home.duty.correspondent.2' }],
  unit_approver: [{ key: 'home.duty.unit_approver.1' }, { key: 'home.duty.unit_approver.2' }],
  editor: [{ key: 'home.duty.editor.1' }, { key: 'home.duty.editor.2', requires: ['briefings', 'recordsOfUse'] }, { key: 'home.duty.editor.3' }],
  leader: [{ key: 'home.duty.leader.1' }, { key: 'home.duty.leader.2', requires: ['rankings'] }, { key: 'home.duty.leader.3' }],
  admin: [{ key: 'home.duty.admin.1' }, { key: 'home.duty.admin.2' }, { key: 'home.duty.admin.3' }, { key: 'home.duty.admin.4', requires: ['scoring'] }],
  auditor: [{ key: 'home.duty.auditor.1' }, { key: 'home.duty.auditor.2' }],
  deployment_auditor: [{ key: 'home.duty.deployment_auditor.1' }, { key: 'home.duty.auditor.2' }],
};
