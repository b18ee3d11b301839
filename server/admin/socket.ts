import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { Config } from '../config';
import type { Database } from '../db/client';
import type { BlobOwner } from '../files/owners';
import { runAdminCommand } from './commands';
import { describeError, encodeFrame, MAX_REQUEST_BYTES, PROTOCOL_VERSION, ZAdminRequest, ZEnvelope, type Frame } from './protocol';

/**
 * The running server's local admin socket: the operator's commands (user add, backup, audit
 * verify, …) run here, inside the one process that holds the embedded database, instead of a
 * second process opening the same folder (which corrupts it).
 *
 * Who may connect: whoever may write the socket file. It is made 0600 (under umask 0177, then
 * chmod) inside a folder that is the operator's and not writable by others (the data folder is
 * 0700), so only the operator's account and root can connect; there is no TCP. Node has no portable
 * peer-credential call, so there is no further uid check: the file modes are the gate. Only the
 * commands in protocol.ts's allow-list run; any other request is refused before anything happens.
 */
export type AdminSocket = { path: string; close(): Promise<void> };
type Log = { info(o: object, msg: string): void; warn(o: object, msg: string): void };

export class AdminSocketError extends Error {}

/** Checks the socket's folder and clears a socket file left by a server that is gone. */
async function prepare(socketPath: string): Promise<void> {
  const dir = path.dirname(socketPath);
  if (!fs.existsSync(dir)) fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const d = fs.statSync(dir);
  const uid = process.getuid?.() ?? -1;
  if (d.mode & 0o022 || (uid >= 0 && d.uid !== uid && d.uid !== 0)) {
    throw new AdminSocketError(
      `管理套接字所在文件夹 ${dir} 他人可写或不属于本账号，请另选私有文件夹（XUANBAO_ADMIN_SOCKET） / the admin socket's folder ${dir} can be written by others or is not this account's: choose a private folder (XUANBAO_ADMIN_SOCKET)`,
    );
  }
  let s: fs.Stats;
  try {
    s = fs.lstatSync(socketPath);
  } catch {
    return;
  }
  if (!s.isSocket()) throw new AdminSocketError(`${socketPath} 已存在且不是套接字 / ${socketPath} exists and is not a socket`);
  const answers = await new Promise<boolean>((resolve) => {
    const c = net.connect(socketPath);
    c.once('connect', () => (c.destroy(), resolve(true)));
    c.once('error', () => resolve(false));
  });
  if (answers) throw new AdminSocketError(`另一个服务器正在监听管理套接字 ${socketPath} / another server listens on the admin socket ${socketPath}`);
  fs.rmSync(socketPath, { force: true });
}

export async function startAdminSocket(o: { socketPath: string; database: Database; config: Config; owners: readonly BlobOwner[]; log: Log }): Promise<AdminSocket> {
  const socketPath = path.resolve(o.socketPath);
  if (Buffer.byteLength(socketPath) > 104) {
    throw new AdminSocketError(`管理套接字路径过长（最多 104 字节）：${socketPath}；请设置 XUANBAO_ADMIN_SOCKET / the admin socket path is too long (at most 104 bytes): ${socketPath}; set XUANBAO_ADMIN_SOCKET`);
  }
  await prepare(socketPath);
  const connections = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    connections.add(socket);
    socket.once('close', () => connections.delete(socket));
    void serve(socket, o).catch(() => socket.destroy());
  });
  // The socket file is made by bind() with the umask's mode: no moment in which others may connect.
  const old = process.umask(0o177);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } finally {
    process.umask(old);
  }
  fs.chmodSync(socketPath, 0o600);
  return {
    path: socketPath,
    close: async () => {
      for (const c of connections) c.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(socketPath, { force: true });
    },
  };
}

/** Reads the one request line (bounded), then runs it and streams the frames back. */
async function serve(socket: net.Socket, o: { database: Database; config: Config; owners: readonly BlobOwner[]; log: Log }) {
  const send = (f: Frame) => {
    if (!socket.destroyed) socket.write(encodeFrame(f));
  };
  const line = await new Promise<string | null>((resolve) => {
    let buf = Buffer.alloc(0);
    const onData = (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      const nl = buf.indexOf(0x0a);
      if (nl >= 0 || buf.length > MAX_REQUEST_BYTES) {
        socket.off('data', onData);
        socket.pause();
        resolve(nl >= 0 && nl <= MAX_REQUEST_BYTES ? buf.subarray(0, nl).toString('utf8') : null);
      }
    };
    socket.on('data', onData);
    socket.once('end', () => resolve(null));
    socket.once('error', () => resolve(null));
  });
  const refuse = (message: string) => {
    send({ t: 'fail', message });
    socket.end();
  };
  if (line === null) return refuse('请求无效或过长 / the request is missing or too long');
  let envelope;
  try {
    envelope = ZEnvelope.parse(JSON.parse(line));
  } catch {
    return refuse(`请求无效（协议版本 ${PROTOCOL_VERSION}）/ not a valid request (protocol version ${PROTOCOL_VERSION}); are the CLI and the server the same version?`);
  }
  const parsed = ZAdminRequest.safeParse(envelope.request);
  if (!parsed.success) {
    const command = (envelope.request as { command?: unknown } | null)?.command;
    return refuse(`服务器不经管理套接字执行该命令 / the server does not run this command through its admin socket: ${JSON.stringify(command ?? null)}`);
  }
  const req = parsed.data;
  o.log.info({ admin: req.command, operator: envelope.operator }, 'admin socket command');
  const backupTo =
    req.command === 'backup'
      ? new Writable({
          write(chunk: Buffer, _enc, cb) {
            if (socket.destroyed) return cb(new Error('the command line went away'));
            socket.write(encodeFrame({ t: 'chunk', n: chunk.length }));
            socket.write(chunk, (err) => cb(err ?? undefined));
          },
        })
      : undefined;
  try {
    const exitCode = await runAdminCommand(
      { database: o.database, config: o.config, owners: o.owners, operator: envelope.operator, out: (text) => send({ t: 'out', text }), err: (text) => send({ t: 'err', text }), ...(backupTo ? { backupTo } : {}) },
      req,
    );
    send({ t: 'end', exitCode });
  } catch (e) {
    o.log.warn({ admin: req.command, operator: envelope.operator, err: describeError(e) }, 'admin socket command failed');
    send({ t: 'fail', message: describeError(e) });
  }
  socket.end();
}
