import { describe, expect, it } from 'vitest';
import { ERRORS } from '../errors';
import {
  allowedActions, chainProblems, decide, defaultChain, initialState, isAdopted, REVIEW_ERROR_CODES, whoHolds,
  type Actor, type ReviewAction, type ReviewChain, type ReviewErrorCode, type ReviewEvent, type ReviewState,
} from './stages';

// ---- fixtures ---------------------------------------------------------------------------------
const A = {
  corr: { id: 'c1', roles: ['correspondent'] },
  corr2: { id: 'c2', roles: ['correspondent'] },
  unitBoss: { id: 'u1', roles: ['unit_approver'] },
  corrBoss: { id: 'c3', roles: ['correspondent', 'unit_approver'] }, // submits and approves for a unit
  corrEditor: { id: 'c4', roles: ['correspondent', 'editor'] },
  e1: { id: 'e1', roles: ['editor'] },
  e2: { id: 'e2', roles: ['editor'] },
  e3: { id: 'e3', roles: ['editor'] },
  leader: { id: 'l1', roles: ['leader'] },
  leaderEditor: { id: 'l2', roles: ['leader', 'editor'] },
  admin: { id: 'a1', roles: ['admin'] },
  auditor: { id: 'au1', roles: ['auditor'] },
  named: { id: 'p-zhang', roles: [] },
} satisfies Record<string, Actor>;

const article = defaultChain('article');
const lead = defaultChain('lead');
const noFourEyes: ReviewChain = { ...article, distinctDeciders: false };
const namedChain: ReviewChain = {
  unitApproval: false,
  stages: [{ key: 'only', name: '审核', holder: { people: ['p-zhang'] } }],
  sensitiveApproval: { people: ['p-li'] },
};

const S = (p: Partial<ReviewState> = {}): ReviewState => ({ ...initialState(), ...p });
const at = (stageIndex: number, p: Partial<ReviewState> = {}): ReviewState => S({ status: 'in_review', stageIndex, ...p });
const ap = (step: string, by: string, version = 1) => ({ step, by, version });
const PASS: ReviewAction = { type: 'pass' };

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

