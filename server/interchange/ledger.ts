import type { LedgerEl } from './format';

/**
 * Ledger entries between the interchange file and the stored columns (pure). The attributes are the
 * ones the ledger API stores (server/scoring/ledger.ts columnsOf) and rubrics test
 * (docs/rubric-schema.md): task_missed `task`; violation `violation`, `negative_coverage`;
 * emergency_task `title`; award_person `title`, `level` (+ the person); award_work `title`, `level`,
 * `field`, `authors` (people ids, sorted, comma-joined).
 */

type Attrs = Record<string, string | number | boolean>;
export type LedgerColumns = { month: string | null; personId: string | null; attrs: Attrs };
export type LedgerRowView = { kind: string; occurredOn: string; month: string | null; personId: string | null; attrs: Attrs; note: string | null; evidenceUrl: string | null };

const str = (v: unknown, otherwise = '') => (typeof v === 'string' ? v : otherwise);
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The file's element of a stored entry (codes of its unit and people by `codeOf`); null/empty fields are left out by the caller. */
export function ledgerElOf(code: string, unit: string, e: LedgerRowView, personCode: (id: string) => string): LedgerEl {
  const common = { code, unit, at: e.occurredOn, note: e.note, evidenceUrl: e.evidenceUrl };
  const a = e.attrs;
  switch (e.kind) {
    case 'task_missed':
      return { kind: 'task_missed', month: e.month ?? e.occurredOn.slice(0, 7), task: 'repost_vote', ...common };
    case 'nomination_missed':
      return { kind: 'nomination_missed', month: e.month ?? e.occurredOn.slice(0, 7), ...common };
    case 'violation':
      return { kind: 'violation', violation: a.violation === 'unapproved_account' ? 'unapproved_account' : 'criticism', negativeCoverage: a.negative_coverage === true, ...common };
    case 'emergency_task':
      return { kind: 'emergency_task', title: str(a.title), ...common };
    case 'award_person':
      return { kind: 'award_person', person: e.personId ? personCode(e.personId) : '', title: str(a.title), level: str(a.level, 'city') as 'city', ...common };
    default: {
      const authors = str(a.authors)
        .split(',')
        .filter(Boolean)
        .map(personCode)
        .sort(byText);
      return { kind: 'award_work', title: str(a.title), level: str(a.level, 'city') as 'city', field: a.field === 'culture' ? 'culture' : 'news', authors, ...common };
    }
  }
}

/** The stored columns of a file's element; `personId` resolves a person's code (the caller checked it resolves). */
export function ledgerColumnsOf(el: LedgerEl, personId: (code: string) => string): LedgerColumns {
  switch (el.kind) {
    case 'task_missed':
      return { month: el.month, personId: null, attrs: { task: el.task } };
    case 'nomination_missed':
      return { month: el.month, personId: null, attrs: {} };
    case 'violation':
      return { month: null, personId: null, attrs: { violation: el.violation, negative_coverage: el.negativeCoverage } };
    case 'emergency_task':
      return { month: null, personId: null, attrs: { title: el.title } };
    case 'award_person':
      return { month: null, personId: personId(el.person), attrs: { title: el.title, level: el.level } };
    case 'award_work': {
      const ids = el.authors.map(personId).sort(byText);
      return { month: null, personId: null, attrs: { title: el.title, level: el.level, field: el.field, ...(ids.length ? { authors: ids.join(',') } : {}) } };
    }
  }
}

/** An element as compared with what is held (the export's rendering): its date as the day, authors by code in order, none left out. */
export function comparableLedgerEl(el: LedgerEl, day: string): LedgerEl {
  const out = { ...el, at: day };
  if (out.kind === 'award_work') out.authors = [...out.authors].sort(byText);
  return out;
}
