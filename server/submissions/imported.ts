import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import type { SubmissionKind } from './kinds';
import { backfillSubmissionSearch } from './search';

/**
 * Accepted items brought in by the operator's interchange import (server/interchange/): written as
 * accepted (`adopted`) with one submitted version, their authors, a serial of the organisation and
 * the year they were accepted, and one review event `imported` that names no reviewer, so the item's
 * history says truthfully that nobody reviewed it here. Many rows per statement (`unnest`). No access
 * check and no audit row: the caller checked the operator and audits the import in this transaction.
 */
export type ImportedWork = {
  id: string;
  unitId: string;
  kind: SubmissionKind;
  title: string;
  body: string;
  tags: string[];
  /** People ids; the first is recorded as the one who created the item. */
  authorIds: string[];
  acceptedAt: Date;
  externalCode: string;
};

const json = (v: unknown) => JSON.stringify(v);
const textArray = (col: string) => sql.raw(`coalesce((select array_agg(e order by n) from jsonb_array_elements_text(${col}::jsonb) with ordinality as x(e, n)), '{}')`);

/** The year of an instant in the deployment's time zone (serials are numbered per year). */
const yearIn = (d: Date, timeZone: string) => Number(new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' }).format(d));

export async function insertImportedWorks(tx: Tx, o: { now: Date; timeZone: string; orgId: string; source: string; works: readonly ImportedWork[] }) {
  const works = o.works;
  if (!works.length) return;
  // Serials: one counter statement per year reserves a block (the same counter rows as assignSerial).
  const byYear = new Map<number, ImportedWork[]>();
  for (const w of works) {
    const y = yearIn(w.acceptedAt, o.timeZone);
    byYear.set(y, [...(byYear.get(y) ?? []), w]);
  }
  const serial = new Map<string, string>();
  for (const [year, list] of byYear) {
    const rows = (await tx.execute(sql`insert into counters (key, value) values (${`submission:${o.orgId}:${year}`}, ${list.length})
      on conflict (key) do update set value = counters.value + ${list.length} returning value`)) as unknown as { rows: { value: number }[] };
    const last = Number(rows.rows[0]!.value);
    list.forEach((w, i) => serial.set(w.id, `${year}-${String(last - list.length + 1 + i).padStart(6, '0')}`));
  }
  const at = o.now.toISOString();
  const p = {
    id: sql.param(works.map((w) => w.id)),
    serial: sql.param(works.map((w) => serial.get(w.id)!)),
    unit: sql.param(works.map((w) => w.unitId)),
    kind: sql.param(works.map((w) => w.kind)),
    title: sql.param(works.map((w) => w.title)),
    body: sql.param(works.map((w) => w.body)),
    tags: sql.param(works.map((w) => json(w.tags))),
    authors: sql.param(works.map((w) => json(w.authorIds))),
    creator: sql.param(works.map((w) => w.authorIds[0]!)),
    accepted: sql.param(works.map((w) => w.acceptedAt.toISOString())),
    code: sql.param(works.map((w) => w.externalCode)),
    event: sql.param(works.map(() => randomUUID())),
  };
  const t = sql`unnest(${p.id}::uuid[], ${p.serial}::text[], ${p.unit}::uuid[], ${p.kind}::text[], ${p.title}::text[], ${p.body}::text[], ${p.tags}::text[], ${p.authors}::text[],
    ${p.creator}::uuid[], ${p.accepted}::timestamptz[], ${p.code}::text[], ${p.event}::uuid[]) as t(id, serial, unit_id, kind, title, body, tags, authors, creator, accepted, code, event_id)`;
  await tx.execute(sql`insert into submissions (id, serial, unit_id, kind, created_by, title, status, stage_index, version, tags, submitted_at, adopted_at, external_code, created_at, updated_at)
    select id, serial, unit_id, kind, creator, title, 'adopted', null, 1, ${textArray('t.tags')}, accepted, accepted, code, ${at}::timestamptz, ${at}::timestamptz from ${t}`);
  await tx.execute(sql`insert into submission_versions (submission_id, version, title, body, author_ids, tags, saved_at, saved_by, submitted_at)
    select id, 1, title, body, ${textArray('t.authors')}::uuid[], ${textArray('t.tags')}, accepted, null, accepted from ${t}`);
  await tx.execute(sql`insert into submission_authors (submission_id, person_id)
    select distinct t.id, a::uuid from ${t}, jsonb_array_elements_text(t.authors::jsonb) as a`);
  await tx.execute(sql`insert into review_events (id, submission_id, version, type, step, step_name, from_status, to_status, by_id, comment, at)
    select event_id, id, 1, 'imported', null, null, 'draft', 'adopted', null, ${o.source} || ' · ' || code, ${at}::timestamptz from ${t}`);
  await backfillSubmissionSearch(tx as Db);
}

/** Changes imported items (never items made here: the caller refuses those): content, kind, tags, authors, date of acceptance. */
export async function updateImportedWorks(tx: Tx, o: { now: Date; works: readonly ImportedWork[] }) {
  const works = o.works;
  if (!works.length) return;
  const p = {
    id: sql.param(works.map((w) => w.id)),
    kind: sql.param(works.map((w) => w.kind)),
    title: sql.param(works.map((w) => w.title)),
    body: sql.param(works.map((w) => w.body)),
    tags: sql.param(works.map((w) => json(w.tags))),
    authors: sql.param(works.map((w) => json(w.authorIds))),
    accepted: sql.param(works.map((w) => w.acceptedAt.toISOString())),
  };
  const t = sql`unnest(${p.id}::uuid[], ${p.kind}::text[], ${p.title}::text[], ${p.body}::text[], ${p.tags}::text[], ${p.authors}::text[], ${p.accepted}::timestamptz[])
    as t(id, kind, title, body, tags, authors, accepted)`;
  await tx.execute(sql`update submissions set kind = t.kind, title = t.title, tags = ${textArray('t.tags')}, submitted_at = t.accepted, adopted_at = t.accepted,
      created_by = (t.authors::jsonb ->> 0)::uuid, search_vector = null, updated_at = ${o.now.toISOString()}::timestamptz, rev = submissions.rev + 1
    from ${t} where submissions.id = t.id`);
  await tx.execute(sql`update submission_versions set title = t.title, body = t.body, tags = ${textArray('t.tags')}, author_ids = ${textArray('t.authors')}::uuid[],
      saved_at = t.accepted, submitted_at = t.accepted
    from ${t} where submission_versions.submission_id = t.id and submission_versions.version = 1`);
  await tx.execute(sql`delete from submission_authors where submission_id = any(${p.id}::uuid[])`);
  await tx.execute(sql`insert into submission_authors (submission_id, person_id)
    select distinct t.id, a::uuid from ${t}, jsonb_array_elements_text(t.authors::jsonb) as a`);
  await backfillSubmissionSearch(tx as Db);
}