// ---- accepted transitions ---------------------------------------------------------------------
type Ok = {
  name: string; chain?: ReviewChain; state: ReviewState; actor: Actor; isSubmitter?: boolean; action: ReviewAction;
  expect: ReviewState; event: Partial<ReviewEvent>;
};
const okRows: Ok[] = [
  { name: 'submit an article: draft → 初审', state: S(), actor: A.corr, isSubmitter: true, action: { type: 'submit' },
    expect: at(0), event: { type: 'submitted', by: 'c1', version: 1, step: null, from: 'draft', to: 'in_review' } },
  { name: 'submit a lead: draft → unit approval', chain: lead, state: S(), actor: A.corr, isSubmitter: true, action: { type: 'submit' },
    expect: S({ status: 'unit_approval' }), event: { type: 'submitted', to: 'unit_approval' } },
  { name: 'unit approver passes a lead → 初审', chain: lead, state: S({ status: 'unit_approval' }), actor: A.unitBoss, action: PASS,
    expect: at(0, { approvals: [ap('unit', 'u1')] }), event: { type: 'passed', step: 'unit', by: 'u1', from: 'unit_approval', to: 'in_review' } },
  { name: '初审 pass → 复审 (open findings do not block a non-final pass)', state: at(0, { openFindings: 3 }), actor: A.e1, action: PASS,
    expect: at(1, { openFindings: 3, approvals: [ap('first', 'e1')] }), event: { type: 'passed', step: 'first' } },
  { name: '复审 pass → 终审', state: at(1, { approvals: [ap('first', 'e1')] }), actor: A.e2, action: PASS,
    expect: at(2, { approvals: [ap('first', 'e1'), ap('second', 'e2')] }), event: { step: 'second' } },
  { name: '终审 pass of a normal item → adopted', state: at(2, { approvals: [ap('first', 'e1'), ap('second', 'e2')] }), actor: A.e3, action: PASS,
    expect: S({ status: 'adopted', approvals: [ap('first', 'e1'), ap('second', 'e2'), ap('final', 'e3')] }),
    event: { type: 'passed', step: 'final', to: 'adopted' } },
  { name: '终审 pass of a sensitive item → sensitive approval (no plan needed yet)', state: at(2, { sensitive: true, approvals: [ap('first', 'e1'), ap('second', 'e2')] }),
    actor: A.e3, action: PASS,
    expect: S({ status: 'sensitive_approval', sensitive: true, approvals: [ap('first', 'e1'), ap('second', 'e2'), ap('final', 'e3')] }),
    event: { to: 'sensitive_approval' } },
  { name: 'leader passes sensitive approval with plan → adopted', state: S({ status: 'sensitive_approval', sensitive: true, hasResponsePlan: true, approvals: [ap('final', 'e3')] }),
    actor: A.leader, action: PASS,
    expect: S({ status: 'adopted', sensitive: true, hasResponsePlan: true, approvals: [ap('final', 'e3'), ap('sensitive', 'l1')] }),
    event: { step: 'sensitive', to: 'adopted' } },
  { name: 'item un-marked while waiting at sensitive approval still needs that pass', state: S({ status: 'sensitive_approval', hasResponsePlan: true }),
    actor: A.leader, action: PASS, expect: S({ status: 'adopted', hasResponsePlan: true, approvals: [ap('sensitive', 'l1')] }), event: { step: 'sensitive' } },
  { name: 'return at 复审 drops every approval, keeps version, trims comment', state: at(1, { approvals: [ap('first', 'e1')] }), actor: A.e2,
    action: { type: 'return', comment: '  请补充时间地点 ' },
    expect: S({ status: 'returned' }), event: { type: 'returned', step: 'second', version: 1, text: '请补充时间地点', to: 'returned' } },
  { name: 'unit approver returns a lead', chain: lead, state: S({ status: 'unit_approval' }), actor: A.unitBoss, action: { type: 'return', comment: '补充情况说明' },
    expect: S({ status: 'returned' }), event: { step: 'unit' } },
  { name: 'reject at 初审 is final and keeps the record of approvals', chain: lead, state: at(0, { approvals: [ap('unit', 'u1')] }), actor: A.e1,
    action: { type: 'reject', reason: ' 涉密 ' },
    expect: S({ status: 'rejected', approvals: [ap('unit', 'u1')] }), event: { type: 'rejected', step: 'first', text: '涉密' } },
  { name: 'leader rejects at sensitive approval', state: S({ status: 'sensitive_approval', sensitive: true }), actor: A.leader, action: { type: 'reject', reason: '时机不宜' },
    expect: S({ status: 'rejected', sensitive: true }), event: { step: 'sensitive' } },
  { name: 'resubmit a returned article → version 2 at 初审', state: S({ status: 'returned' }), actor: A.corr, isSubmitter: true, action: { type: 'resubmit' },
    expect: at(0, { version: 2 }), event: { type: 'resubmitted', version: 2, from: 'returned', to: 'in_review' } },
  { name: 'resubmit a returned lead → unit approval again', chain: lead, state: S({ status: 'returned', version: 3 }), actor: A.corr, isSubmitter: true,
    action: { type: 'resubmit' }, expect: S({ status: 'unit_approval', version: 4 }), event: { version: 4 } },
  { name: 'withdraw before any decision at the first step', state: at(0, { version: 2 }), actor: A.corr, isSubmitter: true, action: { type: 'withdraw' },
    expect: S({ status: 'withdrawn', version: 2 }), event: { type: 'withdrawn', step: null, version: 2 } },
  { name: 'withdraw a lead waiting at unit approval', chain: lead, state: S({ status: 'unit_approval' }), actor: A.corr, isSubmitter: true,
    action: { type: 'withdraw' }, expect: S({ status: 'withdrawn' }), event: { from: 'unit_approval' } },
  { name: 'withdraw a returned item instead of resubmitting', state: S({ status: 'returned' }), actor: A.corr, isSubmitter: true, action: { type: 'withdraw' },
    expect: S({ status: 'withdrawn' }), event: { type: 'withdrawn' } },
  { name: 'a stage held by a named person', chain: namedChain, state: at(0), actor: A.named, action: PASS,
    expect: S({ status: 'adopted', approvals: [ap('only', 'p-zhang')] }), event: { step: 'only' } },
  { name: 'distinctDeciders=false: same editor passes 复审 after 初审', chain: noFourEyes, state: at(1, { approvals: [ap('first', 'e1')] }), actor: A.e1, action: PASS,
    expect: at(2, { approvals: [ap('first', 'e1'), ap('second', 'e1')] }), event: { step: 'second' } },
  { name: 'four-eyes still lets the earlier passer return the item', state: at(1, { approvals: [ap('first', 'e1')] }), actor: A.e1,
    action: { type: 'return', comment: '发现错字' }, expect: S({ status: 'returned' }), event: { type: 'returned' } },
  { name: 'leader who is also editor passes a stage (role match on any role)', state: at(0), actor: A.leaderEditor, action: PASS,
    expect: at(1, { approvals: [ap('first', 'l2')] }), event: { by: 'l2' } },
];

