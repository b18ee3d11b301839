import { Command } from 'commander';
import { runCli } from './commands';

/**
 * The message an operator sees. A failed query's own message lists the query's parameters (which
 * can be password hashes or personal data): show the database's reason instead.
 */
function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  if (err.message.startsWith('Failed query') && err.cause instanceof Error) return `数据库错误 / database error: ${err.cause.message}`;
  return err.message;
}

const program = new Command();
await runCli(program, process.argv).catch((err: unknown) => {
  process.stderr.write(`${describeError(err)}\n`);
  process.exit(1);
});
