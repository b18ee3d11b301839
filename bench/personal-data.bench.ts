/**
 * Personal-data pre-release check: quality and speed on a synthetic labelled corpus.
 *
 *   npx tsx bench/personal-data.bench.ts            (5,000 documents, seed 20240601)
 *   PII_BENCH_DOCS=20000 PII_BENCH_SEED=7 npx tsx bench/personal-data.bench.ts
 *
 * Prints precision / recall per kind and overall for findPersonalData and, measured in the same run
 * on the same documents, for a naive regex-only detector (no NFKC, no checksum / date / Luhn /
 * context validation, no digit-group handling), plus throughput of both and the ratios. Then, on
 * corpora of each family (pii-corpus.ts: valid values, labelled-but-malformed values, disguised
 * values; the same decoys in each), precision and recall of both, separately.
 */
import { pathToFileURL } from 'node:url';
import { findPersonalData, PERSONAL_DATA_KINDS, type PersonalDataKind } from '../server/submissions/guards/personal-data';
import { CORPUS_FAMILIES, generateCorpus, scoreDetector, type CorpusDoc, type CorpusScore, type Detection } from '../server/submissions/guards/pii-corpus';

const NAIVE_PRIORITY: PersonalDataKind[] = [
  'email', 'resident_id', 'credit_code', 'bank_card', 'resident_id_15', 'mobile', 'landline', 'licence_plate', 'protected_name',
];

// What one typically finds in snippets: one regex per kind, digit lookarounds, nothing validated.
const NAIVE_PATTERNS: [PersonalDataKind, RegExp][] = [
  ['email', /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g],
  ['resident_id', /(?<!\d)\d{17}[\dXx](?!\d)/g],
  ['credit_code', /(?<![0-9A-Z])[0-9A-HJ-NPQRTUWXY]{18}(?![0-9A-Z])/g],
  ['bank_card', /(?<!\d)\d{16,19}(?!\d)/g],
  ['resident_id_15', /(?<!\d)\d{15}(?!\d)/g],
  ['mobile', /(?<!\d)(?:\+86)?1[3-9]\d{9}(?!\d)/g],
  ['landline', /(?<!\d)0\d{2,3}-\d{7,8}(?!\d)/g],
  ['licence_plate', /[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Z][A-Z0-9]{5,6}/g],
];

export function naiveDetect(text: string, protectedNames: readonly string[]): Detection[] {
  const raw: Detection[] = [];
  for (const [kind, re] of NAIVE_PATTERNS) {
    for (const m of text.matchAll(re)) raw.push({ kind, start: m.index, end: m.index + m[0].length });
  }
  for (const name of protectedNames) {
    for (let k = text.indexOf(name); name && k >= 0; k = text.indexOf(name, k + name.length)) {
      raw.push({ kind: 'protected_name', start: k, end: k + name.length });
    }
  }
  raw.sort((a, b) => NAIVE_PRIORITY.indexOf(a.kind) - NAIVE_PRIORITY.indexOf(b.kind) || b.end - b.start - (a.end - a.start));
  const kept: Detection[] = [];
  for (const f of raw) if (!kept.some((k) => f.start < k.end && k.start < f.end)) kept.push(f);
  return kept.sort((a, b) => a.start - b.start);
}

interface Timed {
  score: CorpusScore;
  ms: number;
}

function measure(docs: readonly CorpusDoc[], detect: (d: CorpusDoc) => readonly Detection[], rounds: number): Timed {
  // warm-up pass (JIT), then timed passes; the score comes from the first timed pass
  for (const d of docs.slice(0, 200)) detect(d);
  let best = Infinity;
  const results = new Map<string, readonly Detection[]>();
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (const d of docs) results.set(d.id, detect(d));
    best = Math.min(best, performance.now() - t0);
  }
  return { score: scoreDetector(docs, (d) => results.get(d.id) ?? []), ms: best };
}

const f3 = (x: number): string => x.toFixed(3);
const pad = (s: string, n: number): string => s.padEnd(n);