describe('decide: accepted transitions', () => {
  it.each(okRows)('$name', (row) => {
    const input = deepFreeze({ chain: row.chain ?? article, state: row.state, actor: row.actor, action: row.action, isSubmitter: row.isSubmitter ?? false });
    const r = decide(input);
    if (!r.ok) throw new Error(`refused: ${r.code}`);
    expect(r.state).toEqual(row.expect);
    expect(r.event).toMatchObject(row.event);
  });
});

// ---- refusals ---------------------------------------------------------------------------------
type No = { name: string; chain?: ReviewChain; state: ReviewState; actor: Actor; isSubmitter?: boolean; action: ReviewAction; code: ReviewErrorCode };
const full = [ap('first', 'e1'), ap('second', 'e2')];
const noRows: No[] = [
  { name: 'chain without stages', chain: { ...article, stages: [] }, state: S(), actor: A.corr, isSubmitter: true, action: { type: 'submit' }, code: 'review/invalid_chain' },
  { name: 'chain giving a stage to admins', chain: { ...article, stages: [{ key: 'k', name: 'k', holder: { roles: ['admin'] } }] }, state: at(0), actor: A.admin, action: PASS, code: 'review/invalid_chain' },

  { name: 'pass an adopted item', state: S({ status: 'adopted' }), actor: A.e1, action: PASS, code: 'review/already_final' },
  { name: 'return a rejected item', state: S({ status: 'rejected' }), actor: A.e1, action: { type: 'return', comment: 'x' }, code: 'review/already_final' },
  { name: 'resubmit a rejected item', state: S({ status: 'rejected' }), actor: A.corr, isSubmitter: true, action: { type: 'resubmit' }, code: 'review/already_final' },
  { name: 'submit a withdrawn item', state: S({ status: 'withdrawn' }), actor: A.corr, isSubmitter: true, action: { type: 'submit' }, code: 'review/already_final' },
  { name: 'withdraw an adopted item', state: S({ status: 'adopted' }), actor: A.corr, isSubmitter: true, action: { type: 'withdraw' }, code: 'review/already_final' },

  { name: 'pass a draft', state: S(), actor: A.e1, action: PASS, code: 'review/invalid_transition' },
  { name: 'pass a returned item', state: S({ status: 'returned' }), actor: A.e1, action: PASS, code: 'review/invalid_transition' },
  { name: 'submit an item already in review', state: at(0), actor: A.corr, isSubmitter: true, action: { type: 'submit' }, code: 'review/invalid_transition' },
  { name: 'submit a returned item (must resubmit)', state: S({ status: 'returned' }), actor: A.corr, isSubmitter: true, action: { type: 'submit' }, code: 'review/invalid_transition' },
  { name: 'resubmit an item in review', state: at(1), actor: A.corr, isSubmitter: true, action: { type: 'resubmit' }, code: 'review/invalid_transition' },
  { name: 'withdraw after the first decision', state: at(1, { approvals: [ap('first', 'e1')] }), actor: A.corr, isSubmitter: true, action: { type: 'withdraw' }, code: 'review/invalid_transition' },
  { name: 'withdraw a lead after unit approval', chain: lead, state: at(0, { approvals: [ap('unit', 'u1')] }), actor: A.corr, isSubmitter: true, action: { type: 'withdraw' }, code: 'review/invalid_transition' },
  { name: 'withdraw a draft', state: S(), actor: A.corr, isSubmitter: true, action: { type: 'withdraw' }, code: 'review/invalid_transition' },
  { name: 'stage index beyond the chain (chain edited mid-flight)', state: at(3), actor: A.e1, action: PASS, code: 'review/invalid_transition' },
  { name: 'unit approval state on a chain without it', state: S({ status: 'unit_approval' }), actor: A.unitBoss, action: PASS, code: 'review/invalid_transition' },
  { name: 'leader cannot jump in at 终审 of a sensitive item', state: at(2, { approvals: full, sensitive: true }), actor: A.leader, action: PASS, code: 'review/not_your_stage' },

  { name: 'submit by another correspondent', state: S(), actor: A.corr2, action: { type: 'submit' }, code: 'review/not_submitter' },
  { name: 'submit by the owner lacking the correspondent role', state: S(), actor: A.e1, isSubmitter: true, action: { type: 'submit' }, code: 'review/not_submitter' },
  { name: 'resubmit by another correspondent', state: S({ status: 'returned' }), actor: A.corr2, action: { type: 'resubmit' }, code: 'review/not_submitter' },
  { name: 'withdraw by an editor', state: at(0), actor: A.e1, action: { type: 'withdraw' }, code: 'review/not_submitter' },

  { name: 'editor at unit approval', chain: lead, state: S({ status: 'unit_approval' }), actor: A.e1, action: PASS, code: 'review/not_your_stage' },
  { name: 'unit approver at 初审', state: at(0), actor: A.unitBoss, action: PASS, code: 'review/not_your_stage' },
  { name: 'leader at an editor stage', state: at(0), actor: A.leader, action: { type: 'reject', reason: 'x' }, code: 'review/not_your_stage' },
  { name: 'editor at sensitive approval', state: S({ status: 'sensitive_approval', sensitive: true, hasResponsePlan: true }), actor: A.e1, action: PASS, code: 'review/not_your_stage' },
  { name: 'admin never reviews', state: at(0), actor: A.admin, action: PASS, code: 'review/not_your_stage' },
  { name: 'auditor never reviews', state: at(0), actor: A.auditor, action: { type: 'return', comment: 'x' }, code: 'review/not_your_stage' },
  { name: 'someone not named on a people-held stage', chain: namedChain, state: at(0), actor: A.e1, action: PASS, code: 'review/not_your_stage' },
  { name: 'correspondent cannot decide', state: at(0), actor: A.corr2, action: PASS, code: 'review/not_your_stage' },

  { name: 'submitter who is unit approver approves own lead', chain: lead, state: S({ status: 'unit_approval' }), actor: A.corrBoss, isSubmitter: true, action: PASS, code: 'review/own_item' },
  { name: 'submitter who is editor passes own item at 初审', state: at(0), actor: A.corrEditor, isSubmitter: true, action: PASS, code: 'review/own_item' },
  { name: 'submitter who is editor returns own item', state: at(0), actor: A.corrEditor, isSubmitter: true, action: { type: 'return', comment: 'x' }, code: 'review/own_item' },
  { name: 'submitter who is editor rejects own item', state: at(0), actor: A.corrEditor, isSubmitter: true, action: { type: 'reject', reason: 'x' }, code: 'review/own_item' },

  { name: 'editor who passed 初审 passes 复审', state: at(1, { approvals: [ap('first', 'e1')] }), actor: A.e1, action: PASS, code: 'review/four_eyes' },
  { name: 'editor who passed 初审 passes 终审', state: at(2, { approvals: full }), actor: A.e1, action: PASS, code: 'review/four_eyes' },
  { name: 'leader-editor who passed 终审 passes sensitive approval', state: S({ status: 'sensitive_approval', sensitive: true, hasResponsePlan: true, approvals: [...full, ap('final', 'l2')] }),
    actor: A.leaderEditor, action: PASS, code: 'review/four_eyes' },

  { name: 'return with empty comment', state: at(0), actor: A.e1, action: { type: 'return', comment: '' }, code: 'review/comment_required' },
  { name: 'return with blanks only (incl. full-width space)', state: at(0), actor: A.e1, action: { type: 'return', comment: ' \u3000\n\t' }, code: 'review/comment_required' },
  { name: 'reject with empty reason', state: at(0), actor: A.e1, action: { type: 'reject', reason: '   ' }, code: 'review/reason_required' },

  { name: 'release a sensitive item without response plan', state: S({ status: 'sensitive_approval', sensitive: true, approvals: full }), actor: A.leader, action: PASS, code: 'review/response_plan_required' },
  { name: 'release after un-marking, still without plan', state: S({ status: 'sensitive_approval', approvals: full }), actor: A.leader, action: PASS, code: 'review/response_plan_required' },

  { name: 'release with open personal-data findings', state: at(2, { approvals: full, openFindings: 2 }), actor: A.e3, action: PASS, code: 'review/open_personal_data' },
  { name: 'release of a sensitive item with plan but open findings', state: S({ status: 'sensitive_approval', sensitive: true, hasResponsePlan: true, openFindings: 1 }), actor: A.leader, action: PASS, code: 'review/open_personal_data' },
  { name: 'findings count that is not a number fails closed', state: at(2, { approvals: full, openFindings: Number.NaN }), actor: A.e3, action: PASS, code: 'review/open_personal_data' },
];

