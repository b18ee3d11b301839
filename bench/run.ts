/**
 * `npm run bench`: every benchmark, each printing its figures and a ratio against a baseline measured
 * in the same run. `npm run bench -- pii` (or any other key of `all` below) runs one.
 */
import { runBriefingDocxBench } from './briefing-docx.bench';
import { runArchiveSearchBench } from './archive-search.bench';
import { runDuplicatesBench } from './duplicates.bench';
import { runDuplicatesDbBench } from './duplicates-db.bench';
import { runListsBench } from './lists.bench';
import { runPersonalDataBench } from './personal-data.bench';
import { runScoringBench } from './scoring.bench';
import { runWebBundleBench } from './web-bundle.bench';
import { runWriteThroughputBench } from './write-throughput.bench';

const all: Record<string, () => Promise<void>> = {
  pii: () => runPersonalDataBench(),
  duplicates: () => runDuplicatesBench(),
  'duplicates-db': () => runDuplicatesDbBench(),
  write: () => runWriteThroughputBench(),
  lists: () => runListsBench(),
  scoring: () => runScoringBench(),
  'briefing-docx': () => runBriefingDocxBench(),
  archive: () => runArchiveSearchBench(),
  web: () => runWebBundleBench(),
};
const wanted = process.argv.slice(2).filter((a) => a !== '--');
for (const name of wanted.length ? wanted : Object.keys(all)) {
  const run = all[name];
  if (!run) throw new Error(`unknown benchmark ${name}; choose from ${Object.keys(all).join(', ')}`);
  await run();
  console.log('');
}
