import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Tx } from '../db/client';
import { can, type Ctx } from '../http/context';
import { people, units } from '../org/tables';
import { upperOfficeOf } from '../org/links';
import { findPersonalData, redact } from './guards/personal-data';
import { reviewEvents, submissionForwards, submissions, submissionVersions } from './tables';

/**
 * What the item page shows about forwarding (forwarding.ts): on an original, where it was forwarded
 * and the status there (the status only: the lower office never opens the upper office's copy); on
 * a forwarded copy, where it came from (read-only, for the upper office's reviewers).
 */

/** The forwards of an original item: upper office, level, when, by whom, and the status there. */
export async function forwardsOf(db: Tx, originalId: string) {
  const upper = alias(units, 'upper_org');
  const copy = alias(submissions, 'copy');
  const rows = await db
    .select({
      upperOrgId: submissionForwards.upperOrgId,
      upperName: upper.name,
      level: submissionForwards.upperLevel,
      forwardedAt: submissionForwards.forwardedAt,
      forwardedByName: people.name,
      status: copy.status,
      acceptedAt: copy.adoptedAt,
    })
    .from(submissionForwards)
    .innerJoin(upper, eq(upper.id, submissionForwards.upperOrgId))
    .innerJoin(copy, eq(copy.id, submissionForwards.forwardedId))
    .innerJoin(people, eq(people.id, submissionForwards.forwardedBy))
    .where(eq(submissionForwards.originalId, originalId))
    .orderBy(asc(submissionForwards.forwardedAt));
  return rows.map((r) => ({ ...r, acceptedAt: r.status === 'adopted' ? r.acceptedAt : null }));
}
export type ForwardView = Awaited<ReturnType<typeof forwardsOf>>[number];

/**
 * Whether the viewer may forward this item now, and to whom: it is accepted, the viewer decides on
 * items of its unit (an editor or leader of the office), the organisation has an active upper office,
 * and the item has not gone there yet.
 */
export async function forwardOption(ctx: Ctx, s: { status: string; unitPath: string }, forwards: readonly ForwardView[]) {
  if (s.status !== 'adopted' || !can(ctx, 'review.decide', s.unitPath)) return null;
  const up = await upperOfficeOf(ctx.db, { unitPath: s.unitPath });
  if (!up || !up.upperActive || forwards.some((f) => f.upperOrgId === up.upperOrgId)) return null;
  return { upperOrgId: up.upperOrgId, upperName: up.upperName, level: up.upperLevel };
}

/** Personal data masked (what the pre-release check finds): for texts that were never released as they stand. */
const masked = (text: string) => redact(text, findPersonalData(text));

/**
 * Where a forwarded copy came from, for the upper office (read without the lower organisation's
 * visibility rules, by design, and only this much): the original's number, organisation, unit and
 * authors, its submitted versions and its review events. The accepted (last) version is shown as the
 * lower office released it; earlier versions and the reviewers' comments with personal data masked
 * (they never passed the release check). No drafts, no files (the copy has its own), no findings.
 */
export async function originOf(db: Tx, forwardedId: string) {
  const [f] = await db
    .select({ f: submissionForwards, byName: people.name })
    .from(submissionForwards)
    .innerJoin(people, eq(people.id, submissionForwards.forwardedBy))
    .where(eq(submissionForwards.forwardedId, forwardedId));
  if (!f) return null;
  const org = alias(units, 'origin_org');
  const [o] = await db
    .select({ s: submissions, unitName: units.name, orgName: org.name })
    .from(submissions)
    .innerJoin(units, eq(units.id, submissions.unitId))
    .innerJoin(org, eq(org.id, f.f.fromOrgId))
    .where(eq(submissions.id, f.f.originalId));
  if (!o) return null;
  const versions = await db
    .select()
    .from(submissionVersions)
    .where(and(eq(submissionVersions.submissionId, o.s.id), isNotNull(submissionVersions.submittedAt)))
    .orderBy(asc(submissionVersions.version));
  const released = versions.find((v) => v.version === o.s.version);
  const authorIds = released?.authorIds ?? [];
  const authors = authorIds.length ? await db.select({ id: people.id, name: people.name }).from(people).where(inArray(people.id, authorIds)) : [];
  const events = await db
    .select({ e: reviewEvents, byName: people.name })
    .from(reviewEvents)
    .leftJoin(people, eq(people.id, reviewEvents.byId))
    .where(eq(reviewEvents.submissionId, o.s.id))
    .orderBy(asc(reviewEvents.at));
  return {
    serial: o.s.serial,
    orgName: o.orgName,
    unitName: o.unitName,
    authors: authorIds.map((id) => authors.find((a) => a.id === id)?.name ?? '').filter(Boolean),
    acceptedAt: o.s.adoptedAt,
    forwardedAt: f.f.forwardedAt,
    forwardedByName: f.byName,
    level: f.f.upperLevel,
    versions: versions.map((v) => {
      const asReleased = v.version === o.s.version;
      const text = (x: string) => (asReleased ? x : masked(x));
      return { version: v.version, title: text(v.title), body: text(v.body), situationNote: text(v.situationNote), submittedAt: v.submittedAt };
    }),
    history: events.map(({ e, byName }) => ({ type: e.type, version: e.version, stepName: e.stepName, to: e.toStatus, byName, comment: e.comment ? masked(e.comment) : null, at: e.at })),
  };
}
