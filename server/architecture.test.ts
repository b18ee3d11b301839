/**
 * The house rules of server/, read from the code itself:
 * 1. No import loops between server folders (a top-level file counts as its own room).
 * 2. No folder writes another folder's tables: it calls that domain's exported functions (cli/ too).
 * Tests and test support (server/test/) may reach anywhere and are not rooms of the house.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SERVER = path.dirname(new URL(import.meta.url).pathname);
const CLI = path.join(SERVER, '..', 'cli');

/** Folders allowed to write every table, and why. */
const WRITES_EVERY_TABLE: Record<string, string> = {
  backup: 'restore rewrites every table from a backup file, inside one transaction',
};

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'test' && dir === SERVER ? [] : sourceFiles(p);
    return /\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name) ? [p] : [];
  });
}

/** Pure cores that sit below their domain (any layer may use them): rooms of their own. */
const PURE_CORES = new Set(['scoring/engine']);

/** The room of a file: its top-level folder under server/ (or a pure core in it), or the top-level file itself. */
function roomOf(file: string): string {
  if (file.startsWith(CLI + path.sep)) return 'cli';
  const rel = path.relative(SERVER, file).split(path.sep);
  if (rel.length > 2 && PURE_CORES.has(`${rel[0]}/${rel[1]}`)) return `${rel[0]}/${rel[1]}`;
  return rel.length === 1 ? rel[0]!.replace(/\.ts$/, '') : rel[0]!;
}

type Import = { spec: string; names: string[]; typeOnly: boolean };

/** Static and dynamic imports and re-exports, with the names they bring in. */
export function importsOf(src: string): Import[] {
  const out: Import[] = [];
  const re = /(?:^|\n)\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"]([^'"]+)['"]/g;
  for (const m of src.matchAll(re)) {
    const clause = m[3] ?? '';
    const names = [...clause.replace(/^[^{]*\{|\}[^}]*$/g, '').matchAll(/(?:^|,)\s*(type\s+)?([A-Za-z_$][\w$]*)(?:\s+as\s+([A-Za-z_$][\w$]*))?/g)]
      .filter((n) => !n[1] && !m[2])
      .map((n) => n[3] ?? n[2]!);
    const allTypes = !!m[2] || (clause.includes('{') && names.length === 0 && !/^\s*\*/.test(clause) && !/^[A-Za-z_$][\w$]*\s*,/.test(clause));
    out.push({ spec: m[4]!, names, typeOnly: allTypes });
  }
  for (const m of src.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push({ spec: m[1]!, names: [], typeOnly: false });
  for (const m of src.matchAll(/(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g)) out.push({ spec: m[1]!, names: [], typeOnly: false });
  return out;
}

function resolveSpec(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = path.resolve(path.dirname(from), spec);
  for (const c of [base + '.ts', path.join(base, 'index.ts'), base]) if (fs.existsSync(c) && fs.statSync(c).isFile()) return c;
  return null;
}

const files = sourceFiles(SERVER);
const insideServer = (f: string) => f.startsWith(SERVER + path.sep) && !path.relative(SERVER, f).startsWith('test' + path.sep);

/** Room → rooms it imports at run time (type-only imports vanish when compiled). */
function roomGraph(): Map<string, Map<string, string[]>> {
  const g = new Map<string, Map<string, string[]>>();
  for (const f of files) {
    const from = roomOf(f);
    if (!g.has(from)) g.set(from, new Map());
    for (const imp of importsOf(fs.readFileSync(f, 'utf8'))) {
      if (imp.typeOnly) continue;
      const target = resolveSpec(f, imp.spec);
      if (!target || !insideServer(target)) continue;
      const to = roomOf(target);
      if (to === from) continue;
      const why = g.get(from)!.get(to) ?? [];
      why.push(`${path.relative(SERVER, f)} → ${path.relative(SERVER, target)}`);
      g.get(from)!.set(to, why);
    }
  }
  return g;
}

/** Strongly connected components of more than one room (Tarjan). */
function loops(g: Map<string, Map<string, string[]>>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of g.get(v)?.keys() ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1) out.push(comp.sort());
    }
  };
  for (const v of g.keys()) if (!idx.has(v)) visit(v);
  return out;
}

/** `tx.insert(x)`, `.update(x)`, `.delete(x)` on a table imported from another room's tables.ts. */
function foreignTableWrites(): string[] {
  const found: string[] = [];
  // The operator CLI is held to the same rule: it calls the domains' use cases.
  for (const f of [...files, ...sourceFiles(CLI)]) {
    const room = roomOf(f);
    if (room in WRITES_EVERY_TABLE) continue;
    const src = fs.readFileSync(f, 'utf8');
    const foreign = new Map<string, string>();
    for (const imp of importsOf(src)) {
      const target = resolveSpec(f, imp.spec);
      if (!target || !/tables\.ts$/.test(target)) continue;
      const owner = roomOf(target);
      if (owner === room) continue;
      for (const n of imp.names) foreign.set(n, owner);
    }
    for (const m of src.matchAll(/\.(insert|update|delete)\(\s*([A-Za-z_$][\w$]*)\s*\)/g)) {
      const owner = foreign.get(m[2]!);
      if (owner) found.push(`${path.relative(SERVER, f)} ${m[1]}s ${m[2]} (owned by ${owner}/)`);
    }
  }
  return found;
}

describe('the house of server/', () => {
  it('reads imports the way the compiler does (type-only imports do not count)', () => {
    const imps = importsOf(`import type { A } from './a';\nimport { type B, c } from './b';\nimport { type D } from './d';\nexport * from './e';\nconst x = await import('./f');`);
    expect(imps.map((i) => [i.spec, i.typeOnly, i.names])).toEqual([
      ['./a', true, []],
      ['./b', false, ['c']],
      ['./d', true, []],
      ['./e', false, []],
      ['./f', false, []],
    ]);
  });

  it('finds a loop when one is there', () => {
    const g = new Map([
      ['a', new Map([['b', ['a.ts → b.ts']]])],
      ['b', new Map([['c', ['b.ts → c.ts']]])],
      ['c', new Map([['a', ['c.ts → a.ts']]])],
      ['d', new Map([['a', ['d.ts → a.ts']]])],
    ]);
    expect(loops(g)).toEqual([['a', 'b', 'c']]);
  });

  it('has no import loop between server folders', () => {
    const g = roomGraph();
    const described = loops(g).map((comp) =>
      comp
        .flatMap((a) => comp.filter((b) => g.get(a)?.has(b)).map((b) => `${a} → ${b}: ${g.get(a)!.get(b)!.join(', ')}`))
        .join('\n'),
    );
    expect(described).toEqual([]);
  });

  it('lets no folder write another folder’s tables', () => {
    expect(foreignTableWrites()).toEqual([]);
  });
});
