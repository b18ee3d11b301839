import { describe, expect, it } from 'vitest';
import { FEATURES, keep, SIGN_IN_POINTS } from './features';
import { ROLE_DUTIES } from '../pages/home/duties';

describe('promised features', () => {
  it('shows no line that promises a feature not yet built', () => {
    expect(keep(SIGN_IN_POINTS, { ...FEATURES, scoring: false, rankings: false })).toEqual(['signIn.point1', 'signIn.point2', 'signIn.point4']);
    expect(keep(ROLE_DUTIES.leader, { ...FEATURES, rankings: false })).toEqual(['home.duty.leader.1', 'home.duty.leader.3']);
    // Briefings and records of use are built: the editor's duty that names them is shown.
    expect(keep(ROLE_DUTIES.editor)).toEqual(['home.duty.editor.1', 'home.duty.editor.2', 'home.duty.editor.3']);
    expect(keep(ROLE_DUTIES.admin, { ...FEATURES, scoring: false })).toEqual(['home.duty.admin.1', 'home.duty.admin.2', 'home.duty.admin.3']);
  });

  it('scoring and rankings are built: their promises are shown', () => {
    expect(keep(SIGN_IN_POINTS)).toEqual(['signIn.point1', 'signIn.point2', 'signIn.pointScoring', 'signIn.point3', 'signIn.point4']);
    expect(keep(ROLE_DUTIES.leader)).toEqual(['home.duty.leader.1', 'home.duty.leader.2', 'home.duty.leader.3']);
    expect(keep(ROLE_DUTIES.admin)).toContain('home.duty.admin.4');
  });

  it('brings a line back once its features are built', () => {
    const all = { ...FEATURES, scoring: true, rankings: true, briefings: true, recordsOfUse: true };
    expect(keep(ROLE_DUTIES.editor, { ...FEATURES, briefings: false })).toEqual(['home.duty.editor.1', 'home.duty.editor.3']);
    expect(keep(SIGN_IN_POINTS, all)).toEqual(['signIn.point1', 'signIn.point2', 'signIn.pointScoring', 'signIn.point3', 'signIn.point4']);
    expect(keep(ROLE_DUTIES.admin, all)).toContain('home.duty.admin.4');
    expect(keep(ROLE_DUTIES.leader, { ...FEATURES, rankings: true })).toContain('home.duty.leader.2');
  });
});
