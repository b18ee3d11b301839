/**
 * A small text diff for comparing two versions of an item (no dependency). Myers' O(ND) algorithm on
 * characters (code points, so a surrogate pair is never split); when the texts differ too much for a
 * character diff to stay cheap, it diffs lines first and refines each changed block by characters.
 * Result: parts in order; the `eq` and `del` parts spell the old text, the `eq` and `ins` parts the new.
 */
export type DiffOp = 'eq' | 'ins' | 'del';
export type DiffPart = { op: DiffOp; text: string };

type TokenRun<T> = { op: DiffOp; items: T[] };

/**
 * Myers' shortest edit script between token arrays, or null when it needs more than `maxD` edits
 * (inserted + deleted tokens). Memory is O(D²) for the trace, so callers cap D.
 */
export function diffTokens<T>(a: readonly T[], b: readonly T[], maxD = Number.POSITIVE_INFINITY): TokenRun<T>[] | null {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, maxD);
  const off = max + 1;
  const v = new Int32Array(2 * max + 3);
  v[off + 1] = 0;
  // trace[d] holds v[k] for k in [-d-1, d+1] as it was at the start of round d.
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    trace.push(v.slice(off - d - 1, off + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[off + k - 1]! < v[off + k + 1]!) ? v[off + k + 1]! : v[off + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[off + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  if (found < 0) return null;

  // Walk back from (n, m) to (0, 0), collecting single-token operations in reverse.
  const rev: { op: DiffOp; item: T }[] = [];
  let x = n;
  let y = m;
  for (let d = found; d >= 0; d--) {
    const snap = trace[d]!;
    const at = (k: number) => snap[k + d + 1]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : at(prevK);
    const prevY = d === 0 ? 0 : prevX - prevK;
    while (x > prevX && y > prevY) {
      rev.push({ op: 'eq', item: a[x - 1]! });
      x--;
      y--;
    }
    if (d > 0) {
      if (x === prevX) rev.push({ op: 'ins', item: b[prevY]! });
      else rev.push({ op: 'del', item: a[prevX]! });
    }
    x = prevX;
    y = prevY;
  }
  const runs: TokenRun<T>[] = [];
  for (let i = rev.length - 1; i >= 0; i--) {
    const r = rev[i]!;
    const last = runs[runs.length - 1];
    if (last && last.op === r.op) last.items.push(r.item);
    else runs.push({ op: r.op, items: [r.item] });
  }
  return runs;
}

function push(out: DiffPart[], op: DiffOp, text: string) {
  if (!text) return;
  const last = out[out.length - 1];
  if (last && last.op === op) last.text += text;
  else out.push({ op, text });
}

/** Deletions before insertions inside each changed stretch, neighbours of the same kind merged. */
function normalise(parts: DiffPart[]): DiffPart[] {
  const out: DiffPart[] = [];
  let del = '';
  let ins = '';
  const flush = () => {
    push(out, 'del', del);
    push(out, 'ins', ins);
    del = '';
    ins = '';
  };
  for (const p of parts) {
    if (p.op === 'del') del += p.text;
    else if (p.op === 'ins') ins += p.text;
    else {
      flush();
      push(out, 'eq', p.text);
    }
  }
  flush();
  return out;
}

/** Character diff limits: beyond these the line-first strategy is used. */
const CHAR_MAX_D = 1500;
const BLOCK_MAX_D = 400;

function charDiff(a: string[], b: string[], maxD: number): DiffPart[] | null {
  const runs = diffTokens(a, b, maxD);
  return runs ? runs.map((r) => ({ op: r.op, text: r.items.join('') })) : null;
}

function splitLines(s: string): string[] {
  return s.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** The difference between two texts, old → new. */
export function diffText(before: string, after: string): DiffPart[] {
  if (before === after) return before ? [{ op: 'eq', text: before }] : [];
  const a = Array.from(before);
  const b = Array.from(after);
  // Common prefix and suffix cost nothing to find and shrink the work.
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const midA = a.slice(pre, a.length - suf);
  const midB = b.slice(pre, b.length - suf);
  const out: DiffPart[] = [];
  push(out, 'eq', a.slice(0, pre).join(''));
  const direct = charDiff(midA, midB, CHAR_MAX_D);
  if (direct) {
    for (const p of direct) push(out, p.op, p.text);
  } else {
    const lines = diffTokens(splitLines(midA.join('')), splitLines(midB.join('')))!;
    for (let i = 0; i < lines.length; i++) {
      const r = lines[i]!;
      const next = lines[i + 1];
      if (r.op === 'del' && next?.op === 'ins') {
        // A changed block: refine by characters when that stays cheap, else show it replaced.
        const refined = charDiff(Array.from(r.items.join('')), Array.from(next.items.join('')), BLOCK_MAX_D);
        if (refined) for (const p of refined) push(out, p.op, p.text);
        else {
          push(out, 'del', r.items.join(''));
          push(out, 'ins', next.items.join(''));
        }
        i++;
      } else {
        push(out, r.op, r.items.join(''));
      }
    }
  }
  push(out, 'eq', a.slice(a.length - suf).join(''));
  return normalise(out);
}

/** Characters inserted and deleted (white space not counted, like the body limit). */
export function diffStats(parts: readonly DiffPart[]): { inserted: number; deleted: number } {
  const count = (s: string) => Array.from(s).filter((c) => !/\s/u.test(c)).length;
  let inserted = 0;
  let deleted = 0;
  for (const p of parts) {
    if (p.op === 'ins') inserted += count(p.text);
    if (p.op === 'del') deleted += count(p.text);
  }
  return { inserted, deleted };
}
