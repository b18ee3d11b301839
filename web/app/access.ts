/**
 * What the signed-in person may see, computed once from `permissions` (Ant Design Pro style).
 * The server checks every request anyway; this only decides which menus, pages and buttons to show.
 */
import type { MessageKey } from '../i18n';
import type { Me } from './types';

export type Access = {
  signedIn: boolean;
  /** The session may only change its password / set up TOTP. */
  restricted: Me['restricted'];
  canReadUnits: boolean;
  canManageUnits: boolean;
  canReadPeople: boolean;
  canManagePeople: boolean;
  canUnmask: boolean;
  canReadAudit: boolean;
  canExportAudit: boolean;
  canVerifyAudit: boolean;
  /** Submissions and review (pages under web/pages/submission*, review, notifications). */
  canCreateSubmission: boolean;
  canReadSubmissions: boolean;
  /** Holds a review step somewhere: editors, leaders (review.decide) and unit approvers. */
  canReview: boolean;
  canDecide: boolean;
  canResolveFindings: boolean;
  canManageCases: boolean;
  /** The list of all submissions in scope: for reviewers, not for correspondents (they have "my submissions"). */
  canBrowseSubmissions: boolean;
  /** Review chains per organisation and kind (administrators). */
  canConfigureReview: boolean;
  /** The background job queue (administrators). */
  canSeeJobs: boolean;
  /** Briefings (简报编发): read published issues; compose and publish; set up the series. */
  canReadBriefings: boolean;
  canEditBriefings: boolean;
  canConfigureBriefings: boolean;
  /** Scoring (积分考核): rankings and their explanation; rubrics (edit, try, adopt); ledger entries (editors and leaders). */
  canReadRankings: boolean;
  canEditRubrics: boolean;
  canRecordLedger: boolean;
};

export function computeAccess(me: Me | null): Access {
  const has = (p: string) => !!me && me.restricted === null && me.permissions.includes(p);
  return {
    signedIn: !!me,
    restricted: me?.restricted ?? null,
    canReadUnits: has('unit.read'),
    canManageUnits: has('unit.manage'),
    canReadPeople: has('person.read'),
    canManagePeople: has('person.manage'),
    canUnmask: has('person.unmask'),
    canReadAudit: has('audit.read'),
    canExportAudit: has('audit.export'),
    canVerifyAudit: has('audit.verify'),
    canCreateSubmission: has('submission.create'),
    canReadSubmissions: has('submission.read'),
    canReview: has('review.decide') || has('submission.approve_unit'),
    canDecide: has('review.decide'),
    canResolveFindings: has('review.resolve_findings'),
    canManageCases: has('case.manage'),
    canBrowseSubmissions: has('submission.read') && (has('review.decide') || has('submission.approve_unit')),
    canConfigureReview: has('review.configure'),
    canSeeJobs: has('system.jobs'),
    canReadBriefings: has('briefing.read'),
    canEditBriefings: has('briefing.edit'),
    canConfigureBriefings: has('briefing.configure'),
    canReadRankings: has('scoring.read'),
    canEditRubrics: has('scoring.edit'),
    canRecordLedger: has('review.decide'),
  };
}

export type AccessKey = Exclude<keyof Access, 'signedIn' | 'restricted'>;

/** The side menu: one entry per page, each behind an access flag (none = everyone signed in). */
/** A menu entry's label is any `menu.*` message, so adding a page adds no line here. */
export type MenuEntry = { key: string; path: string; label: Extract<MessageKey, `menu.${string}`>; access?: AccessKey };

export const MENU: readonly MenuEntry[] = [
  { key: 'home', path: '/', label: 'menu.home' },
  { key: 'submissions', path: '/submissions', label: 'menu.mySubmissions', access: 'canCreateSubmission' },
  { key: 'review', path: '/review', label: 'menu.review', access: 'canReview' },
  { key: 'all-submissions', path: '/all-submissions', label: 'menu.allSubmissions', access: 'canBrowseSubmissions' },
  { key: 'briefings', path: '/briefings', label: 'menu.briefings', access: 'canReadBriefings' },
  { key: 'archive', path: '/archive', label: 'menu.archive', access: 'canReadSubmissions' },
  { key: 'rankings', path: '/rankings', label: 'menu.rankings', access: 'canReadRankings' },
  { key: 'units', path: '/units', label: 'menu.units', access: 'canManageUnits' },
  { key: 'people', path: '/people', label: 'menu.people', access: 'canManagePeople' },
  { key: 'review-chains', path: '/review-chains', label: 'menu.reviewChains', access: 'canConfigureReview' },
  { key: 'ledgers', path: '/ledgers', label: 'menu.ledgers', access: 'canDecide' },
  { key: 'ledger-entries', path: '/ledger-entries', label: 'menu.ledgerEntries', access: 'canRecordLedger' },
  { key: 'outlets', path: '/outlets', label: 'menu.outlets', access: 'canConfigureReview' },
  { key: 'rubrics', path: '/rubrics', label: 'menu.rubrics', access: 'canEditRubrics' },
  { key: 'briefing-series', path: '/briefing-series', label: 'menu.briefingSeries', access: 'canConfigureBriefings' },
  { key: 'jobs', path: '/jobs', label: 'menu.jobs', access: 'canSeeJobs' },
  { key: 'audit', path: '/audit', label: 'menu.audit', access: 'canReadAudit' },
  { key: 'notifications', path: '/notifications', label: 'menu.notifications' },
];

export function visibleMenu(access: Access): MenuEntry[] {
  if (!access.signedIn || access.restricted) return [];
  return MENU.filter((m) => !m.access || access[m.access]);
}

/** Where a restricted session must go, or null when it may go anywhere it is allowed. */
export function restrictedPath(access: Access): string | null {
  if (access.restricted === 'password_change') return '/change-password';
  if (access.restricted === 'totp_setup') return '/security';
  return null;
}
