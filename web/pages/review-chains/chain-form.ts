/**
 * The review-chain form, pure: a stored chain ↔ the values of the antd form, the checks the server
 * makes before it saves a chain (the rules of `chainProblems` and the limits of `ZSetChain`), each put
 * on the field it is about, and the steps of the preview.
 */
import {
  chainProblems,
  defaultChain,
  SENSITIVE_STEP,
  UNIT_APPROVAL_HOLDER,
  UNIT_STEP,
  type Holder,
  type ReviewChain,
  type Role,
  type Stage,
  type SubmissionKind,
} from '../../../server/submissions/stages';

/** The roles that may hold a review step (admin and auditor never may: 三权分立). */
export const HOLDER_ROLES = ['correspondent', 'unit_approver', 'editor', 'leader'] as const satisfies readonly Role[];
export type HolderRole = (typeof HOLDER_ROLES)[number];

/** Limits of the API (server/submissions/schema.ts ZSetChain). */
export const MAX_STAGES = 6;
export const MAX_PEOPLE = 20;
export const MAX_TEXT = 30;

export type HolderValues = { roles: HolderRole[]; people: string[] };
export type StageValues = HolderValues & { key: string; name: string };
export type ChainFormValues = {
  unitApproval: boolean;
  stages: StageValues[];
  sensitive: HolderValues;
  distinctDeciders: boolean;
};

const isHolderRole = (r: string): r is HolderRole => (HOLDER_ROLES as readonly string[]).includes(r);
const unique = <T>(xs: readonly T[]): T[] => [...new Set(xs)];

function holderValues(h: Holder): HolderValues {
  return { roles: unique((h.roles ?? []).filter(isHolderRole)), people: unique(h.people ?? []) };
}

export function toFormValues(chain: ReviewChain): ChainFormValues {
  return {
    unitApproval: chain.unitApproval,
    stages: chain.stages.map((s) => ({ key: s.key, name: s.name, ...holderValues(s.holder) })),
    sensitive: holderValues(chain.sensitiveApproval),
    distinctDeciders: chain.distinctDeciders !== false,
  };
}

/** Keys for the usual stage names; other names give an ASCII slug of the name, or `stage-N`. */
const KNOWN_KEYS: Record<string, string> = { 初审: 'first', 复审: 'second', 终审: 'final' };
const RESERVED_KEYS: readonly string[] = [UNIT_STEP, SENSITIVE_STEP];

/** A key for a stage whose key field was left empty: from its name, never reserved, never one in `taken`. */
export function keyFromName(name: string, index: number, taken: ReadonlySet<string>): string {
  const trimmed = name.trim();
  const slug = trimmed
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_TEXT - 3);
  const base = KNOWN_KEYS[trimmed] ?? (slug || `stage-${index + 1}`);
  let key = base;
  for (let n = 2; taken.has(key) || RESERVED_KEYS.includes(key); n++) key = `${base}-${n}`;
  return key;
}

function holder(v: Partial<HolderValues> | undefined): Holder {
  const roles = unique(v?.roles ?? []);
  const people = unique(v?.people ?? []);
  return { ...(roles.length ? { roles } : {}), ...(people.length ? { people } : {}) };
}

/** The chain the form describes, as the API takes it: names and keys trimmed, empty keys generated. */
export function toChain(values: ChainFormValues): ReviewChain {
  const stages = values.stages ?? [];
  const taken = new Set(stages.map((s) => (s.key ?? '').trim()).filter(Boolean));
  const out: Stage[] = stages.map((s, i) => {
    let key = (s.key ?? '').trim();
    if (!key) {
      key = keyFromName(s.name ?? '', i, taken);
      taken.add(key);
    }
    return { key, name: (s.name ?? '').trim(), holder: holder(s) };
  });
  return { unitApproval: !!values.unitApproval, stages: out, sensitiveApproval: holder(values.sensitive), distinctDeciders: values.distinctDeciders !== false };
}

export type IssueCode =
  | 'stages_min'
  | 'stages_max'
  | 'name_required'
  | 'name_too_long'
  | 'key_too_long'
  | 'key_reserved'
  | 'key_duplicate'
  | 'no_holder'
  | 'forbidden_role'
  | 'too_many_people'
  | 'lead_unit_approval'
  | 'other';
/** One problem, on the form field (antd name path) it is about. */
export type Issue = { name: (string | number)[]; code: IssueCode; detail?: string };

