import { Command } from 'commander';
import { describeError } from '../server/admin/commands';
import { runCli } from './commands';

const program = new Command();
await runCli(program, process.argv).catch((err: unknown) => {
  process.stderr.write(`${describeError(err)}\n`);
  process.exit(1);
});
