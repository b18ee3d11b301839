/**
 * A 20-item briefing (~800 characters of Chinese each, server/documents/briefing-fixture.ts) rendered
 * to .docx by renderBriefingDocx in the GB/T 9704 layout, beside the same text written by the bare
 * `docx` package with no layout at all (one default paragraph per line of text) in the same run.
 * Median of the timed runs after warm-up; target: under 0.5 s for the layout.
 *
 *   npm run bench -- briefing-docx
 *   DOCX_BENCH_ITEMS=40 DOCX_BENCH_RUNS=15 npx tsx bench/briefing-docx.bench.ts
 */
import { pathToFileURL } from 'node:url';
import { Document, Packer, Paragraph } from 'docx';
import type { BriefingDocument } from '../server/documents/briefing-document';
import { renderBriefingDocx } from '../server/documents/briefing-docx';
import { briefingWithItems } from '../server/documents/briefing-fixture';

const TARGET_MS = 500;

/** The baseline: the same words, bare docx, no styles, no page setup, no masthead or 版记. */
async function bareDocx(doc: BriefingDocument): Promise<Buffer> {
  const children: Paragraph[] = [new Paragraph(doc.mastheadName)];
  for (const item of doc.items) {
    children.push(new Paragraph(item.title));
    for (const line of item.body.split('\n')) children.push(new Paragraph(line));
    if (item.source) children.push(new Paragraph(item.source));
  }
  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function time(f: () => Promise<Buffer>, runs: number): Promise<{ ms: number[]; bytes: number }> {
  const ms: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    bytes = (await f()).length;
    ms.push(performance.now() - t0);
  }
  return { ms, bytes };
}

export async function runBriefingDocxBench(opts: { items?: number; runs?: number } = {}): Promise<void> {
  const items = opts.items ?? Number(process.env.DOCX_BENCH_ITEMS ?? 20);
  const runs = opts.runs ?? Number(process.env.DOCX_BENCH_RUNS ?? 11);
  const doc = briefingWithItems(items);
  const chars = doc.items.reduce((a, it) => a + it.title.length + it.body.length, 0);
  console.log(`briefing .docx: ${items} items, ${chars} characters of text, ${runs} timed runs after 3 warm-up runs each`);

  // warm-up (JIT, docx's lazy parts), interleaved so neither side gets a cold start
  for (let i = 0; i < 3; i++) {
    await renderBriefingDocx(doc);
    await bareDocx(doc);
  }
  // interleave the timed runs too, so a busy neighbour on the shared machine hits both alike
  const layout: number[] = [];
  const bare: number[] = [];
  let layoutBytes = 0;
  let bareBytes = 0;
  for (let i = 0; i < runs; i++) {
    const a = await time(() => renderBriefingDocx(doc), 1);
    const b = await time(() => bareDocx(doc), 1);
    layout.push(a.ms[0]!);
    bare.push(b.ms[0]!);
    layoutBytes = a.bytes;
    bareBytes = b.bytes;
  }
  const ml = median(layout);
  const mb = median(bare);
  console.log(`  renderBriefingDocx (GB/T 9704 layout): median ${ml.toFixed(1)} ms (min ${Math.min(...layout).toFixed(1)}, max ${Math.max(...layout).toFixed(1)}), ${(layoutBytes / 1024).toFixed(1)} KiB`);
  console.log(`  bare docx, no layout (baseline):       median ${mb.toFixed(1)} ms (min ${Math.min(...bare).toFixed(1)}, max ${Math.max(...bare).toFixed(1)}), ${(bareBytes / 1024).toFixed(1)} KiB`);
  console.log(`  ratio layout / bare: ${(ml / mb).toFixed(2)}×; target < ${TARGET_MS} ms: ${ml < TARGET_MS ? 'met' : 'NOT MET'}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runBriefingDocxBench();
}
