import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildWebIfNeeded } from '../cli/commands';
import { loadConfig } from '../server/config';
import { startServer } from '../server/main';
import { TEMPLATE_ENV, TEMPLATE_ACCOUNTS } from './harness';

/**
 * Loads the demo data once for the whole e2e run (about 9 s on these machines) into a template
 * folder; each test file starts its server on its own copy of it (about 2 s), so every file still
 * begins from the same fresh demo and no file sees another's changes.
 */
export default async function setup(): Promise<() => void> {
  buildWebIfNeeded();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xuanbao-e2e-template-'));
  const config = { ...loadConfig({ XUANBAO_DATA_DIR: dir, XUANBAO_PORT: '0', XUANBAO_LOG_LEVEL: 'warn', NODE_ENV: 'test' }), demo: true };
  const server = await startServer(config, { print: () => undefined });
  const accounts = Object.fromEntries((server.demoAccounts ?? []).map((a) => [a.login, a.password]));
  await server.stop();
  if (Object.keys(accounts).length === 0) throw new Error('the e2e template has no demo accounts');
  fs.writeFileSync(path.join(dir, TEMPLATE_ACCOUNTS), JSON.stringify(accounts), { mode: 0o600 });
  process.env[TEMPLATE_ENV] = dir;
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