describe('decide: refusals leave everything unchanged', () => {
  it.each(noRows)('$name → $code', (row) => {
    const state = deepFreeze(structuredClone(row.state));
    const r = decide(deepFreeze({ chain: row.chain ?? article, state, actor: row.actor, action: row.action, isSubmitter: row.isSubmitter ?? false }));
    expect(r).toEqual({ ok: false, code: row.code });
    expect(state).toEqual(row.state);
  });

  it('every error code is exercised by a row and has a Chinese and English message', () => {
    const used = new Set(noRows.map((r) => r.code));
    for (const code of REVIEW_ERROR_CODES) {
      const msg = ERRORS[code];
      expect(used.has(code as ReviewErrorCode), code).toBe(true);
      expect(msg.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(msg.en.length).toBeGreaterThan(5);
    }
  });
});

// ---- whole flows ------------------------------------------------------------------------------
function run(chain: ReviewChain, start: ReviewState, steps: [Actor, ReviewAction, boolean?][]): { state: ReviewState; events: ReviewEvent[] } {
  let state = start;
  const events: ReviewEvent[] = [];
  for (const [actor, action, isSubmitter] of steps) {
    const r = decide({ chain, state, actor, action, isSubmitter: isSubmitter ?? false });
    if (!r.ok) throw new Error(`${actor.id} ${action.type} refused: ${r.code}`);
    state = r.state;
    events.push(r.event);
  }
  return { state, events };
}

describe('whole flows', () => {
  it('sensitive lead: unit approval, 三审, leader, returned once, resubmitted as v2, adopted on v2 only', () => {
    const { state, events } = run(lead, initialState({ sensitive: true, hasResponsePlan: true }), [
      [A.corr, { type: 'submit' }, true],
      [A.unitBoss, PASS],
      [A.e1, PASS],
      [A.e2, { type: 'return', comment: '数据需核实' }],
      [A.corr, { type: 'resubmit' }, true],
      [A.unitBoss, PASS],
      [A.e2, PASS],
      [A.e1, PASS],
      [A.e3, PASS],
      [A.leader, PASS],
    ]);
    expect(isAdopted(state)).toBe(true);
    expect(state.version).toBe(2);
    expect(state.approvals).toEqual([ap('unit', 'u1', 2), ap('first', 'e2', 2), ap('second', 'e1', 2), ap('final', 'e3', 2), ap('sensitive', 'l1', 2)]);
    expect(events.map((e) => `${e.type}:${e.step ?? '-'}:v${e.version}`)).toEqual([
      'submitted:-:v1', 'passed:unit:v1', 'passed:first:v1', 'returned:second:v1', 'resubmitted:-:v2',
      'passed:unit:v2', 'passed:first:v2', 'passed:second:v2', 'passed:final:v2', 'passed:sensitive:v2',
    ]);
  });

  it('findings resolved by the caller unblock the release', () => {
    const blocked = at(2, { approvals: full, openFindings: 1 });
    expect(decide({ chain: article, state: blocked, actor: A.e3, action: PASS, isSubmitter: false })).toEqual({ ok: false, code: 'review/open_personal_data' });
    const r = decide({ chain: article, state: { ...blocked, openFindings: 0 }, actor: A.e3, action: PASS, isSubmitter: false });
    expect(r.ok && r.state.status).toBe('adopted');
  });
});

// ---- whoHolds ---------------------------------------------------------------------------------
describe('whoHolds', () => {
  it.each([
    { name: 'draft', chain: article, state: S(), expect: { kind: 'submitter', status: 'draft' } },
    { name: 'returned', chain: article, state: S({ status: 'returned' }), expect: { kind: 'submitter', status: 'returned' } },
    { name: 'unit approval', chain: lead, state: S({ status: 'unit_approval' }), expect: { kind: 'step', step: 'unit', name: '单位审批', roles: ['unit_approver'], people: [] } },
    { name: '复审', chain: article, state: at(1), expect: { kind: 'step', step: 'second', name: '复审', roles: ['editor'], people: [] } },
    { name: 'named person', chain: namedChain, state: at(0), expect: { kind: 'step', step: 'only', name: '审核', roles: [], people: ['p-zhang'] } },
    { name: 'sensitive approval', chain: namedChain, state: S({ status: 'sensitive_approval', sensitive: true }), expect: { kind: 'step', step: 'sensitive', name: '敏感内容审批', roles: [], people: ['p-li'] } },
    { name: 'adopted', chain: article, state: S({ status: 'adopted' }), expect: { kind: 'nobody' } },
    { name: 'withdrawn', chain: article, state: S({ status: 'withdrawn' }), expect: { kind: 'nobody' } },
    { name: 'stage beyond chain', chain: article, state: at(7), expect: { kind: 'nobody' } },
  ])('$name', ({ chain, state, expect: e }) => {
    expect(whoHolds(chain, state)).toEqual(e);
  });
});

// ---- allowedActions ---------------------------------------------------------------------------
describe('allowedActions', () => {
  it.each([
    { name: 'owner on a draft', state: S(), actor: A.corr, sub: true, expect: ['submit'] },
    { name: 'owner at first step', state: at(0), actor: A.corr, sub: true, expect: ['withdraw'] },
    { name: 'owner after first pass', state: at(1, { approvals: [ap('first', 'e1')] }), actor: A.corr, sub: true, expect: [] },
    { name: 'owner of a returned item', state: S({ status: 'returned' }), actor: A.corr, sub: true, expect: ['resubmit', 'withdraw'] },
    { name: 'editor at 初审', state: at(0), actor: A.e1, sub: false, expect: ['pass', 'return', 'reject'] },
    { name: 'editor who passed 初审, at 复审', state: at(1, { approvals: [ap('first', 'e1')] }), actor: A.e1, sub: false, expect: ['return', 'reject'] },
    { name: 'editor at 终审 with open findings', state: at(2, { approvals: full, openFindings: 1 }), actor: A.e3, sub: false, expect: ['return', 'reject'] },
    { name: 'editor-submitter of own item', state: at(0), actor: A.corrEditor, sub: true, expect: ['withdraw'] },
    { name: 'auditor', state: at(0), actor: A.auditor, sub: false, expect: [] },
    { name: 'anyone on an adopted item', state: S({ status: 'adopted' }), actor: A.e1, sub: false, expect: [] },
  ])('$name → $expect', ({ state, actor, sub, expect: e }) => {
    expect(allowedActions(article, state, actor, sub)).toEqual(e);
  });
});

// ---- configuration ----------------------------------------------------------------------------
describe('defaultChain and chainProblems', () => {
  it.each([
    { kind: 'lead', unit: true }, { kind: 'briefing_item', unit: false }, { kind: 'material', unit: false },
    { kind: 'article', unit: false }, { kind: 'original_work', unit: false },
  ] as const)('$kind: 三审 by editors, unit approval $unit, valid', ({ kind, unit }) => {
    const c = defaultChain(kind);
    expect(c.unitApproval).toBe(unit);
    expect(c.stages.map((s) => s.name)).toEqual(['初审', '复审', '终审']);
    expect(c.sensitiveApproval).toEqual({ roles: ['leader'] });
    expect(c.distinctDeciders).toBe(true);
    expect(chainProblems(c)).toEqual([]);
  });

  const h = { roles: ['editor'] } as const;
  it.each([
    { name: 'no stages', chain: { ...article, stages: [] }, expect: ['chain/no_stages'] },
    { name: 'duplicate key', chain: { ...article, stages: [{ key: 'a', name: 'A', holder: h }, { key: 'a', name: 'B', holder: h }] }, expect: ['chain/duplicate_key:a'] },
    { name: 'reserved key', chain: { ...article, stages: [{ key: 'unit', name: 'A', holder: h }] }, expect: ['chain/reserved_key:unit'] },
    { name: 'blank key', chain: { ...article, stages: [{ key: ' ', name: 'A', holder: h }] }, expect: ['chain/empty_key'] },
    { name: 'nobody holds a stage', chain: { ...article, stages: [{ key: 'a', name: 'A', holder: { roles: [], people: [] } }] }, expect: ['chain/no_holder:a'] },
    { name: 'auditor holds a stage', chain: { ...article, stages: [{ key: 'a', name: 'A', holder: { roles: ['auditor'] } }] }, expect: ['chain/forbidden_role:a:auditor'] },
    { name: 'nobody holds sensitive approval', chain: { ...article, sensitiveApproval: {} }, expect: ['chain/no_holder:sensitive'] },
  ] satisfies { name: string; chain: ReviewChain; expect: string[] }[])('$name', ({ chain, expect: e }) => {
    expect(chainProblems(chain)).toEqual(e);
  });
});
