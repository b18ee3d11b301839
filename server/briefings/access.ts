/**
 * Who may open which briefing issue. One rule, written twice — as SQL for every query (lists, search,
 * detail, attachments, the document for export) and as a pure function the property test uses as its
 * oracle (access.property.int.test.ts):
 *
 * - an issue's **editors** (briefing.edit on the unit of its series) see it in every state;
 * - a **published** issue is seen by whoever holds briefing.read inside its organisation, unless it is
 *   **restricted**: then only by its recipients — people listed by name, and people whose own unit is
 *   listed (exactly that unit: a restricted distribution is read narrowly) — and its editors;
 * - a draft is seen by its editors only; another organisation never sees anything (404).
 */
import { and, eq, or, sql, type SQL } from 'drizzle-orm';
import { hasPermission, scopesFor, type Grant } from '../access/roles';
import type { AuthedCtx } from '../http/context';
import { units } from '../org/tables';
import { briefingIssues, briefingRecipients, briefingSeries } from './tables';

const escLike = (s: string) => s.replace(/[%_\\]/g, '\\$&');

/** The organisations (root unit ids) in which the grants give `permission` somewhere; 'all' for a grant on '/'. */
export function orgsWith(grants: readonly Grant[], permission: 'briefing.read' | 'briefing.edit' | 'briefing.configure'): string[] | 'all' {
  const scopes = scopesFor(grants, permission);
  if (scopes.includes('/')) return 'all';
  return [...new Set(scopes.map((p) => p.split('/')[1]!).filter(Boolean))];
}

/** The organisation (root unit id) of a unit path. */
export const orgOfPath = (path: string) => path.split('/')[1]!;

/** What the rule needs to know about an issue. */
export type IssueFacts = {
  orgId: string;
  seriesUnitPath: string;
  status: 'draft' | 'published';
  restricted: boolean;
  recipientPersonIds: readonly string[];
  recipientUnitIds: readonly string[];
};
/** What the rule needs to know about a caller. */
export type ReaderFacts = { personId: string; unitId: string; grants: readonly Grant[] };

export const isIssueEditor = (r: ReaderFacts, i: Pick<IssueFacts, 'seriesUnitPath'>) => hasPermission(r.grants, 'briefing.edit', i.seriesUnitPath);

/** The rule, as a pure function (the property test's oracle; the SQL below must agree with it). */
export function mayOpenIssue(r: ReaderFacts, i: IssueFacts): boolean {
  if (isIssueEditor(r, i)) return true;
  if (i.status !== 'published') return false;
  const orgs = orgsWith(r.grants, 'briefing.read');
  if (orgs !== 'all' && !orgs.includes(i.orgId)) return false;
  if (!i.restricted) return true;
  return i.recipientPersonIds.includes(r.personId) || i.recipientUnitIds.includes(r.unitId);
}

/** The series a caller edits: the unit of the series lies in one of their briefing.edit scopes. */
export function editableSeriesWhere(ctx: AuthedCtx): SQL {
  const scopes = scopesFor(ctx.auth.grants, 'briefing.edit');
  if (!scopes.length) return sql`false`;
  return sql`${briefingSeries.unitId} in (select su.id from ${units} su where ${sql.join(
    scopes.map((p) => sql`su.path like ${`${escLike(p)}%`}`),
    sql` or `,
  )})`;
}

/** The issues a caller may open (use with briefing_issues and briefing_series joined on the series). */
export function visibleIssuesWhere(ctx: AuthedCtx): SQL {
  const orgs = orgsWith(ctx.auth.grants, 'briefing.read');
  const inOrg = orgs === 'all' ? sql`true` : orgs.length ? sql`${briefingIssues.orgId} in (${sql.join(orgs.map((o) => sql`${o}::uuid`), sql`, `)})` : sql`false`;
  const recipient = sql`exists (select 1 from ${briefingRecipients} br where br.issue_id = ${briefingIssues.id} and (br.person_id = ${ctx.auth.personId}::uuid or br.unit_id = ${ctx.auth.unitId}::uuid))`;
  return or(
    editableSeriesWhere(ctx),
    and(eq(briefingIssues.status, 'published'), inOrg, or(eq(briefingIssues.restricted, false), recipient)),
  )!;
}
