import { createHash } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../db/client';
import { findPersonalData, maskValue, redact, type PersonalDataFinding, type PersonalDataKind } from './guards/personal-data';
import { attachments, cases, personalDataFindings, submissions, submissionVersions } from './tables';

export const SCANNED_FIELDS = ['title', 'body', 'situationNote'] as const;
export type ScannedField = (typeof SCANNED_FIELDS)[number];
/**
 * Free-text lists that leave the office with the item: its tags and its material files' names. Each
 * entry is scanned on its own; a finding's offsets are into the entries joined by '\n' (listText).
 */
export const SCANNED_LISTS = ['tags', 'filenames'] as const;
export type ScannedList = (typeof SCANNED_LISTS)[number];
export const listText = (entries: readonly string[]) => entries.join('\n');

/** Which entry of a list a finding's offsets fall in, and the offsets inside it. */
export function entryAt(entries: readonly string[], start: number, end: number): { index: number; start: number; end: number } | null {
  let off = 0;
  for (let index = 0; index < entries.length; index++) {
    const len = entries[index]!.length;
    if (start >= off && end <= off + len) return { index, start: start - off, end: end - off };
    off += len + 1;
  }
  return null;
}

const valueHash = (kind: string, v: string) => createHash('sha256').update(`${kind}\u0000${v.normalize('NFKC')}`).digest('hex');

export type FieldFinding = PersonalDataFinding & { field: ScannedField };

/** Scans a version's text fields (pure; the live check in the form uses the same function). */
export function scanContent(content: Record<ScannedField, string>, protectedNames: readonly string[] = []): FieldFinding[] {
  return SCANNED_FIELDS.flatMap((field) => findPersonalData(content[field] ?? '', { protectedNames }).map((f) => ({ ...f, field })));
}

export type ListFinding = PersonalDataFinding & { field: ScannedList };

export function scanLists(lists: Record<ScannedList, readonly string[]>, protectedNames: readonly string[] = []): ListFinding[] {
  return SCANNED_LISTS.flatMap((field) => {
    let off = 0;
    return lists[field].flatMap((entry) => {
      const at = off;
      off += entry.length + 1;
      return findPersonalData(entry, { protectedNames }).map((f) => ({ ...f, start: f.start + at, end: f.end + at, field }));
    });
  });
}

/** The names of a version's material files, in the version's order (what scanLists and redaction see). */
export async function versionFilenames(tx: Tx, attachmentIds: readonly string[]): Promise<{ id: string; filename: string }[]> {
  if (!attachmentIds.length) return [];
  const rows = await tx.select({ id: attachments.id, filename: attachments.filename }).from(attachments).where(inArray(attachments.id, [...attachmentIds]));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return attachmentIds.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
}

export async function protectedNamesOf(tx: Tx, caseId: string | null): Promise<string[]> {
  if (!caseId) return [];
  const [c] = await tx.select({ names: cases.protectedNames }).from(cases).where(eq(cases.id, caseId));
  return c?.names ?? [];
}

/**
 * Recomputes the findings of one version and stores them. A finding keeps its id (and its status)
 * when the same value is still found in the same field; one an editor already confirmed in an earlier
 * version stays confirmed. Findings no longer found go away (redacted ones stay as the record).
 * Returns the number of open findings (what blocks release).
 */
export async function refreshFindings(
  tx: Tx,
  s: { id: string; caseId: string | null },
  version: number,
  /** The version's content when the caller has it already (saves a round trip). */
  loaded?: Record<ScannedField, string> & { tags: string[]; attachmentIds: string[] },
): Promise<number> {
  const [v] = loaded ? [loaded] : await tx.select().from(submissionVersions).where(and(eq(submissionVersions.submissionId, s.id), eq(submissionVersions.version, version)));
  if (!v) return 0;
  const names = await protectedNamesOf(tx, s.caseId);
  const files = await versionFilenames(tx, v.attachmentIds);
  const found: (FieldFinding | ListFinding)[] = [
    ...scanContent({ title: v.title, body: v.body, situationNote: v.situationNote }, names),
    ...scanLists({ tags: v.tags, filenames: files.map((f) => f.filename) }, names),
  ];
  const before = await tx.select().from(personalDataFindings).where(eq(personalDataFindings.submissionId, s.id));
  const current = before.filter((f) => f.version === version && f.status !== 'redacted');
  const confirmedElsewhere = before.filter((f) => f.status === 'confirmed');
  const matched = new Set<string>();
  let open = 0;
  for (const f of found) {
    const h = valueHash(f.kind, f.match);
    const same = current.find((c) => !matched.has(c.id) && c.field === f.field && c.kind === f.kind && c.valueHash === h);
    if (same) {
      matched.add(same.id);
      if (same.status === 'open') open++;
      if (same.start !== f.start || same.end !== f.end) {
        await tx.update(personalDataFindings).set({ start: f.start, end: f.end }).where(eq(personalDataFindings.id, same.id));
      }
      continue;
    }
    const prev = confirmedElsewhere.find((b) => b.field === f.field && b.kind === f.kind && b.valueHash === h);
    if (!prev) open++;
    const [row] = await tx
      .insert(personalDataFindings)
      .values({
        submissionId: s.id,
        version,
        field: f.field,
        kind: f.kind,
        start: f.start,
        end: f.end,
        masked: maskValue(f.kind as PersonalDataKind, f.match),
        valueHash: h,
        confidence: f.confidence,
        status: prev ? 'confirmed' : 'open',
        resolvedBy: prev?.resolvedBy ?? null,
        resolvedAt: prev?.resolvedAt ?? null,
        note: prev?.note ?? null,
      })
      .returning({ id: personalDataFindings.id });
    matched.add(row!.id);
  }
  const gone = current.filter((c) => !matched.has(c.id)).map((c) => c.id);
  if (gone.length) await tx.delete(personalDataFindings).where(inArray(personalDataFindings.id, gone));
  return open;
}

