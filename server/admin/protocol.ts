import { z } from 'zod';

/**
 * The admin socket's protocol (server/admin/socket.ts ↔ cli/socket.ts), one request per connection.
 *
 * Request: one line of JSON, `{ v: 1, operator, request }`, at most MAX_REQUEST_BYTES; `request`
 * is one of the allowed commands below (anything else is refused before it runs).
 * Response: a sequence of frames, each one line of JSON; a `chunk` frame is followed by exactly
 * `n` raw bytes (the backup's archive, streamed). The last frame is `end` (the command's exit
 * code) or `fail` (a message for the operator, exit code 1).
 */
export const PROTOCOL_VERSION = 1;
export const MAX_REQUEST_BYTES = 64 * 1024;

const login = z.string().min(1).max(64);
const name = z.string().min(1).max(200);

/** Every command the socket runs: the ones that read or write data while the server runs. */
export const ZAdminRequest = z.discriminatedUnion('command', [
  z.object({ command: z.literal('migrate') }).strict(),
  z.object({ command: z.literal('unit.add-root'), name, type: z.string().min(1).max(50) }).strict(),
  z.object({ command: z.literal('unit.list') }).strict(),
  /** `org`, `upper`: a top-level unit's id or exact name; `level`: the upper office's level (市局 …). */
  z.object({ command: z.literal('org.link'), org: name, upper: name, level: z.string().min(1).max(20).optional() }).strict(),
  z.object({ command: z.literal('org.unlink'), org: name }).strict(),
  z.object({ command: z.literal('org.links') }).strict(),
  /** A published briefing issue as .docx, written by the server to `file` (an absolute path; through `file.partial`). */
  z
    .object({
      command: z.literal('briefing.export'),
      org: name,
      type: z.string().min(1).max(20),
      year: z.number().int().min(1900).max(9999),
      number: z.number().int().min(1).max(100_000),
      supplement: z.boolean().optional(),
      masthead: z.string().min(1).max(100).optional(),
      file: z.string().min(1).max(4096),
    })
    .strict(),
  /** The scores of an organisation's rubric (id or exact name) for a range of dates, printed (JSON with `json`). */
  z
    .object({
      command: z.literal('scores'),
      org: name,
      rubric: name,
      from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
      to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
      json: z.boolean().optional(),
      explain: z.boolean().optional(),
    })
    .strict(),
  z
    .object({
      command: z.literal('user.add'),
      login,
      name,
      unit: name,
      roles: z.array(z.string().min(1).max(300)).max(50),
      /** Read by the CLI from its standard input; travels only over the operator's socket. */
      password: z.string().max(1000).optional(),
    })
    .strict(),
  z.object({ command: z.literal('user.reset-password'), login }).strict(),
  z.object({ command: z.literal('user.unlock'), login }).strict(),
  /** `checkpoints`: a checkpoint file to check against instead of the data folder's (an absolute path the CLI resolved). */
  z.object({ command: z.literal('audit.verify'), checkpoints: z.string().min(1).max(4096).optional() }).strict(),
  z.object({ command: z.literal('audit.purge') }).strict(),
  /** `file` is only shown back: the archive comes back in `chunk` frames and the CLI writes it. */
  z.object({ command: z.literal('backup'), file: z.string().min(1).max(4096) }).strict(),
]);
export type AdminRequest = z.infer<typeof ZAdminRequest>;
export type AdminCommand = AdminRequest['command'];

export const ZEnvelope = z
  .object({
    v: z.literal(PROTOCOL_VERSION),
    /** The operating-system user running the CLI (only the socket's owner, or root, can connect). */
    operator: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/),
    request: z.unknown(),
  })
  .strict();

export type Frame =
  | { t: 'out'; text: string }
  | { t: 'err'; text: string }
  | { t: 'chunk'; n: number }
  | { t: 'end'; exitCode: number }
  | { t: 'fail'; message: string };

export const encodeFrame = (f: Frame) => Buffer.from(JSON.stringify(f) + '\n');

/**
 * Reads frames from a byte stream: JSON lines, and after a `chunk` header its raw bytes (handed
 * to `onChunk`). Push bytes in with `push`; frames other than chunks come out through `onFrame`.
 */
export class FrameReader {
  private buf: Buffer = Buffer.alloc(0);
  private pending = 0;
  constructor(
    private readonly onFrame: (f: Exclude<Frame, { t: 'chunk' }>) => void,
    private readonly onChunk: (bytes: Buffer) => void,
  ) {}

  push(data: Buffer) {
    this.buf = this.buf.length ? Buffer.concat([this.buf, data]) : data;
    for (;;) {
      if (this.pending > 0) {
        if (!this.buf.length) return;
        const take = Math.min(this.pending, this.buf.length);
        this.onChunk(this.buf.subarray(0, take));
        this.buf = this.buf.subarray(take);
        this.pending -= take;
        continue;
      }
      const nl = this.buf.indexOf(0x0a);
      if (nl < 0) {
        if (this.buf.length > MAX_REQUEST_BYTES) throw new Error('admin socket: a frame header is too long');
        return;
      }
      const f = JSON.parse(this.buf.subarray(0, nl).toString('utf8')) as Frame;
      this.buf = this.buf.subarray(nl + 1);
      if (f.t === 'chunk') {
        if (!Number.isInteger(f.n) || f.n < 0) throw new Error('admin socket: bad chunk frame');
        this.pending = f.n;
      } else this.onFrame(f);
    }
  }

  /** Whether the stream stopped in the middle of a frame. */
  get incomplete() {
    return this.pending > 0 || this.buf.length > 0;
  }
}

/**
 * The message an operator sees. A failed query's own message lists the query's parameters (which
 * can be password hashes or personal data): show the database's reason instead.
 */
export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  if (err.message.startsWith('Failed query') && err.cause instanceof Error) return `数据库错误 / database error: ${err.cause.message}`;
  return err.message;
}
