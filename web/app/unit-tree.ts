/** The flat unit list from GET /api/units as a tree, for antd Table, Tree and TreeSelect. */
import type { Unit } from './types';

export type UnitNode = Unit & { children?: UnitNode[] };

/**
 * Nests units under their parents, keeping the server's order (depth, sortOrder, name) among
 * siblings. Units whose parent is not in the list (the roots of what the person may see) are roots.
 */
export function buildUnitTree(units: readonly Unit[]): UnitNode[] {
  const byId = new Map<string, UnitNode>();
  for (const u of units) byId.set(u.id, { ...u });
  const roots: UnitNode[] = [];
  for (const u of units) {
    const node = byId.get(u.id)!;
    const parent = u.parentId ? byId.get(u.parentId) : undefined;
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  return roots;
}

/** True when `unit` is `ancestor` or lies below it. */
export function isInSubtree(unit: Pick<Unit, 'path'>, ancestor: Pick<Unit, 'path'>): boolean {
  return unit.path.startsWith(ancestor.path);
}

/** Keeps the units matching `q` (name or short name) and their ancestors, so matches stay in context. */
export function filterUnits(units: readonly Unit[], q: string): Unit[] {
  const needle = q.trim().toLowerCase();
  if (!needle) return [...units];
  const hits = units.filter((u) => u.name.toLowerCase().includes(needle) || (u.shortName ?? '').toLowerCase().includes(needle));
  return units.filter((u) => hits.some((h) => isInSubtree(h, u)));
}

export type TreeOption = { value: string; title: string; key: string; disabled?: boolean; children?: TreeOption[] };

/** TreeSelect/Tree data; `disable(u)` greys out choices that are not allowed (e.g. moving under oneself). */
export function toTreeOptions(nodes: readonly UnitNode[], opts: { disable?: (u: Unit) => boolean; inactiveSuffix?: string } = {}): TreeOption[] {
  return nodes.map((n) => {
    const o: TreeOption = { value: n.id, key: n.id, title: n.active ? n.name : `${n.name}${opts.inactiveSuffix ?? ''}` };
    if (opts.disable?.(n)) o.disabled = true;
    if (n.children?.length) o.children = toTreeOptions(n.children, opts);
    return o;
  });
}

/** Ids of the nodes down to `depth` levels (0 = roots), for initially expanded rows. */
export function idsToDepth(nodes: readonly UnitNode[], depth: number): string[] {
  const out: string[] = [];
  const walk = (ns: readonly UnitNode[], d: number) => {
    for (const n of ns) {
      if (d <= depth && n.children?.length) {
        out.push(n.id);
        walk(n.children, d + 1);
      }
    }
  };
  walk(nodes, 0);
  return out;
}

/** Every id that has children (expand all). */
export function parentIds(nodes: readonly UnitNode[]): string[] {
  return idsToDepth(nodes, Number.POSITIVE_INFINITY);
}
