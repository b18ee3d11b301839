/**
 * The engine's input for an organisation (or a rubric's unit subtree) and a range of dates: the units
 * ranked (with their type as `group`), the people of those units, and the events — every active record
 * of use (read through server/records) and every active ledger entry — with labels for explanations.
 *
 * Who is ranked: the active units strictly below the scope unit (the organisation's root, or the unit a
 * rubric is kept on), except the publicity office itself (type `office`): the office keeps the scores,
 * it is not scored. Every such unit and every active person of them is listed, even with nothing to count.
 */
import { and, asc, eq, gte, isNull, like, lte, ne, or } from 'drizzle-orm';
import type { Tx } from '../db/client';
import { people, units } from '../org/tables';
import { readActiveUsesForScoring } from '../records/scoring-read';
import type { ScoreEvent } from './engine/engine';
import { DEFAULT_TIME_ZONE, parseLocalDate, startOfLocalDay } from './engine/periods';
import { countingDate } from './ledger-kinds';
import { scoringLedgerEntries } from './tables';
import { honourTitleOf, tagsOf, useAttrs, workKindOf } from './work-kinds';

const escLike = (s: string) => s.replace(/[%_\\]/g, '\\$&');

export type EventLabel = {
  source: 'record' | 'ledger';
  sourceId: string;
  work: { id: string; serial: string | null; title: string } | null;
  /** A ledger entry's own facts, for the line that says what it is (ledger-kinds.ts describeLedgerEntry). */
  ledger?: { kind: string; month: string | null; attrs: Record<string, unknown>; personName: string | null };
};
export type ScopeUnit = { id: string; name: string; type: string; path: string };
export type ScopePerson = { id: string; name: string; unitId: string; unitName: string; unitType: string };

