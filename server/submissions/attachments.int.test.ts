import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/app';
import { multipartFile } from '../test/multipart';

/** Uploads through the HTTP API: who may add, who may download, what comes back. */
let t: TestApp;
const login: Record<string, string> = {};
let jpeg: Buffer;


async function upload(cookie: string, id: string, filename: string, bytes: Buffer, purpose = 'material') {
  const m = multipartFile(filename, bytes);
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/submissions/${id}/attachments?purpose=${purpose}`,
    headers: { cookie, 'content-type': m.contentType, 'x-requested-with': 'xuanbao' },
    payload: m.payload,
  });
  return { status: res.statusCode, json: res.json() };
}

beforeAll(async () => {
  t = await createTestApp();
  const root = await t.makeRoot();
  const a = await t.makeUnit(root.id, '甲派出所');
  const b = await t.makeUnit(root.id, '乙派出所');
  login.corr = (await t.makePerson({ unitId: a.id, roles: [{ role: 'correspondent', unitId: a.id }] })).login;
  login.other = (await t.makePerson({ unitId: b.id, roles: [{ role: 'correspondent', unitId: b.id }] })).login;
  login.editor = (await t.makePerson({ unitId: root.id, roles: [{ role: 'editor', unitId: root.id }] })).login;
  jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#336699' } })
    .jpeg()
    .withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '38/1 35/1 0/1' } })
    .toBuffer();
}, 120_000);
afterAll(() => t?.close());

describe('attachments', () => {
  it('adds photos to material, re-encoded, and serves them only to people who may see the item', async () => {
    const c = await t.as(login.corr!);
    const item = (await c.post('/api/submissions', { kind: 'material', title: '夏季治安巡逻', category: 6 })).data;
    const up = await upload(c.cookie, item.id, '巡逻.jpg', jpeg);
    expect(up.status).toBe(200);
    expect(up.json.data).toMatchObject({ filename: '巡逻.jpg', mime: 'image/jpeg', fileKind: 'image', hasThumb: true, width: 40, height: 30 });
    const attId = up.json.data.id as string;

    const own = await t.request('GET', `/api/attachments/${attId}`, { cookie: c.cookie });
    expect(own.status).toBe(200);
    expect(own.headers['x-content-type-options']).toBe('nosniff');
    expect(own.headers['content-disposition']).toMatch(/^attachment; filename\*=UTF-8''/);
    expect((await sharp(own.raw.rawPayload).metadata()).exif).toBeUndefined();
    const thumb = await t.request('GET', `/api/attachments/${attId}?thumb=1`, { cookie: c.cookie });
    expect(thumb.headers['content-type']).toBe('image/jpeg');
    expect(thumb.headers['content-disposition']).toMatch(/^inline/);

    // Another unit's correspondent cannot fetch it; nor can anyone while it is a private draft.
    const other = await t.as(login.other!);
    expect((await t.request('GET', `/api/attachments/${attId}`, { cookie: other.cookie })).status).toBe(404);
    const ed = await t.as(login.editor!);
    expect((await t.request('GET', `/api/attachments/${attId}`, { cookie: ed.cookie })).status).toBe(404);
    expect((await t.request('GET', `/api/attachments/${attId}`)).status).toBe(401);

    // Once submitted, the editor of the parent unit sees it.
    expect((await c.post(`/api/submissions/${item.id}/submit`)).status).toBe(200);
    expect((await t.request('GET', `/api/attachments/${attId}`, { cookie: ed.cookie })).status).toBe(200);
    // …and the author can no longer add material to it.
    expect((await upload(c.cookie, item.id, 'more.jpg', jpeg)).json.errorCode).toBe('submission/not_editable');
  });

  it('refuses hostile files with a message in the user\'s language, keeping the draft intact', async () => {
    const c = await t.as(login.corr!);
    const item = (await c.post('/api/submissions', { kind: 'material', title: '素材', category: 1 })).data;
    const php = await upload(c.cookie, item.id, 'x.jpg.php', jpeg);
    expect(php).toMatchObject({ status: 415, json: { errorCode: 'upload/type_mismatch', errorMessage: '文件内容与扩展名不符：x.jpg.php' } });
    const svg = await upload(c.cookie, item.id, 'a.svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'));
    expect(svg.json.errorCode).toBe('upload/type_not_allowed');
    const other = await t.as(login.other!);
    expect((await upload(other.cookie, item.id, 'ok.jpg', jpeg)).status).toBe(404);
    const detail = (await c.get(`/api/submissions/${item.id}`)).data;
    expect(detail.attachments).toEqual([]);
    expect(detail.title).toBe('素材');
  });

  it('lets an editor attach the response plan to a sensitive item in review, which unblocks the leader', async () => {
    const c = await t.as(login.corr!);
    const item = (await c.post('/api/submissions', { kind: 'briefing_item', title: '某民警违纪问题通报', body: '内容'.repeat(20), sensitive: true, sensitivity: 'misconduct' })).data;
    await c.post(`/api/submissions/${item.id}/submit`);
    const ed = await t.as(login.editor!);
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const up = await upload(ed.cookie, item.id, '三同步应对方案.pdf', pdf, 'response_plan');
    expect(up.status).toBe(200);
    const detail = (await ed.get(`/api/submissions/${item.id}`)).data;
    expect(detail.hasResponsePlan).toBe(true);
    expect(detail.attachments.map((a: { purpose: string }) => a.purpose)).toEqual(['response_plan']);
  });

  it('recognises the same photo submitted again by another unit as a duplicate (by the uploaded bytes)', async () => {
    const c = await t.as(login.corr!);
    const first = (await c.post('/api/submissions', { kind: 'material', title: '春运安保现场', category: 3 })).data;
    await upload(c.cookie, first.id, 'a.jpg', jpeg);
    await c.post(`/api/submissions/${first.id}/submit`);
    const o = await t.as(login.other!);
    const again = (await o.post('/api/submissions', { kind: 'material', title: '另一单位的图片', category: 3 })).data;
    await upload(o.cookie, again.id, '同一张.jpg', jpeg);
    const res = await o.post(`/api/submissions/${again.id}/submit`);
    // The other unit may not open the earlier item: it learns its unit, not its id.
    expect(res.data.duplicates).toContainEqual(expect.objectContaining({ earlierId: null, visible: false, reasons: [{ reason: 'file', distance: null }] }));
    const ed = await t.as(login.editor!);
    expect((await ed.get(`/api/submissions/${again.id}`)).data.duplicates).toContainEqual(expect.objectContaining({ earlierId: first.id, reasons: [{ reason: 'file', distance: null }], visible: true }));
  });
});
