import { describe, expect, it } from 'vitest';
import { chainProblems, defaultChain, type ReviewChain } from '../../../server/submissions/stages';
import { SUBMISSION_KINDS } from '../../../server/submissions/kinds';
import { isDefaultChain, keyFromName, peopleIn, previewSteps, sameChain, toChain, toFormValues, validateChain, type ChainFormValues } from './chain-form';

const P1 = '11111111-1111-4111-8111-111111111111';
const P2 = '22222222-2222-4222-8222-222222222222';

const values = (over: Partial<ChainFormValues> = {}): ChainFormValues => ({
  unitApproval: false,
  stages: [
    { key: '', name: '初审', roles: ['editor'], people: [] },
    { key: '', name: '终审', roles: [], people: [P1] },
  ],
  sensitive: { roles: ['leader'], people: [] },
  distinctDeciders: true,
  ...over,
});

const codes = (v: ChainFormValues, kind: (typeof SUBMISSION_KINDS)[number] = 'article') => validateChain(v, kind).map((i) => `${i.name.join('.')}:${i.code}`);

describe('chain ↔ form values', () => {
  it('round-trips every default chain unchanged', () => {
    for (const kind of SUBMISSION_KINDS) {
      const chain = defaultChain(kind);
      expect(toChain(toFormValues(chain))).toEqual(chain);
      expect(validateChain(toFormValues(chain), kind)).toEqual([]);
    }
  });

  it('trims names, generates missing keys from names, and leaves out empty holder lists', () => {
    const chain = toChain(values({ stages: [{ key: '  ', name: ' 初审 ', roles: ['editor', 'editor'], people: [] }, { key: '', name: '政治审核', roles: [], people: [P1, P1] }, { key: '', name: 'Legal check', roles: ['leader'], people: [P2] }] }));
    expect(chain.stages).toEqual([
      { key: 'first', name: '初审', holder: { roles: ['editor'] } },
      { key: 'stage-2', name: '政治审核', holder: { people: [P1] } },
      { key: 'legal-check', name: 'Legal check', holder: { roles: ['leader'], people: [P2] } },
    ]);
    expect(chain.sensitiveApproval).toEqual({ roles: ['leader'] });
    expect(chain.distinctDeciders).toBe(true);
  });

  it('a generated key never repeats a key typed for another stage, nor a reserved key', () => {
    const chain = toChain(values({ stages: [{ key: '', name: '初审', roles: ['editor'], people: [] }, { key: 'first', name: 'X', roles: ['editor'], people: [] }, { key: '', name: 'Sensitive', roles: ['editor'], people: [] }] }));
    expect(chain.stages.map((s) => s.key)).toEqual(['first-2', 'first', 'sensitive-2']);
    expect(chainProblems(chain)).toEqual([]);
    expect(keyFromName('unit', 0, new Set())).toBe('unit-2');
    expect(keyFromName('复审', 1, new Set(['second', 'second-2']))).toBe('second-3');
  });

  it('four-eyes is on unless switched off; a stored chain without the flag shows it on', () => {
    expect(toFormValues({ ...defaultChain('article'), distinctDeciders: undefined as unknown as boolean }).distinctDeciders).toBe(true);
    expect(toChain(values({ distinctDeciders: false })).distinctDeciders).toBe(false);
  });
});

