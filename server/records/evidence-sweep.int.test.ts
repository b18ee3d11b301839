import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../audit/tables';
import { cleanFileStore } from '../files/clean';
import { fileStoreFor } from '../files/files';
import { systemCtx } from '../http/context';
import { BLOB_OWNERS } from '../main';
import { createTestApp, type TestApp } from '../test/app';
import { multipartFile } from '../test/multipart';
import { recordEvidence } from './tables';

/**
 * Evidence uploaded for a record that was never saved (the editor closed the form) is swept like
 * other unreferenced temporary files: the `files.clean` sweep removes the unclaimed row after a day,
 * with an audit row, and then its blob; evidence a record claimed, and a blob another row still
 * holds, stay. A late save of the form is refused with a clear error.
 */
let t: TestApp;
const login: Record<string, string> = {};
let authorId = '';
const HOUR = 3_600_000;

beforeAll(async () => {
  t = await createTestApp();
  const root = await t.makeRoot('证明材料清理测试局');
  const station = await t.makeUnit(root.id, '城关派出所');
  const corr = await t.makePerson({ unitId: station.id, roles: [{ role: 'correspondent', unitId: station.id }] });
  login.corr = corr.login;
  authorId = corr.id;
  for (const n of [1, 2, 3]) login[`ed${n}`] = (await t.makePerson({ unitId: root.id, roles: [{ role: 'editor', unitId: root.id }] })).login;
  // The blobs' ages are the file system's: the test's clock runs at the real time.
  t.clock.set(new Date());
}, 120_000);
afterAll(() => t?.close());

async function acceptedItem() {
  const c = await t.as(login.corr!);
  const created = await c.post('/api/submissions', { kind: 'briefing_item', title: '城关派出所开展反诈宣传', body: '城关派出所民警走进社区开展反诈宣传，发放宣传资料三百余份。', authorIds: [authorId] });
  const id = created.data.id as string;
  expect((await c.post(`/api/submissions/${id}/submit`)).status).toBe(200);
  for (const n of [1, 2, 3]) expect((await (await t.as(login[`ed${n}`]!)).post(`/api/submissions/${id}/decision`, { type: 'pass' })).status).toBe(200);
  return id;
}

const png = (colour: string) => sharp({ create: { width: 8, height: 8, channels: 3, background: colour } }).png().toBuffer();
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function upload(cookie: string, itemId: string, name: string, bytes: Buffer) {
  const mp = multipartFile(name, bytes, 'image/png');
  const r = await t.request('POST', `/api/submissions/${itemId}/record-evidence`, { cookie, body: mp.payload, headers: { 'content-type': mp.contentType } });
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  return r.data.id as string;
}

const sweep = (afterMs: number) =>
  cleanFileStore(fileStoreFor(t.config), {
    db: t.db,
    owners: BLOB_OWNERS,
    now: new Date(t.clock().getTime() + afterMs),
    actor: systemCtx({ database: t.database, config: t.config, clock: t.clock, actor: { via: 'job', job: 'files.clean', jobId: 'test' } }),
  });

describe('evidence uploaded for a record that was never saved', () => {
  it('is swept after a day with an audit row, its blob with it; claimed evidence and shared bytes stay', async () => {
    const id = await acceptedItem();
    const ed = await t.as(login.ed1!);
    const [abandonedBytes, keptBytes] = [await png('#aa3322'), await png('#2266aa')];
    // Saved: a record claims it.
    const kept = await upload(ed.cookie, id, '刊发截图.png', keptBytes);
    const saved = await ed.post(`/api/submissions/${id}/records`, { kind: 'upper_adoption', level: 'city', usedOn: t.clock().toISOString().slice(0, 10), evidenceUrl: null, evidenceIds: [kept] });
    expect(saved.status, JSON.stringify(saved.json)).toBe(200);
    // Abandoned: uploaded, then the form closed. Another one holds the same bytes as the saved file.
    const abandoned = await upload(ed.cookie, id, '未保存.png', abandonedBytes);
    const sameBytes = await upload(ed.cookie, id, '同一截图.png', keptBytes);
    const store = fileStoreFor(t.config);
    expect(await store.exists(sha(abandonedBytes))).toBe(true);
    const [{ thumb }] = (await t.db.select({ thumb: recordEvidence.thumbSha256 }).from(recordEvidence).where(eq(recordEvidence.id, abandoned))) as [{ thumb: string | null }];
    expect(thumb && (await store.exists(thumb))).toBe(true);

    // A few hours later the form may still be open: nothing goes.
    expect(await sweep(3 * HOUR)).toMatchObject({ unclaimedRemoved: 0, blobsRemoved: 0 });
    expect(await t.db.select().from(recordEvidence).where(eq(recordEvidence.submissionId, id))).toHaveLength(3);

    // A day later: the two unclaimed rows go, and the blob only they held (the image and its thumbnail).
    const r = await sweep(25 * HOUR);
    expect(r).toMatchObject({ unclaimedRemoved: 2, blobsRemoved: 2 });
    const left = await t.db.select().from(recordEvidence).where(eq(recordEvidence.submissionId, id));
    expect(left.map((e) => e.id)).toEqual([kept]);
    expect(await store.exists(sha(abandonedBytes))).toBe(false);
    expect(await store.exists(thumb!)).toBe(false);
    expect(await store.exists(sha(keptBytes))).toBe(true);
    const file = await ed.get(`/api/record-evidence/${kept}`);
    expect([file.status, file.headers['content-type']]).toEqual([200, 'image/png']);

    const audit = await t.db.select().from(auditLog).where(and(eq(auditLog.event, 'record.evidence_expire'), eq(auditLog.targetId, id)));
    expect(audit.map((a) => (a.details as { evidenceId: string }).evidenceId).sort()).toEqual([abandoned, sameBytes].sort());
    expect(audit[0]).toMatchObject({ actorLogin: 'system', details: expect.objectContaining({ job: 'files.clean' }) });

    // The form saved after all, too late: refused with a clear error, nothing written.
    const late = await ed.post(`/api/submissions/${id}/records`, { kind: 'upper_adoption', level: 'province', usedOn: t.clock().toISOString().slice(0, 10), evidenceIds: [abandoned] });
    expect([late.status, late.json?.errorCode]).toEqual([400, 'records/bad_evidence']);
    expect((await ed.get(`/api/submissions/${id}/records`)).data).toMatchObject({ records: [expect.objectContaining({ level: 'city' })] });
    // A second sweep finds nothing more.
    expect(await sweep(26 * HOUR)).toMatchObject({ unclaimedRemoved: 0, blobsRemoved: 0 });
  });
});
