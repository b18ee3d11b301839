import { describe, expect, it } from 'vitest';
import { changedFields, clearLocal, EMPTY_DRAFT, localKey, normaliseValues, readLocal, sameContent, shouldOfferRestore, writeLocal, type KeyValueStore } from './draft-store';

function memoryStore(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

const draft = { ...EMPTY_DRAFT, title: '嘎鲁图派出所开展反诈宣传', body: '正文第一段。', tags: ['反诈'] };

describe('local copy of a draft', () => {
  it('is kept per person and submission, and read back with its types', () => {
    const store = memoryStore();
    const key = localKey('person-1', 'sub-1');
    expect(key).toBe('xuanbao.draft.person-1.sub-1');
    expect(localKey('person-2', 'sub-1')).not.toBe(key);
    writeLocal(store, key, { values: draft, at: 1000 });
    expect(readLocal(store, key)).toEqual({ values: draft, at: 1000 });
    clearLocal(store, key);
    expect(readLocal(store, key)).toBeNull();
  });

  it('ignores broken or foreign content instead of failing', () => {
    const store = memoryStore();
    store.setItem('a', '{not json');
    store.setItem('b', JSON.stringify({ values: { title: 5, tags: ['x', 3], sensitivity: 'bogus' }, at: 7 }));
    store.setItem('c', JSON.stringify({ values: {} }));
    expect(readLocal(store, 'a')).toBeNull();
    expect(readLocal(store, 'b')).toEqual({ values: { ...EMPTY_DRAFT, tags: ['x'] }, at: 7 });
    expect(readLocal(store, 'c')).toBeNull();
    expect(readLocal(undefined, 'a')).toBeNull();
    const full: KeyValueStore = { getItem: () => null, setItem: () => { throw new Error('QuotaExceededError'); }, removeItem: () => undefined };
    expect(() => writeLocal(full, 'k', { values: draft, at: 1 })).not.toThrow();
  });

  it('offers a restore only for a newer copy that differs from the server', () => {
    const server = { values: draft, savedAt: '2025-03-01T08:00:00.000Z' };
    const t = Date.parse(server.savedAt);
    const edited = { ...draft, body: '正文第一段。补充第二段。' };
    expect(shouldOfferRestore(null, server)).toBe(false);
    expect(shouldOfferRestore({ values: edited, at: t + 5000 }, server)).toBe(true);
    // Older than the server's save (e.g. saved later from another tab): the server wins.
    expect(shouldOfferRestore({ values: edited, at: t - 5000 }, server)).toBe(false);
    // Same content: nothing to restore.
    expect(shouldOfferRestore({ values: { ...draft, tags: ['反诈'] }, at: t + 5000 }, server)).toBe(false);
    expect(shouldOfferRestore({ values: edited, at: 1 }, { values: draft, savedAt: null })).toBe(true);
  });
});

describe('comparing drafts', () => {
  it('sees every field, lists included', () => {
    expect(sameContent(draft, { ...draft })).toBe(true);
    expect(sameContent(draft, { ...draft, tags: ['反诈', '宣传'] })).toBe(false);
    expect(sameContent(draft, { ...draft, category: 5 })).toBe(false);
    expect(sameContent(draft, { ...draft, sensitive: true })).toBe(false);
    expect(sameContent(draft, { ...draft, authorIds: ['p'] })).toBe(false);
  });

  it('sends only what changed', () => {
    expect(changedFields(draft, { ...draft })).toEqual({});
    expect(changedFields(draft, { ...draft, body: '新正文', category: 3, tags: ['反诈'] })).toEqual({ body: '新正文', category: 3 });
    expect(changedFields(draft, { ...draft, caseId: null, sensitivity: 'ongoing_case', sensitive: true })).toEqual({ sensitivity: 'ongoing_case', sensitive: true });
  });

  it('normalises partial values', () => {
    expect(normaliseValues({ title: '标题' })).toEqual({ ...EMPTY_DRAFT, title: '标题' });
    expect(normaliseValues(null)).toEqual(EMPTY_DRAFT);
  });
});
