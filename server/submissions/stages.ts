/**
 * Review state machine (审核流程) — a pure core: data in, data out. No database, no I/O, no clock.
 *
 * Path of one version of an item (DOMAIN.md "The flow", "Review"):
 *
 *   draft ─submit─> [unit approval] ─> stage 1 ─> … ─> stage n ─> [sensitive approval] ─> adopted
 *
 * - unit approval (单位主管领导审核) is on the path when `chain.unitApproval` (news leads: always, 003);
 *   it is held by the role 'unit_approver' of the item's unit.
 * - stages are per kind (default 三审: 初审 → 复审 → 终审), each held by roles and/or named people.
 * - sensitive approval is on the path when `state.sensitive` (or the item is already waiting there:
 *   un-marking an item never lets it skip an approval it is waiting for); held by `chain.sensitiveApproval`.
 *
 * Decisions at every step: pass (exactly one step forward; the pass at the last step is the release,
 * making the item adopted), return with a comment (back to the correspondent; ALL approvals are dropped;
 * the resubmission is a new version and starts the whole path again), reject with a reason (final).
 *
 * Rules this file guarantees (tested in stages.test.ts and stages.model.test.ts):
 * - No skipping: a pass moves exactly one step; approvals always equal the steps passed so far, in order,
 *   all on the current version.
 * - Only the holder of the current step decides it. Roles 'admin' and 'auditor' may never hold a step
 *   (三权分立: administrators manage, auditors read the audit log); `chainProblems` refuses such chains.
 * - Separation of duties: the submitter of an item cannot pass, return or reject it at any step, even
 *   when they hold that step's role (e.g. a correspondent who is also the unit approver).
 * - Four-eyes across steps (`chain.distinctDeciders`, default true): a person who passed one step of a
 *   version may not pass any later step of the same version (stronger than "not the next step": 初审 and
 *   终审 by one person would defeat 三审 just as well). They may still return or reject it.
 * - Release (the final pass) is refused while `openFindings !== 0` (unresolved personal-data flags;
 *   the count is kept by the caller, fail-closed on anything but 0) and, for a sensitive item, while no
 *   response plan (三同步 plan) is attached.
 * - rejected, adopted and withdrawn are final: every action on them is refused.
 * - Every refusal returns `{ ok: false, code }` and the input is never mutated (all-or-nothing).
 * - Withdraw (our call): the submitter may withdraw while the current version waits at its FIRST step
 *   (no decision taken on it yet), or while it is returned (they choose not to resubmit). Final.
 * - submit, resubmit and withdraw are for the item's submitter (`isSubmitter`, decided by the caller)
 *   holding the 'correspondent' role.
 *
 * The caller stores a snapshot of the chain with the item at submission: a chain edited mid-flight may
 * leave a state that matches no step, which is refused as 'review/invalid_transition'.
 */

export const REVIEW_ROLES = ['correspondent', 'unit_approver', 'editor', 'leader', 'admin', 'auditor'] as const;
export type Role = (typeof REVIEW_ROLES)[number];
/** Roles that may never hold a review step (separation of duties). */
export const NON_REVIEW_ROLES: readonly Role[] = ['admin', 'auditor'];

export type Holder = { roles?: readonly Role[]; people?: readonly string[] };
export type Stage = { key: string; name: string; holder: Holder };
export type ReviewChain = {
  unitApproval: boolean;
  stages: readonly Stage[];
  sensitiveApproval: Holder;
  /** Four-eyes across steps; undefined means true. */
  distinctDeciders?: boolean;
};
import type { SubmissionKind } from './kinds';
export type { SubmissionKind };

/**
 * Every status of an item, typed once for the server and the web app. `adopted` is 录用 (accepted
 * by the office): the item passed the last step of its chain. Uses of it — in a briefing, by an
 * upper level, by the media — are separate records of use, never this status.
 */
export const REVIEW_STATUSES = ['draft', 'unit_approval', 'in_review', 'sensitive_approval', 'returned', 'rejected', 'adopted', 'withdrawn'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];
export type Approval = { step: string; by: string; version: number };
export type ReviewState = {
  status: ReviewStatus;
  /** Index into chain.stages while in_review, otherwise null. */
  stageIndex: number | null;
  version: number;
  approvals: readonly Approval[];
  sensitive: boolean;
  hasResponsePlan: boolean;
  openFindings: number;
};

/** roles: already resolved to the item's unit scope by the caller. */
export type Actor = { id: string; roles: readonly string[] };
export type ReviewAction =
  | { type: 'submit' } | { type: 'pass' } | { type: 'return'; comment: string }
  | { type: 'reject'; reason: string } | { type: 'resubmit' } | { type: 'withdraw' };
export type ReviewActionType = ReviewAction['type'];

export type ReviewEvent = {
  /** `imported`: brought in as accepted by the operator's interchange import, reviewed by nobody here (written outside the machine, by nobody). */
  type: 'submitted' | 'resubmitted' | 'withdrawn' | 'passed' | 'returned' | 'rejected' | 'imported';
  by: string;
  /** Version the action was taken on (for resubmitted: the new version). */
  version: number;
  /** Step decided (pass/return/reject), or null for the submitter's own actions. */
  step: string | null;
  from: ReviewStatus;
  to: ReviewStatus;
  /** Trimmed comment (return) or reason (reject). */
  text?: string;
};

