import { describe, expect, it } from 'vitest';
import type { Unit } from './types';
import { buildUnitTree, filterUnits, idsToDepth, isInSubtree, toTreeOptions } from './unit-tree';

const u = (id: string, parentId: string | null, name: string, path: string, active = true): Unit => ({
  id,
  parentId,
  name,
  shortName: null,
  type: 'office',
  path,
  depth: path.split('/').filter(Boolean).length - 1,
  sortOrder: 0,
  active,
});

// Server order: by depth, then sortOrder/name.
const UNITS = [
  u('r', null, '旗局', '/r/'),
  u('a', 'r', '政工办', '/r/a/'),
  u('b', 'r', '派出所', '/r/b/'),
  u('b1', 'b', '警务室', '/r/b/b1/', false),
];

describe('buildUnitTree', () => {
  it('nests units under their parents and keeps the sibling order', () => {
    const tree = buildUnitTree(UNITS);
    expect(tree.map((n) => n.id)).toEqual(['r']);
    expect(tree[0]!.children!.map((n) => n.id)).toEqual(['a', 'b']);
    expect(tree[0]!.children![1]!.children!.map((n) => n.id)).toEqual(['b1']);
    expect(tree[0]!.children![0]!.children).toBeUndefined();
  });

  it('makes units whose parent is not visible into roots', () => {
    const tree = buildUnitTree(UNITS.filter((x) => x.id !== 'r'));
    expect(tree.map((n) => n.id)).toEqual(['a', 'b']);
  });
});

describe('filterUnits', () => {
  it('keeps matches and their ancestors', () => {
    expect(filterUnits(UNITS, '警务').map((x) => x.id)).toEqual(['r', 'b', 'b1']);
    expect(filterUnits(UNITS, '  ').length).toBe(4);
    expect(filterUnits(UNITS, 'nothing')).toEqual([]);
  });
});

describe('subtrees and options', () => {
  it('isInSubtree is true for the unit itself and its descendants only', () => {
    expect(isInSubtree(UNITS[3]!, UNITS[2]!)).toBe(true);
    expect(isInSubtree(UNITS[2]!, UNITS[2]!)).toBe(true);
    expect(isInSubtree(UNITS[1]!, UNITS[2]!)).toBe(false);
  });

  it('disables what the caller forbids and marks inactive units', () => {
    const b = UNITS[2]!;
    const opts = toTreeOptions(buildUnitTree(UNITS), { disable: (x) => isInSubtree(x, b), inactiveSuffix: ' (inactive)' });
    const flat = (os: typeof opts): typeof opts => os.flatMap((o) => [o, ...flat(o.children ?? [])]);
    const all = flat(opts);
    expect(all.filter((o) => o.disabled).map((o) => o.value)).toEqual(['b', 'b1']);
    expect(all.find((o) => o.value === 'b1')!.title).toBe('警务室 (inactive)');
  });

  it('idsToDepth lists the parents down to a depth', () => {
    const tree = buildUnitTree(UNITS);
    expect(idsToDepth(tree, 0)).toEqual(['r']);
    expect(idsToDepth(tree, 1)).toEqual(['r', 'b']);
  });
});
