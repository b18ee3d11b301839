/**
 * Model-based property test of the review state machine (SECURITY.md: "workflow steps in order, no
 * skipping, all-or-nothing"). Random chains, random actors and random sequences of actions and of
 * caller-side fact changes (sensitivity, response plan, personal-data findings) are run against
 * `decide` and against an independent model written here from the rules in DOMAIN.md; the two must
 * agree on every step, and invariants are checked on the real state without the model.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allowedActions, decide, initialState,
  type Actor, type Holder, type ReviewAction, type ReviewChain, type ReviewErrorCode, type ReviewState, type Role,
} from './stages';

// ---- an independent model ---------------------------------------------------------------------
type Rung = { key: string; status: ReviewState['status']; stageIndex: number | null; roles: readonly string[]; people: readonly string[] };
type Model = {
  phase: 'draft' | 'returned' | 'waiting' | 'rejected' | 'adopted' | 'withdrawn';
  waitingAt: string | null;
  version: number;
  passed: { step: string; by: string }[];
  sensitive: boolean;
  plan: boolean;
  findings: number;
};
type Expect = { ok: true; m: Model } | { ok: false; code: ReviewErrorCode };

const SUBMITTER = 'sub';

function ladder(chain: ReviewChain, sensitivePath: boolean): Rung[] {
  const rungs: Rung[] = [];
  if (chain.unitApproval) rungs.push({ key: 'unit', status: 'unit_approval', stageIndex: null, roles: ['unit_approver'], people: [] });
  for (let i = 0; i < chain.stages.length; i++) {
    const s = chain.stages[i]!;
    rungs.push({ key: s.key, status: 'in_review', stageIndex: i, roles: s.holder.roles ?? [], people: s.holder.people ?? [] });
  }
  if (sensitivePath) {
    const h = chain.sensitiveApproval;
    rungs.push({ key: 'sensitive', status: 'sensitive_approval', stageIndex: null, roles: h.roles ?? [], people: h.people ?? [] });
  }
  return rungs;
}
const modelLadder = (chain: ReviewChain, m: Model) => ladder(chain, m.sensitive || m.waitingAt === 'sensitive');
const mayHold = (a: Actor, r: Rung) => r.people.includes(a.id) || r.roles.some((x) => a.roles.includes(x));

function modelStep(chain: ReviewChain, m: Model, actor: Actor, action: ReviewAction): Expect {
  const fail = (code: ReviewErrorCode): Expect => ({ ok: false, code });
  if (m.phase === 'rejected' || m.phase === 'adopted' || m.phase === 'withdrawn') return fail('review/already_final');
  const L = modelLadder(chain, m);
  const isSub = actor.id === SUBMITTER;
  const owner = isSub && actor.roles.includes('correspondent');
  const first = L[0]!.key;
  switch (action.type) {
    case 'submit':
      if (m.phase !== 'draft') return fail('review/invalid_transition');
      return owner ? { ok: true, m: { ...m, phase: 'waiting', waitingAt: first, passed: [] } } : fail('review/not_submitter');
    case 'resubmit':
      if (m.phase !== 'returned') return fail('review/invalid_transition');
      return owner ? { ok: true, m: { ...m, phase: 'waiting', waitingAt: first, passed: [], version: m.version + 1 } } : fail('review/not_submitter');
    case 'withdraw':
      if (!(m.phase === 'returned' || (m.phase === 'waiting' && m.waitingAt === first))) return fail('review/invalid_transition');
      return owner ? { ok: true, m: { ...m, phase: 'withdrawn', waitingAt: null } } : fail('review/not_submitter');
  }
  if (m.phase !== 'waiting') return fail('review/invalid_transition');
  const i = L.findIndex((r) => r.key === m.waitingAt);
  const rung = L[i]!;
  if (!mayHold(actor, rung)) return fail('review/not_your_stage');
  if (isSub) return fail('review/own_item');
  if (action.type === 'return') {
    if (action.comment.trim() === '') return fail('review/comment_required');
    return { ok: true, m: { ...m, phase: 'returned', waitingAt: null, passed: [] } };
  }
  if (action.type === 'reject') {
    if (action.reason.trim() === '') return fail('review/reason_required');
    return { ok: true, m: { ...m, phase: 'rejected', waitingAt: null } };
  }
  if (chain.distinctDeciders !== false && m.passed.some((p) => p.by === actor.id)) return fail('review/four_eyes');
  const passed = [...m.passed, { step: rung.key, by: actor.id }];
  const next = L[i + 1];
  if (next) return { ok: true, m: { ...m, waitingAt: next.key, passed } };
  if (L.some((r) => r.key === 'sensitive') && !m.plan) return fail('review/response_plan_required');
  if (m.findings > 0) return fail('review/open_personal_data');
  return { ok: true, m: { ...m, phase: 'adopted', waitingAt: null, passed } };
}

function toReal(chain: ReviewChain, m: Model): ReviewState {
  const rung = modelLadder(chain, m).find((r) => r.key === m.waitingAt);
  return {
    status: m.phase === 'waiting' ? rung!.status : m.phase,
    stageIndex: m.phase === 'waiting' ? rung!.stageIndex : null,
    version: m.version,
    approvals: m.passed.map((p) => ({ ...p, version: m.version })),
    sensitive: m.sensitive,
    hasResponsePlan: m.plan,
    openFindings: m.findings,
  };
}

// ---- generators -------------------------------------------------------------------------------
const STAFF: Actor[] = [
  { id: 'c2', roles: ['correspondent'] },
  { id: 'u1', roles: ['unit_approver'] },
  { id: 'e1', roles: ['editor'] },
  { id: 'e2', roles: ['editor'] },
  { id: 'e3', roles: ['editor'] },
  { id: 'l1', roles: ['leader'] },
  { id: 'le', roles: ['leader', 'editor'] },
  { id: 'p1', roles: [] },
  { id: 'p2', roles: [] },
  { id: 'a1', roles: ['admin'] },
  { id: 'au', roles: ['auditor'] },
];
const holderArb = (roles: Role[]): fc.Arbitrary<Holder> =>
  fc.record({ roles: fc.subarray(roles), people: fc.subarray(['p1', 'p2', SUBMITTER]) })
    .filter((h) => h.roles.length + h.people.length > 0);
const chainArb: fc.Arbitrary<ReviewChain> = fc.record({
  unitApproval: fc.boolean(),
  stages: fc.array(holderArb(['editor', 'leader', 'unit_approver', 'correspondent']), { minLength: 1, maxLength: 4 })
    .map((hs) => hs.map((holder, i) => ({ key: `s${i}`, name: `第${i + 1}审`, holder }))),
  sensitiveApproval: holderArb(['leader', 'editor']),
  distinctDeciders: fc.constantFrom(true, false, undefined),
});
const submitterArb: fc.Arbitrary<Actor> = fc
  .subarray(['correspondent', 'editor', 'unit_approver', 'leader'] as const)
  .map((roles) => ({ id: SUBMITTER, roles }));
const textArb = fc.constantFrom('', '  ', '\u3000', '请修改', ' 理由 ');
const actionArb: fc.Arbitrary<ReviewAction> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ type: 'pass' as const }) },
  { weight: 2, arbitrary: fc.constant({ type: 'submit' as const }) },
  { weight: 2, arbitrary: fc.constant({ type: 'resubmit' as const }) },
  { weight: 1, arbitrary: fc.constant({ type: 'withdraw' as const }) },
  { weight: 2, arbitrary: textArb.map((comment) => ({ type: 'return' as const, comment })) },
  { weight: 1, arbitrary: textArb.map((reason) => ({ type: 'reject' as const, reason })) },
);
type Cmd =
  | { kind: 'act'; pick: number; steer: boolean; action: ReviewAction }
  | { kind: 'sensitive'; value: boolean }
  | { kind: 'plan'; value: boolean }
  | { kind: 'findings'; value: number };
const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 12, arbitrary: fc.record({ kind: fc.constant('act' as const), pick: fc.nat(), steer: fc.boolean(), action: actionArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('sensitive' as const), value: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('plan' as const), value: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('findings' as const), value: fc.constantFrom(0, 0, 1, 2) }) },
);

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}
const isFinalStatus = (s: ReviewState['status']) => s === 'rejected' || s === 'adopted' || s === 'withdrawn';

// ---- the property -----------------------------------------------------------------------------
describe('review state machine vs. model', () => {
  it('agrees with the model on random action sequences and keeps every invariant', () => {
    const seen = { adopted: 0, adoptedSensitive: 0, adoptedAfterReturn: 0, refusals: new Map<string, number>() };

    fc.assert(
      fc.property(chainArb, submitterArb, fc.boolean(), fc.boolean(), fc.array(cmdArb, { minLength: 5, maxLength: 60, size: 'max' }), (chain, submitter, sensitive, plan, cmds) => {
        const actors = [submitter, ...STAFF];
        deepFreeze(chain);
        let state: ReviewState = initialState({ sensitive, hasResponsePlan: plan });
        let m: Model = { phase: 'draft', waitingAt: null, version: 1, passed: [], sensitive, plan, findings: 0 };

        for (const cmd of cmds) {
          if (cmd.kind !== 'act') {
            // the caller updates a fact it owns; the machine reads it at the next decision
            const key = ({ sensitive: 'sensitive', plan: 'hasResponsePlan', findings: 'openFindings' } as const)[cmd.kind];
            state = { ...state, [key]: cmd.value };
            m = { ...m, [cmd.kind]: cmd.value };
            continue;
          }
          // steer: half the time pick among (actor, action) pairs the MODEL accepts, so long flows happen
          const tries: ReviewAction[] = [cmd.action, { type: 'pass' }, { type: 'pass' }, { type: 'submit' }, { type: 'resubmit' }];
          const fit = cmd.steer ? actors.flatMap((a) => tries.filter((t) => modelStep(chain, m, a, t).ok).map((t) => [a, t] as const)) : [];
          const [actor, action] = fit.length > 0 ? fit[cmd.pick % fit.length]! : [actors[cmd.pick % actors.length]!, cmd.action];
          const isSubmitter = actor.id === SUBMITTER;

          const before = structuredClone(state);
          deepFreeze(state); // any mutation of the input would throw
          const r = decide({ chain, state, actor, action: action, isSubmitter });
          const e = modelStep(chain, m, actor, action);

          // 1. agreement with the model
          if (e.ok) {
            expect(r.ok, `${actor.id} ${action.type} refused: ${r.ok ? '' : r.code}`).toBe(true);
          } else {
            expect(r).toEqual({ ok: false, code: e.code });
          }
          // 2. all-or-nothing: the input state is untouched either way
          expect(state).toEqual(before);
          // 3. buttons match decisions (probes use a non-blank text)
          const textOk = !('comment' in action && !action.comment.trim()) && !('reason' in action && !action.reason.trim());
          if (textOk) expect(allowedActions(chain, state, actor, isSubmitter).includes(action.type)).toBe(r.ok);

          if (!r.ok) {
            seen.refusals.set(r.code, (seen.refusals.get(r.code) ?? 0) + 1);
            if (isFinalStatus(state.status)) expect(r.code).toBe('review/already_final');
            continue;
          }
          if (!e.ok) throw new Error('unreachable');
          const next = r.state;
          expect(next).toEqual(toReal(chain, e.m));

          // 4. invariants on the real state, independent of the model
          const L = ladder(chain, next.sensitive || next.status === 'sensitive_approval' || before.status === 'sensitive_approval');
          const posOf = (s: ReviewState) => L.findIndex((x) => x.status === s.status && x.stageIndex === s.stageIndex);
          expect(isFinalStatus(before.status)).toBe(false); // final states stay final
          expect(next.approvals.every((a) => a.version === next.version)).toBe(true); // no approval from an earlier version
          expect(next.approvals.some((a) => a.by === SUBMITTER)).toBe(false); // separation of duties
          if (chain.distinctDeciders !== false) expect(new Set(next.approvals.map((a) => a.by)).size).toBe(next.approvals.length);
          for (const a of next.approvals) {
            const rung = L.find((x) => x.key === a.step)!;
            expect(mayHold(actors.find((x) => x.id === a.by)!, rung)).toBe(true); // only holders decide
          }
          if (next.status === 'returned' || action.type === 'resubmit' || action.type === 'submit') expect(next.approvals).toEqual([]);
          if (action.type === 'resubmit') expect(next.version).toBe(before.version + 1);
          if (!isFinalStatus(next.status) && next.status !== 'draft' && next.status !== 'returned') {
            // no skipping: the approvals are exactly the rungs below the current one, in order
            expect(next.approvals.map((a) => a.step)).toEqual(L.slice(0, posOf(next)).map((x) => x.key));
          }
          if (action.type === 'pass' && next.status !== 'adopted') expect(posOf(next)).toBe(posOf(before) + 1);
          if (next.status === 'adopted') {
            // adopted only after every rung passed on this very version, with plan and no open findings
            expect(action.type).toBe('pass');
            expect(posOf(before)).toBe(L.length - 1);
            expect(next.approvals.map((a) => a.step)).toEqual(L.map((x) => x.key));
            if (L.at(-1)!.key === 'sensitive') expect(before.hasResponsePlan).toBe(true);
            if (before.sensitive) expect(L.at(-1)!.key).toBe('sensitive');
            expect(before.openFindings).toBe(0);
            seen.adopted++;
            if (L.at(-1)!.key === 'sensitive') seen.adoptedSensitive++;
            if (next.version > 1) seen.adoptedAfterReturn++;
          }
          state = next;
          m = e.m;
        }
      }),
      { numRuns: 1000 },
    );

    // the property is not vacuous: long flows and every refusal the generator can provoke happened
    expect(seen.adopted).toBeGreaterThan(100);
    expect(seen.adoptedSensitive).toBeGreaterThan(30);
    expect(seen.adoptedAfterReturn).toBeGreaterThan(10);
    const codes: ReviewErrorCode[] = [
      'review/already_final', 'review/invalid_transition', 'review/not_submitter', 'review/not_your_stage', 'review/own_item',
      'review/four_eyes', 'review/comment_required', 'review/reason_required', 'review/response_plan_required', 'review/open_personal_data',
    ];
    for (const c of codes) expect(seen.refusals.get(c) ?? 0, c).toBeGreaterThan(0);
  }, 60_000); // ~3 s alone; generous for a shared 2-core machine
});
