import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import { FrameReader, PROTOCOL_VERSION, type AdminRequest } from '../server/admin/protocol';

/**
 * Runs one command inside the running server through its admin socket (server/admin/socket.ts):
 * sends the request, prints what the server prints, and for a backup writes the streamed archive
 * to `backupFile` (through `backupFile.partial`, mode 0600, renamed when complete). Returns the
 * command's exit code; throws with the server's message when it refused or failed.
 */
export async function runThroughServer(socketPath: string, request: AdminRequest, opts: { backupFile?: string } = {}): Promise<number> {
  const partial = opts.backupFile ? `${opts.backupFile}.partial` : null;
  let fd: number | null = null;
  if (partial) {
    fs.rmSync(partial, { force: true });
    fd = fs.openSync(partial, 'wx', 0o600);
  }
  // While a file is being written, what the server prints waits until the file is in place.
  const held: (() => void)[] = [];
  const print = (f: () => void) => (fd !== null ? held.push(f) : f());
  let result: { exitCode: number } | { message: string } | null = null;
  const reader = new FrameReader(
    (f) => {
      if (f.t === 'out') print(() => process.stdout.write(f.text));
      else if (f.t === 'err') print(() => process.stderr.write(f.text));
      else if (f.t === 'end') result = { exitCode: f.exitCode };
      else if (f.t === 'fail') result = { message: f.message };
    },
    (bytes) => {
      if (fd === null) throw new Error('admin socket: unexpected data');
      let off = 0;
      while (off < bytes.length) off += fs.writeSync(fd, bytes, off);
    },
  );
  try {
    await new Promise<void>((resolve, reject) => {
      const socket = net.connect(socketPath);
      socket.once('connect', () => socket.write(`${JSON.stringify({ v: PROTOCOL_VERSION, operator: os.userInfo().username, request })}\n`));
      socket.on('data', (d: Buffer) => {
        try {
          reader.push(d);
        } catch (e) {
          socket.destroy();
          reject(e);
        }
      });
      socket.once('error', reject);
      socket.once('close', () => resolve());
    });
    if (!result || reader.incomplete) throw new Error('服务器在命令完成前断开了连接（可能已停止）/ the server closed the connection before the command finished (it may have stopped)');
    const r = result as { exitCode: number } | { message: string };
    if ('message' in r) throw new Error(r.message);
    if (fd !== null && partial && opts.backupFile) {
      fs.fsyncSync(fd);
      fs.closeSync(fd);
      fd = null;
      fs.renameSync(partial, opts.backupFile);
    }
    return r.exitCode;
  } finally {
    if (fd !== null) {
      fs.closeSync(fd);
      fd = null;
      if (partial) fs.rmSync(partial, { force: true });
    }
    for (const f of held) f();
  }
}
