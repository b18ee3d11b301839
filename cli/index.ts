import { Command } from 'commander';
import { runCli } from './commands';

const program = new Command();
await runCli(program, process.argv).catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