export async function runPersonalDataBench(opts: { docs?: number; seed?: number; rounds?: number } = {}): Promise<void> {
  const count = opts.docs ?? Number(process.env.PII_BENCH_DOCS ?? 5000);
  const seed = opts.seed ?? Number(process.env.PII_BENCH_SEED ?? 20240601);
  const rounds = opts.rounds ?? 3;

  const tg = performance.now();
  const docs = generateCorpus({ seed, count });
  const genMs = performance.now() - tg;
  const chars = docs.reduce((a, d) => a + d.text.length, 0);
  const bytes = docs.reduce((a, d) => a + Buffer.byteLength(d.text, 'utf8'), 0);
  const labels = docs.reduce((a, d) => a + d.labels.length, 0);

  const ours = measure(docs, (d) => findPersonalData(d.text, { protectedNames: d.protectedNames }), rounds);
  const naive = measure(docs, (d) => naiveDetect(d.text, d.protectedNames), rounds);

  console.log('== personal data (pre-release check) ==');
  console.log(`corpus: ${count} documents, seed ${seed}, ${(bytes / 1e6).toFixed(2)} MB UTF-8 (${chars} UTF-16 units), ${labels} labelled spans, generated in ${genMs.toFixed(0)} ms`);
  console.log('');
  console.log(`${pad('kind', 16)}${pad('labels', 8)}${pad('P', 8)}${pad('R', 8)}${pad('FP', 6)}${pad('FN', 6)}| ${pad('naive P', 9)}${pad('naive R', 9)}${pad('FP', 6)}FN`);
  for (const k of PERSONAL_DATA_KINDS) {
    const a = ours.score.perKind[k];
    const b = naive.score.perKind[k];
    console.log(
      `${pad(k, 16)}${pad(String(a.tp + a.fn), 8)}${pad(f3(a.precision), 8)}${pad(f3(a.recall), 8)}${pad(String(a.fp), 6)}${pad(String(a.fn), 6)}| `
      + `${pad(f3(b.precision), 9)}${pad(f3(b.recall), 9)}${pad(String(b.fp), 6)}${b.fn}`,
    );
  }
  const a = ours.score.overall;
  const b = naive.score.overall;
  const f1 = (s: { precision: number; recall: number }): number => (2 * s.precision * s.recall) / (s.precision + s.recall || 1);
  console.log(
    `${pad('overall', 16)}${pad(String(a.tp + a.fn), 8)}${pad(f3(a.precision), 8)}${pad(f3(a.recall), 8)}${pad(String(a.fp), 6)}${pad(String(a.fn), 6)}| `
    + `${pad(f3(b.precision), 9)}${pad(f3(b.recall), 9)}${pad(String(b.fp), 6)}${b.fn}`,
  );
  console.log('');
  const rate = (t: Timed): string => `${(count / (t.ms / 1000)).toFixed(0)} docs/s, ${(bytes / 1e6 / (t.ms / 1000)).toFixed(1)} MB/s (${t.ms.toFixed(0)} ms, best of ${rounds})`;
  console.log(`findPersonalData: ${rate(ours)}`);
  console.log(`naive regex:      ${rate(naive)}`);
  console.log(
    `ratio findPersonalData / naive: precision ×${(a.precision / (b.precision || 1e-9)).toFixed(2)}, recall ×${(a.recall / (b.recall || 1e-9)).toFixed(2)}, `
    + `F1 ${f3(f1(a))} vs ${f3(f1(b))} (×${(f1(a) / (f1(b) || 1e-9)).toFixed(2)}), speed ×${(naive.ms / ours.ms).toFixed(2)} (naive is ${(ours.ms / naive.ms).toFixed(1)}× faster)`,
  );
  console.log('');
  console.log(`by family (${Math.min(count, 2000)} documents each, seed ${seed}): what a checksum confirms, and what it cannot`);
  console.log(`${pad('family', 12)}${pad('labels', 8)}${pad('P', 8)}${pad('R', 8)}${pad('FP', 6)}${pad('FN', 6)}| ${pad('naive P', 9)}${pad('naive R', 9)}${pad('FP', 6)}FN`);
  for (const family of CORPUS_FAMILIES) {
    const fam = generateCorpus({ seed, count: Math.min(count, 2000), family });
    const x = scoreDetector(fam, (d) => findPersonalData(d.text, { protectedNames: d.protectedNames })).overall;
    const y = scoreDetector(fam, (d) => naiveDetect(d.text, d.protectedNames)).overall;
    console.log(
      `${pad(family, 12)}${pad(String(x.tp + x.fn), 8)}${pad(f3(x.precision), 8)}${pad(f3(x.recall), 8)}${pad(String(x.fp), 6)}${pad(String(x.fn), 6)}| `
      + `${pad(f3(y.precision), 9)}${pad(f3(y.recall), 9)}${pad(String(y.fp), 6)}${y.fn}`,
    );
  }
  const misses = ours.score.examples.slice(0, 5);
  if (misses.length > 0) {
    console.log('first mistakes of findPersonalData:');
    for (const m of misses) console.log(`  ${m.type} ${m.kind} ${JSON.stringify(m.text)} in …${JSON.stringify(m.context)}…`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runPersonalDataBench().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