/** The units and people a scope ranks. */
export async function loadScope(db: Tx, scope: { id: string; path: string }): Promise<{ units: ScopeUnit[]; people: ScopePerson[] }> {
  const us = await db
    .select({ id: units.id, name: units.name, type: units.type, path: units.path, sortOrder: units.sortOrder })
    .from(units)
    .where(and(like(units.path, `${escLike(scope.path)}%`), ne(units.id, scope.id), ne(units.type, 'office'), eq(units.active, true)))
    .orderBy(asc(units.sortOrder), asc(units.id));
  // Input order breaks ties in the listing: by the administrator's order, then name (code points: both databases alike).
  us.sort((a, b) => a.sortOrder - b.sortOrder || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const ps = await db
    .select({ id: people.id, name: people.name, unitId: people.unitId, unitName: units.name, unitType: units.type })
    .from(people)
    .innerJoin(units, eq(units.id, people.unitId))
    .where(and(like(units.path, `${escLike(scope.path)}%`), ne(units.id, scope.id), ne(units.type, 'office'), eq(units.active, true), eq(people.active, true)))
    .orderBy(asc(people.id));
  ps.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { units: us.map(({ sortOrder: _s, ...u }) => u), people: ps };
}

const dayStart = (date: string, tz: string) => startOfLocalDay(parseLocalDate(date), tz);
/** The work a ledger award names (a work outside the system): the unit and its title, normalised. */
const ledgerWorkId = (unitId: string, title: string) => `ledger:${unitId}:${title.normalize('NFKC').replace(/\s+/g, '').toLowerCase()}`;

/**
 * Units, people and events of a scope for the calendar dates `from`..`to` (both included, in the
 * deployment's time zone). An event's instant is 00:00 local time on its own date (records of use and
 * ledger entries are dated by day), so it falls in the period of that date.
 */
export async function loadScoreEvents(o: { db: Tx; scope: { id: string; path: string }; from: string; to: string; timeZone?: string | undefined }) {
  const tz = o.timeZone ?? DEFAULT_TIME_ZONE;
  const scope = await loadScope(o.db, o.scope);
  const events: ScoreEvent[] = [];
  const labels = new Map<string, EventLabel>();

  for (const r of await readActiveUsesForScoring(o.db, { unitPath: o.scope.path, from: o.from, to: o.to })) {
    const workKind = r.itemKind ? workKindOf(r.itemKind, [...(r.hasVideo ? ['video'] : []), ...(r.hasImage ? ['image'] : [])], r.itemTags ?? []) : 'article';
    const honour = r.kind === 'award_person';
    events.push({
      id: r.id,
      kind: r.kind,
      at: dayStart(r.usedOn, tz),
      unitId: r.unitId,
      work: honour ? undefined : { id: r.workKey, kind: workKind, tags: tagsOf(r.itemTags ?? []), authors: r.authorIds ?? [] },
      personId: honour && r.personId ? r.personId : undefined,
      attrs: useAttrs({ kind: r.kind, mode: r.mode, level: r.level, scope: r.scope, outletTier: r.outletTier, centralMain: !!r.centralMain, channelQualifies: !!r.channelQualifies, awardName: r.awardName }, workKind),
    });
    labels.set(r.id, { source: 'record', sourceId: r.id, work: r.submissionId ? { id: r.submissionId, serial: r.itemSerial, title: r.itemTitle ?? '' } : r.title ? { id: r.workKey, serial: null, title: r.title } : null });
  }

  const fromMonth = o.from.slice(0, 7);
  const toMonth = o.to.slice(0, 7);
  const ledger = await o.db
    .select({ e: scoringLedgerEntries })
    .from(scoringLedgerEntries)
    .innerJoin(units, eq(units.id, scoringLedgerEntries.unitId))
    .where(
      and(
        eq(scoringLedgerEntries.status, 'active'),
        like(units.path, `${escLike(o.scope.path)}%`),
        or(and(isNull(scoringLedgerEntries.month), gte(scoringLedgerEntries.occurredOn, o.from), lte(scoringLedgerEntries.occurredOn, o.to)), and(gte(scoringLedgerEntries.month, fromMonth), lte(scoringLedgerEntries.month, toMonth))),
      ),
    );
  const personNames = new Map(scope.people.map((p) => [p.id, p.name]));
  for (const { e } of ledger) {
    const date = countingDate(e);
    if (date < o.from || date > o.to) continue;
    events.push(ledgerEvent(e, tz));
    labels.set(e.id, {
      source: 'ledger',
      sourceId: e.id,
      work: e.kind === 'award_work' ? { id: ledgerWorkId(e.unitId, String(e.attrs.title ?? '')), serial: null, title: String(e.attrs.title ?? '') } : null,
      ledger: { kind: e.kind, month: e.month, attrs: e.attrs, personName: e.personId ? (personNames.get(e.personId) ?? null) : null },
    });
  }
  return { units: scope.units, people: scope.people, events, labels };
}

/** A ledger entry as the engine's event. */
export function ledgerEvent(e: typeof scoringLedgerEntries.$inferSelect, tz: string): ScoreEvent {
  const at = dayStart(countingDate(e), tz);
  const attrs = { ...e.attrs };
  if (e.kind === 'award_person') {
    if (typeof attrs.title === 'string') attrs.title = honourTitleOf(attrs.title);
    return { id: e.id, kind: e.kind, at, unitId: e.unitId, personId: e.personId ?? undefined, attrs };
  }
  if (e.kind === 'award_work') {
    const authors = typeof e.attrs.authors === 'string' && e.attrs.authors ? e.attrs.authors.split(',') : [];
    delete attrs.authors;
    const field = attrs.field === 'culture' ? 'culture' : 'news';
    return { id: e.id, kind: e.kind, at, unitId: e.unitId, work: { id: ledgerWorkId(e.unitId, String(e.attrs.title ?? '')), kind: field === 'culture' ? 'original' : 'article', tags: [], authors }, attrs };
  }
  // Deductions and emergency tasks are the unit's: no person gets their points.
  return { id: e.id, kind: e.kind, at, unitId: e.unitId, attrs };
}
