// Near-duplicate detection benchmark (server/submissions/guards/duplicates).
//
//   npx tsx bench/duplicates.bench.ts            full run (1,000,000 stored fingerprints)
//   DUP_BENCH_ITEMS=100000 npx tsx bench/...      smaller index
//   node --expose-gc --import tsx bench/duplicates.bench.ts   steadier memory figures
//
// 1. Fingerprinting speed on 2,000 real-ish Chinese texts of ≈ 1,000 characters (random sequences of
//    sentences from the fixtures, and from the seed documents when ../shared/seeds is present).
// 2. Threshold tuning: Hamming distances of lightly edited copies vs different texts, by length.
// 3. An index of 1,000,000 fingerprints (random 64-bit values plus planted fingerprints of lightly
//    edited copies of 1,000 query texts): banded look-up vs brute-force scan, recall, memory.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { masksWithin, probeRadius } from '../server/submissions/guards/duplicates/bands';
import { DuplicateIndex, type DuplicateMatch } from '../server/submissions/guards/duplicates/duplicate-index';
import {
  NEAR_DUPLICATE_MAX_DISTANCE, textFingerprint, warmUpFingerprinting,
} from '../server/submissions/guards/duplicates/fingerprint';
import {
  addWhitespaceAndPunctuation, ALL_FIXTURE_TEXTS, changeDate, replaceRandomChars, swapWidths,
} from '../server/submissions/guards/duplicates/fixtures';
import { fromHalves, hammingDistance } from '../server/submissions/guards/duplicates/hamming';
import { mulberry32 } from '../server/submissions/guards/duplicates/fixtures';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');


function sentencePool(): { sentences: string[]; sources: string } {
  const docs = [...ALL_FIXTURE_TEXTS];
  let sources = `${ALL_FIXTURE_TEXTS.length} fixture texts`;
  const seedsDir = process.env.XUANBAO_SEEDS_DIR ?? join(REPO_ROOT, '..', 'shared', 'seeds');
  if (existsSync(seedsDir)) {
    const files = readdirSync(seedsDir).filter((f) => f.endsWith('.txt'));
    for (const f of files) docs.push(readFileSync(join(seedsDir, f), 'utf8'));
    sources += ` + ${files.length} seed documents`;
  }
  const sentences = [...new Set(docs.flatMap((d) => d.split(/(?<=[。！？；\n])/)).map((s) => s.trim()).filter((s) => s.length >= 8))];
  return { sentences, sources };
}

/** A text of about `chars` characters: random sentences of the pool, in paragraphs. */
function makeText(pool: readonly string[], chars: number, random: () => number): string {
  let out = '';
  while (out.length < chars) {
    out += pool[Math.floor(random() * pool.length)]!;
    if (random() < 0.2) out += '\n';
  }
  return out.slice(0, chars);
}

type Edit = [name: string, edit: (text: string, random: () => number) => string];
const LIGHT_EDITS: Edit[] = [
  ['1 char', (t, r) => replaceRandomChars(t, 1, r)],
  ['3 chars', (t, r) => replaceRandomChars(t, 3, r)],
  ['date', (t) => changeDate(t)],
  ['ws+punct', (t) => addWhitespaceAndPunctuation(t)],
  ['widths', (t) => swapWidths(t)],
  ['all', (t, r) => swapWidths(addWhitespaceAndPunctuation(changeDate(replaceRandomChars(t, 3, r))))],
];

const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!;
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;
const ms = (x: number) => `${x.toFixed(x < 0.1 ? 4 : 3)} ms`;

function fingerprintSpeed(pool: readonly string[]): void {
  const t0 = performance.now();
  warmUpFingerprinting();
  const loadMs = performance.now() - t0;
  const random = mulberry32(1);
  const texts = Array.from({ length: 2000 }, () => makeText(pool, 1000, random));
  for (const t of texts.slice(0, 50)) textFingerprint(t); // JIT warm-up
  const t1 = performance.now();
  for (const t of texts) textFingerprint(t);
  const perText = (performance.now() - t1) / texts.length;
  console.log(`fingerprinting: ${texts.length} texts × 1000 chars, ${ms(perText)} per text (jieba dictionary load ${loadMs.toFixed(0)} ms, once)`);
}

