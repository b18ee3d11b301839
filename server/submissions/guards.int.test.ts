import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/app';
import { tinyMp4 } from './containers.fixtures';
import { multipartFile } from '../test/multipart';

/**
 * The pre-release guards through the API (issue 7, items 15–17): tags and file names are scanned,
 * a labelled but malformed number is an open "possible" finding, disguised values are found, and
 * active PDFs and fake videos are refused with a clear message.
 */
let t: TestApp;
const login: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  const root = await t.makeRoot('守卫测试局');
  const station = await t.makeUnit(root.id, '西城派出所', 'police_station');
  login.corr = (await t.makePerson({ unitId: station.id, roles: [{ role: 'correspondent', unitId: station.id }] })).login;
  login.ed = (await t.makePerson({ unitId: root.id, roles: [{ role: 'editor', unitId: root.id }] })).login;
}, 120_000);
afterAll(() => t?.close());

const BODY = '近日，西城派出所民警走访辖区商户，宣传防范电信网络诈骗知识，发放宣传资料五百余份，提醒群众不轻信陌生来电。';

async function upload(cookie: string, id: string, filename: string, bytes: Buffer, locale?: string) {
  const m = multipartFile(filename, bytes);
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/submissions/${id}/attachments`,
    headers: { cookie, 'content-type': m.contentType, 'x-requested-with': 'xuanbao', ...(locale ? { 'accept-language': locale } : {}) },
    payload: m.payload,
  });
  return { status: res.statusCode, json: res.json() };
}

type Finding = { id: string; field: string; kind: string; masked: string; confidence: string; status: string };

describe('15: tags and file names are scanned', () => {
  it('finds a mobile in a tag and in a file name, blocks release, and the editor redacts both in place', async () => {
    const c = await t.as(login.corr!);
    const id = (await c.post('/api/submissions', { kind: 'article', title: '标签与文件名', body: BODY, tags: ['反诈', '联系人13812345678'] })).data.id as string;
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#0000ff' } }).png().toBuffer();
    const up = await upload(c.cookie, id, '举报人13912345678.png', png);
    expect(up.status).toBe(200);
    const sub = await c.post(`/api/submissions/${id}/submit`);
    expect(sub.data.openFindings).toBe(2);

    const ed = await t.as(login.ed!);
    const item = (await ed.get(`/api/submissions/${id}`)).data;
    const found = item.findings as Finding[];
    expect(found.map((f) => [f.field, f.kind, f.masked, f.status]).sort()).toEqual([
      ['filenames', 'mobile', '139****5678', 'open'],
      ['tags', 'mobile', '138****5678', 'open'],
    ]);
    for (const f of found) expect((await ed.post(`/api/submissions/${id}/findings/${f.id}`, { action: 'redact' })).status).toBe(200);
    const after = (await ed.get(`/api/submissions/${id}`)).data;
    expect(after.openFindings).toBe(0);
    expect(after.tags).toEqual(['反诈', '联系人138****5678']);
    expect(after.versions[0]!.tags).toEqual(['反诈', '联系人138****5678']);
    expect(after.attachments[0]!.filename).toBe('举报人139****5678.png');
  });
});

describe('16: the guard fails closed', () => {
  it('stores a labelled but malformed number as an open possible finding, and disguised values as findings', async () => {
    const c = await t.as(login.corr!);
    const body = `${BODY}举报人联系电话1381234567，其妻手机一三九一二三四五六七八，邮箱 wanglei at 163 dot com，车辆京a12345。`;
    const id = (await c.post('/api/submissions', { kind: 'article', title: '格式异常的号码', body })).data.id as string;
    const sub = await c.post(`/api/submissions/${id}/submit`);
    expect(sub.data.openFindings).toBe(4);
    const item = (await (await t.as(login.ed!)).get(`/api/submissions/${id}`)).data;
    expect((item.findings as Finding[]).map((f) => [f.kind, f.confidence, f.status])).toEqual([
      ['mobile', 'possible', 'open'],
      ['mobile', 'high', 'open'],
      ['email', 'medium', 'open'],
      ['licence_plate', 'medium', 'open'],
    ]);
    // The live check as the correspondent types says the same.
    const live = await c.post('/api/submissions/check', { title: '', body, situationNote: '' });
    expect(live.data.findings.map((f: { kind: string; confidence: string }) => f.confidence)).toEqual(['possible', 'high', 'medium', 'medium']);
  });
});

describe('17: active PDFs and fake videos are refused', () => {
  it('refuses a PDF that runs JavaScript on open, naming what it found, in the caller\'s language', async () => {
    const c = await t.as(login.corr!);
    const id = (await c.post('/api/submissions', { kind: 'article', title: '附件检查', body: BODY })).data.id as string;
    const pdf = Buffer.from('%PDF-1.7\n1 0 obj<</Type/Catalog/OpenAction<</S/JavaScript/JS(app.alert(1))>>>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
    const zh = await upload(c.cookie, id, '方案.pdf', pdf);
    expect(zh.status).toBe(415);
    expect(zh.json).toMatchObject({ errorCode: 'upload/pdf_active_content' });
    expect(zh.json.errorMessage).toBe('PDF 文件含有脚本、自动执行动作或嵌入文件（/JS /JavaScript /OpenAction），不能上传：方案.pdf。请用“打印为 PDF”另存后再上传');
    const en = await upload(c.cookie, id, 'plan.pdf', pdf, 'en');
    expect(en.json.errorMessage).toContain('contains scripts, automatic actions or embedded files');

    const fake = Buffer.concat([tinyMp4().subarray(0, 24), Buffer.from('MZ this is not a video')]);
    const v = await upload(c.cookie, id, '现场.mp4', fake);
    expect(v.status).toBe(415);
    expect(v.json).toMatchObject({ errorCode: 'upload/bad_video', errorMessage: '视频文件无法解析或已损坏：现场.mp4' });
    expect((await upload(c.cookie, id, '现场.mp4', tinyMp4())).status).toBe(200);
    expect((await c.get(`/api/submissions/${id}`)).data.attachments.map((a: { filename: string }) => a.filename)).toEqual(['现场.mp4']);
  });
});
