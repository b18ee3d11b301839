/** Writes docs/interchange.schema.json from the zod schema (format.ts): `npx tsx server/interchange/write-schema.ts`. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { interchangeJsonSchemaText } from './format';

export const SCHEMA_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'interchange.schema.json');

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  fs.writeFileSync(SCHEMA_FILE, interchangeJsonSchemaText());
  process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
}