/** Why the machine refuses an action; messages (zh-CN, en) and HTTP statuses live in server/errors.ts. */
export const REVIEW_ERROR_CODES = [
  'review/invalid_chain',
  'review/already_final',
  'review/invalid_transition',
  'review/not_submitter',
  'review/not_your_stage',
  'review/own_item',
  'review/four_eyes',
  'review/comment_required',
  'review/reason_required',
  'review/response_plan_required',
  'review/open_personal_data',
] as const;
export type ReviewErrorCode = (typeof REVIEW_ERROR_CODES)[number];

export type DecideInput = {
  chain: ReviewChain;
  state: ReviewState;
  actor: Actor;
  action: ReviewAction;
  /** The actor is the item's submitter (owner), as the caller determines it. */
  isSubmitter: boolean;
};
export type DecideResult =
  | { ok: true; state: ReviewState; event: ReviewEvent }
  | { ok: false; code: ReviewErrorCode };

export const UNIT_STEP = 'unit';
export const SENSITIVE_STEP = 'sensitive';
export const UNIT_APPROVAL_HOLDER: Holder = { roles: ['unit_approver'] };
export const FINAL_STATUSES: readonly ReviewStatus[] = ['rejected', 'adopted', 'withdrawn'];

/** Default chain per kind: 三审 by editors, sensitive approval by leaders, unit approval for leads. */
export function defaultChain(kind: SubmissionKind): ReviewChain {
  return {
    unitApproval: kind === 'lead',
    stages: [
      { key: 'first', name: '初审', holder: { roles: ['editor'] } },
      { key: 'second', name: '复审', holder: { roles: ['editor'] } },
      { key: 'final', name: '终审', holder: { roles: ['editor'] } },
    ],
    sensitiveApproval: { roles: ['leader'] },
    distinctDeciders: true,
  };
}

export function initialState(facts: Partial<Pick<ReviewState, 'sensitive' | 'hasResponsePlan' | 'openFindings'>> = {}): ReviewState {
  return {
    status: 'draft', stageIndex: null, version: 1, approvals: [],
    sensitive: facts.sensitive ?? false, hasResponsePlan: facts.hasResponsePlan ?? false, openFindings: facts.openFindings ?? 0,
  };
}

/** Problems with a chain configuration (empty = valid). For the admin form, and checked by decide. */
export function chainProblems(chain: ReviewChain): string[] {
  const problems: string[] = [];
  if (chain.stages.length === 0) problems.push('chain/no_stages');
  const seen = new Set<string>();
  const checkHolder = (key: string, h: Holder) => {
    if ((h.roles ?? []).length === 0 && (h.people ?? []).length === 0) problems.push(`chain/no_holder:${key}`);
    for (const r of h.roles ?? []) if (NON_REVIEW_ROLES.includes(r)) problems.push(`chain/forbidden_role:${key}:${r}`);
  };
  for (const s of chain.stages) {
    if (s.key.trim() === '') problems.push('chain/empty_key');
    else if (s.key === UNIT_STEP || s.key === SENSITIVE_STEP) problems.push(`chain/reserved_key:${s.key}`);
    else if (seen.has(s.key)) problems.push(`chain/duplicate_key:${s.key}`);
    seen.add(s.key);
    checkHolder(s.key, s.holder);
  }
  checkHolder(SENSITIVE_STEP, chain.sensitiveApproval);
  return problems;
}

export type Step = {
  key: string;
  name: string;
  status: 'unit_approval' | 'in_review' | 'sensitive_approval';
  stageIndex: number | null;
  holder: Holder;
};

/** The steps this item must pass, in order, given the chain and the item's current facts. */
export function stepsFor(chain: ReviewChain, state: ReviewState): Step[] {
  const steps: Step[] = [];
  if (chain.unitApproval) {
    steps.push({ key: UNIT_STEP, name: '单位审批', status: 'unit_approval', stageIndex: null, holder: UNIT_APPROVAL_HOLDER });
  }
  chain.stages.forEach((s, i) => steps.push({ key: s.key, name: s.name, status: 'in_review', stageIndex: i, holder: s.holder }));
  if (needsSensitiveApproval(state)) {
    steps.push({ key: SENSITIVE_STEP, name: '敏感内容审批', status: 'sensitive_approval', stageIndex: null, holder: chain.sensitiveApproval });
  }
  return steps;
}

function needsSensitiveApproval(state: ReviewState): boolean {
  return state.sensitive || state.status === 'sensitive_approval';
}

function currentIndex(steps: readonly Step[], state: ReviewState): number {
  return steps.findIndex((s) => s.status === state.status && s.stageIndex === state.stageIndex);
}

export function holds(actor: Actor, holder: Holder): boolean {
  return (holder.roles ?? []).some((r) => actor.roles.includes(r)) || (holder.people ?? []).includes(actor.id);
}