/**
 * What is wrong with the form, field by field (empty = the server will take it). The same rules as
 * `chainProblems` and `ZSetChain`; anything `chainProblems` still finds is reported as 'other', so an
 * empty result always means `chainProblems(toChain(values))` is empty too.
 * News leads always go through unit approval (seed 003), so a lead chain without it is refused here.
 */
export function validateChain(values: ChainFormValues, kind: SubmissionKind): Issue[] {
  const issues: Issue[] = [];
  const chain = toChain(values);
  if (kind === 'lead' && !chain.unitApproval) issues.push({ name: ['unitApproval'], code: 'lead_unit_approval' });
  if (chain.stages.length === 0) issues.push({ name: ['stages'], code: 'stages_min' });
  if (chain.stages.length > MAX_STAGES) issues.push({ name: ['stages'], code: 'stages_max' });
  const seen = new Set<string>();
  const checkHolder = (at: (string | number)[], h: Holder) => {
    if ((h.roles ?? []).length === 0 && (h.people ?? []).length === 0) issues.push({ name: [...at, 'roles'], code: 'no_holder' });
    if ((h.roles ?? []).some((r) => !isHolderRole(r))) issues.push({ name: [...at, 'roles'], code: 'forbidden_role' });
    if ((h.people ?? []).length > MAX_PEOPLE) issues.push({ name: [...at, 'people'], code: 'too_many_people' });
  };
  chain.stages.forEach((s, i) => {
    if (!s.name) issues.push({ name: ['stages', i, 'name'], code: 'name_required' });
    else if (s.name.length > MAX_TEXT) issues.push({ name: ['stages', i, 'name'], code: 'name_too_long' });
    if (s.key.length > MAX_TEXT) issues.push({ name: ['stages', i, 'key'], code: 'key_too_long' });
    else if (RESERVED_KEYS.includes(s.key)) issues.push({ name: ['stages', i, 'key'], code: 'key_reserved', detail: s.key });
    else if (seen.has(s.key)) issues.push({ name: ['stages', i, 'key'], code: 'key_duplicate', detail: s.key });
    seen.add(s.key);
    checkHolder(['stages', i], s.holder);
  });
  checkHolder(['sensitive'], chain.sensitiveApproval);
  if (issues.length === 0) for (const p of chainProblems(chain)) issues.push({ name: ['stages'], code: 'other', detail: p });
  return issues;
}

const sorted = (xs: readonly string[] | undefined) => [...new Set(xs ?? [])].sort();
function normalHolder(h: Holder) {
  return { roles: sorted(h.roles), people: sorted(h.people) };
}
/** A chain in one comparable shape (role and people order, missing arrays and distinctDeciders do not matter). */
export function normalChain(chain: ReviewChain) {
  return {
    unitApproval: chain.unitApproval,
    stages: chain.stages.map((s) => ({ key: s.key, name: s.name, holder: normalHolder(s.holder) })),
    sensitiveApproval: normalHolder(chain.sensitiveApproval),
    distinctDeciders: chain.distinctDeciders !== false,
  };
}

export const sameChain = (a: ReviewChain, b: ReviewChain): boolean => JSON.stringify(normalChain(a)) === JSON.stringify(normalChain(b));
export const isDefaultChain = (chain: ReviewChain, kind: SubmissionKind): boolean => sameChain(chain, defaultChain(kind));

export type PreviewStep = { key: string; name: string; holder: Holder; kind: 'unit' | 'stage' | 'sensitive' };

/**
 * Every step an item of this chain may pass, in order: unit approval (when on), the stages, and the
 * sensitive-content approval, which only sensitive items go through.
 */
export function previewSteps(chain: ReviewChain): PreviewStep[] {
  return [
    ...(chain.unitApproval ? [{ key: UNIT_STEP, name: '单位审批', holder: UNIT_APPROVAL_HOLDER, kind: 'unit' as const }] : []),
    ...chain.stages.map((s) => ({ key: s.key, name: s.name, holder: s.holder, kind: 'stage' as const })),
    { key: SENSITIVE_STEP, name: '敏感内容审批', holder: chain.sensitiveApproval, kind: 'sensitive' as const },
  ];
}

/** Every person named in the chain (to look up their names once). */
export function peopleIn(chain: ReviewChain): string[] {
  return unique([...chain.stages.flatMap((s) => s.holder.people ?? []), ...(chain.sensitiveApproval.people ?? [])]);
}