/** Masks every personal-data value the check finds in a text (offsets kept: a mask has the value's length). */
export function maskText(text: string, protectedNames: readonly string[] = []): string {
  return redact(text, findPersonalData(text, { protectedNames }));
}

/**
 * A superseded version as everyone sees it by default: every personal-data value the check finds is
 * masked (the raw text stays in the database until a redaction removes it; an editor may reveal it,
 * audited). The current version is not masked: it is what the reviewers decide on.
 */
export function maskedVersion<V extends { title: string; body: string; situationNote: string; tags: string[] }>(v: V, protectedNames: readonly string[]): V {
  return {
    ...v,
    title: maskText(v.title, protectedNames),
    body: maskText(v.body, protectedNames),
    situationNote: maskText(v.situationNote, protectedNames),
    tags: v.tags.map((x) => maskText(x, protectedNames)),
  };
}

/**
 * Redacts one value (a finding's kind and value hash) wherever the item holds it: every version's
 * text fields and tags, the item's list columns, and the names of its files; every finding of that
 * value, on any version, becomes `redacted`. Returns how many places were masked.
 */
export async function redactValueEverywhere(tx: Tx, s: { id: string; caseId: string | null }, f: { kind: string; valueHash: string }, resolved: { by: string; at: Date; note: string | null }): Promise<number> {
  const names = await protectedNamesOf(tx, s.caseId);
  let places = 0;
  const scrub = (text: string) => {
    const hits = findPersonalData(text, { protectedNames: names }).filter((x) => x.kind === f.kind && valueHash(x.kind, x.match) === f.valueHash);
    places += hits.length;
    return hits.length ? redact(text, hits) : text;
  };
  const versions = await tx.select().from(submissionVersions).where(eq(submissionVersions.submissionId, s.id));
  for (const v of versions) {
    const next = { title: scrub(v.title), body: scrub(v.body), situationNote: scrub(v.situationNote), tags: v.tags.map(scrub) };
    if (next.title !== v.title || next.body !== v.body || next.situationNote !== v.situationNote || next.tags.some((x, i) => x !== v.tags[i])) {
      await tx.update(submissionVersions).set(next).where(and(eq(submissionVersions.submissionId, s.id), eq(submissionVersions.version, v.version)));
    }
  }
  const [row] = await tx.select({ title: submissions.title, tags: submissions.tags }).from(submissions).where(eq(submissions.id, s.id));
  if (row) {
    const title = scrub(row.title);
    const tags = row.tags.map(scrub);
    if (title !== row.title || tags.some((x, i) => x !== row.tags[i])) await tx.update(submissions).set({ title, tags }).where(eq(submissions.id, s.id));
  }
  for (const file of await tx.select({ id: attachments.id, filename: attachments.filename }).from(attachments).where(eq(attachments.submissionId, s.id))) {
    const filename = scrub(file.filename);
    if (filename !== file.filename) await tx.update(attachments).set({ filename }).where(eq(attachments.id, file.id));
  }
  await tx
    .update(personalDataFindings)
    .set({ status: 'redacted', resolvedBy: resolved.by, resolvedAt: resolved.at, note: resolved.note })
    .where(and(eq(personalDataFindings.submissionId, s.id), eq(personalDataFindings.kind, f.kind), eq(personalDataFindings.valueHash, f.valueHash), inArray(personalDataFindings.status, ['open', 'confirmed'])));
  return places;
}