export function isFinal(state: ReviewState): boolean {
  return FINAL_STATUSES.includes(state.status);
}

export function isAdopted(state: ReviewState): boolean {
  return state.status === 'adopted';
}

export type Holding =
  | { kind: 'step'; step: string; name: string; roles: Role[]; people: string[] }
  | { kind: 'submitter'; status: 'draft' | 'returned' }
  | { kind: 'nobody' };

/** Who holds the item now ("where is my item, who holds it"). */
export function whoHolds(chain: ReviewChain, state: ReviewState): Holding {
  if (state.status === 'draft' || state.status === 'returned') return { kind: 'submitter', status: state.status };
  const steps = stepsFor(chain, state);
  const step = steps[currentIndex(steps, state)];
  if (!step) return { kind: 'nobody' }; // final, or a state that matches no step of this chain
  return { kind: 'step', step: step.key, name: step.name, roles: [...(step.holder.roles ?? [])], people: [...(step.holder.people ?? [])] };
}

const no = (code: ReviewErrorCode): DecideResult => ({ ok: false, code });
const text = (s: unknown): string => (typeof s === 'string' ? s.trim() : '');

/** Applies one action. Checks, in order: chain valid, not final, transition possible here, who may act,
 * separation of duties, four-eyes, comment/reason, release guards (response plan, personal data). */
export function decide(input: DecideInput): DecideResult {
  const { chain, state, actor, action, isSubmitter } = input;
  if (chainProblems(chain).length > 0) return no('review/invalid_chain');
  if (isFinal(state)) return no('review/already_final');
  const steps = stepsFor(chain, state);
  const at = currentIndex(steps, state);
  const owner = isSubmitter && actor.roles.includes('correspondent');
  const done = (next: ReviewState, event: Omit<ReviewEvent, 'by' | 'from' | 'to'>): DecideResult => ({
    ok: true, state: next, event: { ...event, by: actor.id, from: state.status, to: next.status },
  });

  switch (action.type) {
    case 'submit':
    case 'resubmit': {
      if (state.status !== (action.type === 'submit' ? 'draft' : 'returned')) return no('review/invalid_transition');
      if (!owner) return no('review/not_submitter');
      const first = steps[0]!; // chainProblems guarantees at least one stage
      const version = action.type === 'submit' ? state.version : state.version + 1;
      return done(
        { ...state, status: first.status, stageIndex: first.stageIndex, version, approvals: [] },
        { type: action.type === 'submit' ? 'submitted' : 'resubmitted', version, step: null },
      );
    }
    case 'withdraw': {
      const untouched = at === 0 && state.approvals.length === 0;
      if (!untouched && state.status !== 'returned') return no('review/invalid_transition');
      if (!owner) return no('review/not_submitter');
      return done({ ...state, status: 'withdrawn', stageIndex: null }, { type: 'withdrawn', version: state.version, step: null });
    }
  }

  // pass / return / reject: a decision on the current step.
  const step = steps[at];
  if (!step) return no('review/invalid_transition');
  if (!holds(actor, step.holder)) return no('review/not_your_stage');
  if (isSubmitter) return no('review/own_item');
  const base = { version: state.version, step: step.key };

  if (action.type === 'return') {
    const comment = text(action.comment);
    if (!comment) return no('review/comment_required');
    return done({ ...state, status: 'returned', stageIndex: null, approvals: [] }, { ...base, type: 'returned', text: comment });
  }
  if (action.type === 'reject') {
    const reason = text(action.reason);
    if (!reason) return no('review/reason_required');
    return done({ ...state, status: 'rejected', stageIndex: null }, { ...base, type: 'rejected', text: reason });
  }

  // pass
  const distinct = chain.distinctDeciders !== false;
  if (distinct && state.approvals.some((a) => a.by === actor.id && a.version === state.version)) return no('review/four_eyes');
  const next = steps[at + 1];
  if (!next) {
    // release
    if (needsSensitiveApproval(state) && !state.hasResponsePlan) return no('review/response_plan_required');
    if (state.openFindings !== 0) return no('review/open_personal_data');
  }
  const approvals = [...state.approvals, { step: step.key, by: actor.id, version: state.version }];
  const moved = next ? { status: next.status, stageIndex: next.stageIndex } : { status: 'adopted' as const, stageIndex: null };
  return done({ ...state, ...moved, approvals }, { ...base, type: 'passed' });
}

const PROBES: readonly ReviewAction[] = [
  { type: 'submit' }, { type: 'resubmit' }, { type: 'withdraw' },
  { type: 'pass' }, { type: 'return', comment: '-' }, { type: 'reject', reason: '-' },
];

/** The action types this actor may take now (for buttons and bulk actions); consistent with decide. */
export function allowedActions(chain: ReviewChain, state: ReviewState, actor: Actor, isSubmitter: boolean): ReviewActionType[] {
  return PROBES.filter((action) => decide({ chain, state, actor, action, isSubmitter }).ok).map((a) => a.type);
}
