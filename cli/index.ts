import { Command } from 'commander';
import { describeError } from '../server/admin/protocol';
import { runCli } from './commands';

const program = new Command();
await runCli(program, process.argv).catch((err: unknown) => {
  process.stderr.write(`${describeError(err)}\n`);
  process.exit(1);
});
