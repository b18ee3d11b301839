import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/app';
import { wellFormed } from './route';

/**
 * Arbitrary Unicode (full-width, RTL marks, NUL, emoji, lone surrogates) into text fields: the
 * answer is either the value stored as typed or a validation error in the user's language —
 * never a server error, never half-written state.
 */
let t: TestApp;
let admin: Awaited<ReturnType<TestApp['as']>>;
let corr: Awaited<ReturnType<TestApp['as']>>;
let rootId: string;

beforeAll(async () => {
  t = await createTestApp();
  const root = await t.makeRoot();
  rootId = root.id;
  const unit = await t.makeUnit(root.id, '测试派出所');
  admin = await t.as((await t.makePerson({ unitId: root.id, roles: [{ role: 'admin', unitId: root.id }] })).login);
  corr = await t.as((await t.makePerson({ unitId: unit.id, roles: [{ role: 'correspondent', unitId: unit.id }] })).login);
}, 120_000);
afterAll(() => t?.close());

const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('\u0000', 'a\u0000b', '\u202eabc', '０１２３４５', '<script>alert(1)</script>', '🚓警务', '\ud800', 'Ａ　Ｂ'),
);

describe('text fields take any Unicode safely', () => {
  it('unit names: stored as typed (trimmed) or refused with a field error', async () => {
    await fc.assert(
      fc.asyncProperty(text, async (name) => {
        const res = await admin.post('/api/units', { name, type: 'department', parentId: rootId });
        expect(res.status).not.toBe(500);
        if (res.status === 200) {
          const stored = res.data.name as string;
          // A lone surrogate cannot be stored as UTF-8: it becomes U+FFFD; everything else comes back exactly.
          expect(stored).toBe(wellFormed(name.trim()));
        } else {
          expect([400, 409]).toContain(res.status);
          expect(res.json?.errorMessage).toBeTruthy();
        }
      }),
      { numRuns: 60 },
    );
  });

  it('submission drafts: title and body round-trip or are refused; NUL is refused with a message', async () => {
    const draft = (await corr.post('/api/submissions', { kind: 'article', title: '起稿' })).data;
    await fc.assert(
      fc.asyncProperty(text, text, async (title, body) => {
        const res = await corr.put(`/api/submissions/${draft.id}/draft`, { title: title.slice(0, 200), body });
        expect(res.status).not.toBe(500);
        if (res.status !== 200) {
          expect(res.json?.errorCode).toMatch(/^common\/(validation|state_secret)$/);
          return;
        }
        // Read it back: the draft holds exactly what was typed (lone surrogates as U+FFFD).
        const item = (await corr.get(`/api/submissions/${draft.id}`)).data;
        const v = item.versions.find((x: { submittedAt: string | null }) => x.submittedAt === null);
        expect(v!.title).toBe(wellFormed(title.slice(0, 200)));
        expect(v!.body).toBe(wellFormed(body));
      }),
      { numRuns: 60 },
    );
    const nul = await corr.put(`/api/submissions/${draft.id}/draft`, { body: '正文\u0000' });
    expect(nul.status).toBe(400);
    expect(nul.json?.fields).toEqual([{ path: 'body', message: '包含不可见的空字符（NUL），请删除后重试' }]);
  });
});