describe('validateChain', () => {
  it('accepts a valid chain', () => {
    expect(codes(values())).toEqual([]);
  });

  it('puts each problem on its field', () => {
    const v = values({
      stages: [
        { key: 'a', name: '', roles: [], people: [] },
        { key: 'a', name: '复审', roles: ['editor'], people: [] },
        { key: 'sensitive', name: 'x'.repeat(31), roles: ['editor'], people: [] },
        { key: 'k'.repeat(31), name: 'ok', roles: ['editor'], people: Array.from({ length: 21 }, (_, i) => `p${i}`) },
      ],
      sensitive: { roles: [], people: [] },
    });
    expect(codes(v)).toEqual([
      'stages.0.name:name_required',
      'stages.0.roles:no_holder',
      'stages.1.key:key_duplicate',
      'stages.2.name:name_too_long',
      'stages.2.key:key_reserved',
      'stages.3.key:key_too_long',
      'stages.3.people:too_many_people',
      'sensitive.roles:no_holder',
    ]);
  });

  it('needs one to six stages', () => {
    expect(codes(values({ stages: [] }))).toEqual(['stages:stages_min']);
    const seven = Array.from({ length: 7 }, (_, i) => ({ key: `s${i}`, name: `第${i + 1}审`, roles: ['editor' as const], people: [] }));
    expect(codes(values({ stages: seven }))).toEqual(['stages:stages_max']);
    expect(codes(values({ stages: seven.slice(0, 6) }))).toEqual([]);
  });

  it('refuses roles that may never hold a step (admin, auditor)', () => {
    const v = values();
    (v.stages[0]!.roles as string[]).push('admin');
    expect(codes(v)).toEqual(['stages.0.roles:forbidden_role']);
  });

  it('news leads keep unit approval (003)', () => {
    expect(codes(values({ unitApproval: false }), 'lead')).toEqual(['unitApproval:lead_unit_approval']);
    expect(codes(values({ unitApproval: true }), 'lead')).toEqual([]);
  });

  it('agrees with chainProblems: no issue exactly when the server finds no problem', () => {
    const cases: ChainFormValues[] = [
      values(),
      values({ stages: [] }),
      values({ sensitive: { roles: [], people: [] } }),
      values({ sensitive: { roles: [], people: [P2] } }),
      values({ stages: [{ key: 'unit', name: 'a', roles: ['editor'], people: [] }] }),
      values({ stages: [{ key: 'x', name: 'a', roles: ['editor'], people: [] }, { key: ' x ', name: 'b', roles: ['leader'], people: [] }] }),
      values({ stages: [{ key: '', name: '', roles: ['editor'], people: [] }] }),
    ];
    for (const v of cases) {
      const serverOk = chainProblems(toChain(v)).length === 0;
      const issues = validateChain(v, 'article').filter((i) => !['name_required', 'name_too_long', 'key_too_long', 'too_many_people', 'stages_max'].includes(i.code));
      expect(issues.length === 0, JSON.stringify(v)).toBe(serverOk);
    }
  });
});

describe('comparing and previewing', () => {
  it('tells a default chain from a changed one, whatever the order of roles', () => {
    const d = defaultChain('briefing_item');
    expect(isDefaultChain(d, 'briefing_item')).toBe(true);
    expect(isDefaultChain(d, 'lead')).toBe(false); // leads have unit approval by default
    expect(isDefaultChain({ ...d, distinctDeciders: false }, 'briefing_item')).toBe(false);
    const twoRoles: ReviewChain = { ...d, sensitiveApproval: { roles: ['leader', 'editor'] } };
    expect(sameChain(twoRoles, { ...d, sensitiveApproval: { roles: ['editor', 'leader'], people: [] } })).toBe(true);
  });

  it('previews unit approval, the stages, then sensitive approval', () => {
    const steps = previewSteps(toChain(values({ unitApproval: true })));
    expect(steps.map((s) => `${s.kind}:${s.name}`)).toEqual(['unit:单位审批', 'stage:初审', 'stage:终审', 'sensitive:敏感内容审批']);
    expect(steps[0]!.holder).toEqual({ roles: ['unit_approver'] });
    expect(previewSteps(defaultChain('article')).map((s) => s.key)).toEqual(['first', 'second', 'final', 'sensitive']);
  });

  it('lists the named people once', () => {
    expect(peopleIn(toChain(values({ sensitive: { roles: [], people: [P1, P2] } })))).toEqual([P1, P2]);
  });
});
