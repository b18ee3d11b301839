/**
 * The browser-side copy of a draft being edited, so that a closed tab or a failed autosave loses
 * nothing. Kept per person and submission in localStorage while there are unsaved changes, removed as
 * soon as the server has everything (the text may hold personal data: it should not linger).
 */
import type { DraftValues } from './service';

export type LocalCopy = {
  values: DraftValues;
  /** When the copy was written (ms since epoch, browser clock). */
  at: number;
};

export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export const localKey = (personId: string, submissionId: string) => `xuanbao.draft.${personId}.${submissionId}`;

export const EMPTY_DRAFT: DraftValues = {
  title: '',
  body: '',
  situationNote: '',
  authorIds: [],
  tags: [],
  category: null,
  sensitive: false,
  sensitivity: null,
  caseId: null,
};

/** Fills gaps of a stored or partial object so that every field has its type. */
export function normaliseValues(v: Partial<DraftValues> | null | undefined): DraftValues {
  const x = v ?? {};
  return {
    title: typeof x.title === 'string' ? x.title : '',
    body: typeof x.body === 'string' ? x.body : '',
    situationNote: typeof x.situationNote === 'string' ? x.situationNote : '',
    authorIds: Array.isArray(x.authorIds) ? x.authorIds.filter((a): a is string => typeof a === 'string') : [],
    tags: Array.isArray(x.tags) ? x.tags.filter((a): a is string => typeof a === 'string') : [],
    category: typeof x.category === 'number' ? x.category : null,
    sensitive: x.sensitive === true,
    sensitivity: x.sensitivity === 'misconduct' || x.sensitivity === 'ongoing_case' ? x.sensitivity : null,
    caseId: typeof x.caseId === 'string' ? x.caseId : null,
  };
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export function sameContent(a: DraftValues, b: DraftValues): boolean {
  return (
    a.title === b.title &&
    a.body === b.body &&
    a.situationNote === b.situationNote &&
    sameList(a.authorIds, b.authorIds) &&
    sameList(a.tags, b.tags) &&
    a.category === b.category &&
    a.sensitive === b.sensitive &&
    a.sensitivity === b.sensitivity &&
    a.caseId === b.caseId
  );
}

/** The fields that differ (what an autosave needs to send). */
export function changedFields(before: DraftValues, after: DraftValues): Partial<DraftValues> {
  const out: Partial<DraftValues> = {};
  (Object.keys(after) as (keyof DraftValues)[]).forEach((k) => {
    const a = before[k];
    const b = after[k];
    const same = Array.isArray(a) && Array.isArray(b) ? sameList(a, b) : a === b;
    if (!same) Object.assign(out, { [k]: b });
  });
  return out;
}

export function readLocal(store: KeyValueStore | undefined, key: string): LocalCopy | null {
  try {
    const raw = store?.getItem(key);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as { values?: Partial<DraftValues>; at?: unknown };
    if (typeof parsed.at !== 'number') return null;
    return { values: normaliseValues(parsed.values), at: parsed.at };
  } catch {
    return null;
  }
}

export function writeLocal(store: KeyValueStore | undefined, key: string, copy: LocalCopy): void {
  try {
    store?.setItem(key, JSON.stringify(copy));
  } catch {
    // storage full or disabled: the server copy is all there is
  }
}

export function clearLocal(store: KeyValueStore | undefined, key: string): void {
  try {
    store?.removeItem(key);
  } catch {
    // nothing to do
  }
}

/**
 * Offer "restore unsaved content" when the browser holds a copy written after the server's last save
 * that differs from what the server has.
 */
export function shouldOfferRestore(local: LocalCopy | null, server: { values: DraftValues; savedAt: string | null }): boolean {
  if (!local) return false;
  if (sameContent(local.values, server.values)) return false;
  const savedAt = server.savedAt ? Date.parse(server.savedAt) : 0;
  return Number.isNaN(savedAt) || local.at > savedAt;
}
