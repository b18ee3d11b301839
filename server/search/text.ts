/**
 * Chinese full-text search, the pure part (no database): text → words for a `tsvector`, a query →
 * a safe `tsquery` text, and snippets with the hit words marked.
 *
 * Why this shape: PostgreSQL's own parser does not segment Chinese (a run of Han characters is one
 * "word", and in the C locale even ，。 count as letters), so the words are made here, by jieba, and
 * the database only stores and matches them: `to_tsvector('simple', <words joined by spaces>)`. The
 * words hold letters and digits only, so the parser of either database (PGlite = PostgreSQL 18,
 * the server 15, any locale) sees exactly the same words, one lexeme each.
 *
 * - Written text is cut in jieba's **search mode** (a long word also gives its dictionary sub-words:
 *   诈骗案 → 诈骗, 骗案, 诈骗案), so a query for 诈骗 finds 诈骗案.
 * - A query is cut in plain mode; its words are ANDed. A single character (火, or a word jieba
 *   leaves as single characters, 警 情) is a **prefix** (`火:*` matches 火灾), because the index keeps
 *   words, not characters. Latin words are lower-cased (NFKC first: full-width ＡＢＣ is abc).
 * - Punctuation, symbols and spaces never reach the database; stop words (的, 和, 在 …) are neither
 *   stored nor searched. A query with nothing searchable left is `null`: no condition on words.
 * - User input is never parsed as tsquery syntax: each word is quoted here (and can only contain
 *   letters, marks and digits anyway), and the operators are ours.
 */
import { createRequire } from 'node:module';
import type { Jieba as JiebaType } from '@node-rs/jieba';

let segmenter: JiebaType | undefined;

/** The jieba segmenter with its default dictionary, loaded on first use (≈ 0.4 s). */
function jieba(): JiebaType {
  if (!segmenter) {
    const require = createRequire(import.meta.url);
    const { Jieba } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
    const { dict } = require('@node-rs/jieba/dict') as typeof import('@node-rs/jieba/dict');
    segmenter = Jieba.withDict(dict);
  }
  return segmenter;
}

/** Loads the segmenter now (server start, benchmarks) so the first search is not slow. */
export function warmUpSearch(): void {
  jieba();
}

/** Words too common to be worth storing or searching. */
export const SEARCH_STOP_WORDS: ReadonlySet<string> = new Set(
  (
    '的 地 得 了 着 过 和 与 及 或 而 并 且 并且 以及 在 于 是 为 对 等 也 又 还 都 就 才 将 把 被 从 以 由 向 到 给 让 使 ' +
    '之 其 此 该 这 那 这些 那些 这个 那个 有 不 没 要 会 能 可 个 一个 各 每 所 我 我们 你 你们 他 他们 她 它 们 中 ' +
    '啊 吗 呢 吧'
  ).split(' '),
);

/** A stored or searched word: letters (any script), combining marks and digits, nothing else. */
const WORD = /^[\p{L}\p{M}\p{N}]+$/u;
/** Everything that separates words: punctuation, symbols, spaces, control and invisible characters. */
const SEPARATORS = /[^\p{L}\p{M}\p{N}]+/gu;

/** NFKC and lower case: full-width forms, compatibility characters and capitals fold to one form. */
export function normalizeSearchText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** Cuts one run of letters/digits; keeps only real words, drops stop words. */
function cutRun(run: string, mode: 'index' | 'query'): string[] {
  const j = jieba();
  const words = mode === 'index' ? j.cutForSearch(run, false) : j.cut(run, false);
  return words.filter((w) => WORD.test(w) && !SEARCH_STOP_WORDS.has(w));
}

function runsOf(text: string): string[] {
  return normalizeSearchText(text)
    .split(SEPARATORS)
    .filter((r) => r.length > 0);
}

/** The words of a text as stored in the index (search mode: sub-words too), in text order. */
export function indexWords(text: string): string[] {
  return runsOf(text).flatMap((r) => cutRun(r, 'index'));
}

/** What goes into `to_tsvector('simple', …)`: the words joined by single spaces. */
export function indexText(text: string): string {
  return indexWords(text).join(' ');
}

/** One word of a query: a whole word, or a prefix (a single character). */
export type QueryTerm = { word: string; prefix: boolean };