/**
 * Texts of about `chars` characters that share no sentence with each other: the pool is shuffled
 * and dealt out, so "different" means different, while register and topics stay the same.
 */
function disjointTexts(pool: readonly string[], chars: number, max: number, random: () => number): string[] {
  const shuffled = [...pool];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  const texts: string[] = [];
  let current = '';
  for (const s of shuffled) {
    current += s;
    if (current.length >= chars) {
      texts.push(current.slice(0, chars));
      current = '';
      if (texts.length === max) break;
    }
  }
  return texts;
}

function thresholdTuning(pool: readonly string[]): void {
  console.log('\nthreshold tuning — Hamming distance of lightly edited copies vs different texts sharing no sentence:');
  const random = mulberry32(2);
  const allEdits: number[] = [];
  const allDiff: number[] = [];
  for (const len of [200, 500, 1000, 3000]) {
    const texts = disjointTexts(pool, len, 150, random);
    const fps = texts.map(textFingerprint);
    const edits: number[] = [];
    texts.forEach((t, i) => {
      for (let rep = 0; rep < 2; rep++) for (const [, edit] of LIGHT_EDITS) edits.push(hammingDistance(fps[i]!, textFingerprint(edit(t, random))));
    });
    const diff: number[] = [];
    for (let i = 0; i < fps.length; i++) for (let j = i + 1; j < fps.length; j++) diff.push(hammingDistance(fps[i]!, fps[j]!));
    edits.sort((a, b) => a - b);
    diff.sort((a, b) => a - b);
    allEdits.push(...edits);
    allDiff.push(...diff);
    console.log(
      `  ${String(len).padStart(4)} chars: ${String(texts.length).padStart(3)} texts, light edits p50=${quantile(edits, 0.5)} p99=${quantile(edits, 0.99)} max=${edits.at(-1)}` +
        `   different texts min=${diff[0]} p0.1%=${quantile(diff, 0.001)} p50=${quantile(diff, 0.5)} (${diff.length} pairs)`,
    );
  }
  for (let t = 4; t <= 16; t += 2) {
    const missed = allEdits.filter((d) => d > t).length / allEdits.length;
    const falsePairs = allDiff.filter((d) => d <= t).length;
    console.log(`  ≤${String(t).padEnd(2)}: missed ${(missed * 100).toFixed(2).padStart(5)}% of ${allEdits.length} edited copies, flagged ${falsePairs}/${allDiff.length} different pairs`);
  }
  console.log(`  chosen NEAR_DUPLICATE_MAX_DISTANCE = ${NEAR_DUPLICATE_MAX_DISTANCE}`);
}