/** Longest query we segment (characters after normalisation); the route's schema caps input below it. */
const MAX_QUERY_CHARS = 200;
/** At most this many words are ANDed; more narrows nothing useful and costs index probes. */
const MAX_QUERY_TERMS = 12;

/** The terms of a user's query, de-duplicated, in order; empty when nothing searchable is left. */
export function queryTerms(query: string): QueryTerm[] {
  const seen = new Set<string>();
  const out: QueryTerm[] = [];
  for (const run of runsOf(query.slice(0, MAX_QUERY_CHARS))) {
    for (const word of cutRun(run, 'query')) {
      if (seen.has(word)) continue;
      seen.add(word);
      out.push({ word, prefix: [...word].length === 1 });
    }
  }
  return out.slice(0, MAX_QUERY_TERMS);
}

/** Quotes a word for tsquery input: inside '…', a quote is doubled and a backslash escaped. */
function quoteLexeme(word: string): string {
  return `'${word.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/**
 * The tsquery text for `to_tsquery('simple', …)`: the terms ANDed, each quoted, single characters
 * as prefixes; null when the query has nothing searchable (then do not filter on words at all).
 */
export function tsqueryText(query: string): string | null {
  const terms = queryTerms(query);
  if (!terms.length) return null;
  return terms.map((t) => quoteLexeme(t.word) + (t.prefix ? ':*' : '')).join(' & ');
}

/** A piece of a snippet: plain text, or a hit of a query word. */
export type SnippetPart = { text: string; hit: boolean };

/**
 * A short passage of `text` around the first hit of the query's terms, cut into plain and hit parts
 * (the web marks the hits; no HTML is made here). Without a hit it is the text's beginning.
 * Matching is on the normalised text (NFKC, lower case), mapped back to the original characters.
 */
export function snippet(text: string, terms: readonly QueryTerm[], maxChars = 120): SnippetPart[] {
  const chars = [...text];
  // Normalise character by character so positions map back one to one (NFKC of one character may
  // give several; they stay attached to their original character).
  const norm = chars.map((c) => normalizeSearchText(c));
  const joined = norm.join('');
  const starts: number[] = [];
  let acc = 0;
  for (const n of norm) {
    starts.push(acc);
    acc += n.length;
  }
  const charAt = (offset: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  // Every occurrence of every term, as [from, to) in characters of the original text.
  const hits: [number, number][] = [];
  for (const t of terms) {
    if (!t.word) continue;
    for (let i = joined.indexOf(t.word); i >= 0; i = joined.indexOf(t.word, i + t.word.length)) {
      hits.push([charAt(i), charAt(i + t.word.length - 1) + 1]);
    }
  }
  hits.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  // Merge overlapping hits.
  const merged: [number, number][] = [];
  for (const h of hits) {
    const last = merged[merged.length - 1];
    if (last && h[0] <= last[1]) last[1] = Math.max(last[1], h[1]);
    else merged.push([...h]);
  }
  const first = merged[0]?.[0] ?? 0;
  const from = chars.length <= maxChars ? 0 : Math.max(0, Math.min(first - Math.floor(maxChars / 4), chars.length - maxChars));
  const to = Math.min(chars.length, from + maxChars);
  const parts: SnippetPart[] = [];
  const push = (a: number, b: number, hit: boolean) => {
    if (b <= a) return;
    const s = chars.slice(a, b).join('');
    const last = parts[parts.length - 1];
    if (last && last.hit === hit) last.text += s;
    else parts.push({ text: s, hit });
  };
  let at = from;
  for (const [a, b] of merged) {
    if (b <= from || a >= to) continue;
    push(at, Math.max(at, a), false);
    push(Math.max(at, a), Math.min(b, to), true);
    at = Math.min(b, to);
  }
  push(at, to, false);
  if (from > 0) {
    if (parts[0] && !parts[0].hit) parts[0].text = '…' + parts[0].text;
    else parts.unshift({ text: '…', hit: false });
  }
  if (to < chars.length) parts.push({ text: '…', hit: false });
  return parts.reduce<SnippetPart[]>((out, p) => {
    const last = out[out.length - 1];
    if (last && !last.hit && !p.hit) last.text += p.text;
    else out.push(p);
    return out;
  }, []);
}