function indexBench(pool: readonly string[], items: number, queries: number): void {
  const maxD = NEAR_DUPLICATE_MAX_DISTANCE;
  console.log(`\nindex: ${items.toLocaleString('en')} stored fingerprints, ${queries} look-ups at distance ≤ ${maxD}`);
  const random = mulberry32(3);
  const queryTexts = Array.from({ length: queries }, () => makeText(pool, 200 + Math.floor(random() * 2800), random));
  const queryFps = queryTexts.map(textFingerprint);
  const plantedFps = queryTexts.map((t) => textFingerprint(LIGHT_EDITS[Math.floor(random() * LIGHT_EDITS.length)]![1](t, random)));
  // planted copies at random positions among random 64-bit values
  const plantAt = new Map<number, number>();
  while (plantAt.size < queries) plantAt.set(Math.floor(random() * items), plantAt.size);

  global.gc?.();
  const before = process.memoryUsage();
  const index = new DuplicateIndex(1024);
  const tBuild = performance.now();
  for (let slot = 0; slot < items; slot++) {
    const q = plantAt.get(slot);
    if (q !== undefined) index.add(`planted-${q}`, plantedFps[q]!);
    else index.add(`s${slot}`, fromHalves((random() * 4294967296) >>> 0, (random() * 4294967296) >>> 0));
  }
  const buildMs = performance.now() - tBuild;
  const tFirst = performance.now();
  index.find(queryFps[0]!, maxD); // the first look-up after a bulk load folds the additions into the compact lists
  const firstMs = performance.now() - tFirst;
  global.gc?.();
  const after = process.memoryUsage();

  for (let i = 0; i < 20; i++) index.find(queryFps[i]!, maxD); // warm-up
  // the machine may be shared: time the index in 3 passes and take the median pass
  const passes: number[] = [];
  let viaIndex: DuplicateMatch[][] = [];
  for (let pass = 0; pass < 3; pass++) {
    const t = performance.now();
    viaIndex = queryFps.map((q) => index.find(q, maxD));
    passes.push((performance.now() - t) / queries);
  }
  const indexMs = passes.sort((a, b) => a - b)[1]!;

  const tExact = performance.now();
  const viaExactKeys = queryFps.map((q) => index.find(q, 3));
  const exactKeysMs = (performance.now() - tExact) / queries;

  index.bruteForceFind(queryFps[0]!, maxD); // warm-up
  const tBrute = performance.now();
  const viaBrute = queryFps.map((q) => index.bruteForceFind(q, maxD));
  const bruteMs = (performance.now() - tBrute) / queries;

  const mismatches = viaIndex.filter((r, i) => JSON.stringify(r) !== JSON.stringify(viaBrute[i])).length;
  const recalled = viaIndex.filter((r, i) => r.some((m) => m.id === `planted-${i}`)).length;
  const recalledAt3 = viaExactKeys.filter((r, i) => r.some((m) => m.id === `planted-${i}`)).length;
  const falseHits = viaIndex.reduce((n, r, i) => n + r.filter((m) => m.id !== `planted-${i}`).length, 0);

  console.log(`  build: ${(buildMs / 1000).toFixed(2)} s (${((buildMs * 1000) / items).toFixed(2)} µs per add), then ${firstMs.toFixed(0)} ms to compact on the first look-up`);
  console.log(`  banded index:  ${ms(indexMs)} per look-up (≤ ${maxD}: 4 bands × ${masksWithin(probeRadius(maxD)).length} probes; passes ${passes.map((p) => p.toFixed(3)).join(' / ')} ms)   target < 5 ms: ${indexMs < 5 ? 'met' : 'MISSED'}`);
  console.log(`  brute force:   ${ms(bruteMs)} per look-up (scan of all ${items.toLocaleString('en')})`);
  console.log(`  speed-up:      ${(bruteMs / indexMs).toFixed(1)}×`);
  console.log(`  (exact band keys only, ≤ 3: ${ms(exactKeysMs)} per look-up, recall ${((recalledAt3 / queries) * 100).toFixed(1)}%)`);
  console.log(`  index = brute force on ${queries - mismatches}/${queries} queries${mismatches ? '   ← MISMATCH' : ''}`);
  console.log(`  recall of planted near-duplicates: ${recalled}/${queries} (${((recalled / queries) * 100).toFixed(1)}%), other hits: ${falseHits}`);
  console.log(
    `  memory: typed arrays ${mb(index.typedArrayBytes)}; process Δ heapUsed ${mb(after.heapUsed - before.heapUsed)}, ` +
      `Δ arrayBuffers ${mb(after.arrayBuffers - before.arrayBuffers)}, Δ rss ${mb(after.rss - before.rss)} ` +
      `(rss ${mb(after.rss)}, heapUsed ${mb(after.heapUsed)})${global.gc ? '' : ' — run with --expose-gc for steadier numbers'}`,
  );
}

export async function runDuplicatesBench(): Promise<void> {
  const items = Number(process.env.DUP_BENCH_ITEMS ?? 1_000_000);
  const queries = Number(process.env.DUP_BENCH_QUERIES ?? 1_000);
  const { sentences, sources } = sentencePool();
  console.log(`== duplicates: near-duplicate fingerprints (sentence pool: ${sentences.length} sentences from ${sources})`);
  console.log(`   machine: ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (other work skews the timings)`);
  fingerprintSpeed(sentences);
  thresholdTuning(sentences);
  indexBench(sentences, items, queries);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await runDuplicatesBench();
}
