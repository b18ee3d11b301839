import type { Writable } from 'node:stream';
import { asc, eq } from 'drizzle-orm';
import { ROLES, type Role } from '../access/roles';
import { auditEvent, purgeAudit, verifyAudit } from '../audit/audit';
import { checkpointFile } from '../audit/key';
import { backupToFile, backupToStream, type BackupResult } from '../backup/backup';
import { systemClock } from '../clock';
import type { Config } from '../config';
import { migrateDatabase, type Database, type Tx } from '../db/client';
import { errorMessage, isAppError } from '../errors';
import { openFileStore, type FileStore } from '../files/files';
import type { BlobOwner } from '../files/owners';
import { systemCtx } from '../http/context';
import { checkPasswordPolicy } from '../org/auth/password';
import { createPerson, resetPassword, unlockPerson } from '../org/people';
import { people, units } from '../org/tables';
import { createOrganisation } from '../org/units';
import { findAllOrgLinks, linkOrganisations, unlinkOrganisation } from '../org/links';
import type { AdminRequest } from './protocol';
import { briefingTypeOf, exportPublishedBriefing } from '../briefings/export';
import fs from 'node:fs';
import { scoresReport } from '../scoring/report';


/**
 * The operator's commands that read or write data, one implementation for both ways they run:
 * in the CLI's own process on a database it opened (PostgreSQL, or an embedded folder no server
 * holds), and inside the running server through its admin socket (server/admin/socket.ts). They
 * act as the system caller named after the operator ('cli:<user>', details.via = cli, command),
 * through the same use cases as the web app, and print what the CLI always printed.
 */
export type AdminEnv = {
  database: Database;
  config: Config;
  /** Every domain whose rows refer to stored files (main.ts BLOB_OWNERS). */
  owners: readonly BlobOwner[];
  /** The operating-system user who runs the command. */
  operator: string;
  out(text: string): void;
  err(text: string): void;
  /** Where the backup's bytes go: a file (written through .partial) or a stream (the socket). */
  backupTo?: Writable;
};

/** Runs one command; returns its exit code. Errors a person caused come back as bilingual messages. */
export async function runAdminCommand(env: AdminEnv, req: AdminRequest): Promise<number> {
  try {
    return await run(env, req);
  } catch (e) {
    if (isAppError(e)) throw new Error(`${errorMessage(e.code, 'zh-CN', e.params)} / ${errorMessage(e.code, 'en', e.params)}${e.fields.length ? `: ${e.fields.map((f) => `${f.path} ${f.message}`).join('; ')}` : ''}`);
    throw e;
  }
}

const COMMAND_WORDS: Record<AdminRequest['command'], string> = {
  migrate: 'migrate',
  'unit.add-root': 'unit add-root',
  'unit.list': 'unit list',
  'org.link': 'org link',
  'org.unlink': 'org unlink',
  'org.links': 'org links',
  'briefing.export': 'briefing export',
  scores: 'scores',
  'user.add': 'user add',
  'user.reset-password': 'user reset-password',
  'user.unlock': 'user unlock',
  'audit.verify': 'audit verify',
  'audit.purge': 'audit purge',
  backup: 'backup',
};

async function run(env: AdminEnv, req: AdminRequest): Promise<number> {
  const { database: d, config: c } = env;
  const ctx = () => systemCtx({ database: d, config: c, actor: { via: 'cli', command: COMMAND_WORDS[req.command], operator: env.operator } });
  switch (req.command) {
    case 'migrate':
      await migrateDatabase(d);
      env.out(`migrated (${d.kind})\n`);
      return 0;
    case 'unit.add-root': {
      const u = await createOrganisation(ctx(), { name: req.name, type: req.type });
      env.out(`${u.id}  ${u.name}\n`);
      return 0;
    }
    case 'unit.list': {
      const rows = await d.db.select().from(units).orderBy(asc(units.path));
      for (const u of rows) env.out(`${'  '.repeat(u.depth)}${u.name}${u.active ? '' : ' (停用)'}  [${u.type}]  ${u.id}\n`);
      return 0;
    }
    case 'org.link': {
      const org = await findUnit(d.db, req.org);
      const upper = await findUnit(d.db, req.upper);
      const l = await linkOrganisations(ctx(), { orgId: org.id, upperOrgId: upper.id, level: req.level ?? null });
      env.out(`${l.orgName} → ${l.upperName}${l.level ? ` (${l.level})` : ''}\n`);
      return 0;
    }
    case 'org.unlink': {
      const org = await findUnit(d.db, req.org);
      await unlinkOrganisation(ctx(), { orgId: org.id });
      env.out(`${org.name}: 已取消上级机关 / upper office removed\n`);
      return 0;
    }
    case 'briefing.export': {
      const org = await findUnit(d.db, req.org);
      const type = briefingTypeOf(req.type);
      if (!type) {
        env.err(`未知刊物类型 ${req.type}（专报、简报、通报）/ unknown briefing type ${req.type} (专报, 简报, 通报)\n`);
        return 2;
      }
      const f = await exportPublishedBriefing(ctx(), { orgId: org.id, type, year: req.year, number: req.number, supplement: req.supplement ?? false, masthead: req.masthead });
      // Written whole through .partial, then renamed: a reader never sees half a document.
      const partial = `${req.file}.partial`;
      fs.writeFileSync(partial, f.bytes, { mode: 0o600 });
      fs.renameSync(partial, req.file);
      env.out(`${f.filename} → ${req.file} (${f.bytes.length} bytes)\n`);
      return 0;
    }
    case 'scores': {
      const org = await findUnit(d.db, req.org);
      const r = await scoresReport(ctx(), { orgId: org.id, rubric: req.rubric, from: req.from, to: req.to, explain: req.explain });
      await auditEvent(d.db, ctx(), 'scoring.export', { orgId: org.id, rubricId: r.rubric.id, from: r.period.from, to: r.period.to, explain: !!req.explain });
      if (req.json) {
        env.out(`${JSON.stringify({ org: { id: org.id, name: org.name }, ...r }, null, 2)}\n`);
        return 0;
      }
      env.out(`${r.rubric.name} (v${r.rubric.versionNumber})  ${r.period.from} .. ${r.period.to}\n`);
      for (const u of r.units) env.out(`${String(u.rank).padStart(4)}  ${u.total.padStart(8)}  ${u.name}\n`);
      env.out('\n');
      for (const p of r.people) env.out(`${String(p.rank).padStart(4)}  ${p.total.padStart(8)}  ${p.name}（${p.unitName}）\n`);
      return 0;
    }
    case 'org.links': {
      const rows = await findAllOrgLinks(d.db);
      if (!rows.length) env.out('未设置上下级机关 / no office links\n');
      for (const l of rows) env.out(`${l.orgName} → ${l.upperName}${l.level ? ` (${l.level})` : ''}  ${l.orgId} → ${l.upperOrgId}\n`);
      return 0;
    }
    case 'user.add': {
      if (req.password !== undefined) checkPasswordPolicy(req.password, req.login);
      const u = await findUnit(d.db, req.unit);
      const roles: { role: Role; unitId: string }[] = [];
      for (const spec of req.roles) {
        const [role, unitRef] = spec.split('@') as [string, string | undefined];
        if (!ROLES.includes(role as Role)) throw new Error(`未知角色 / unknown role "${role}" (${ROLES.join(', ')})`);
        roles.push({ role: role as Role, unitId: unitRef ? (await findUnit(d.db, unitRef)).id : u.id });
      }
      // A generated password must be changed at first sign-in (createPerson sets that for every new account).
      const { initialPassword: password } = await createPerson(ctx(), { login: req.login, name: req.name, unitId: u.id, roles, password: req.password });
      env.out(req.password !== undefined ? `created ${req.login}\n` : `created ${req.login}; initial password (change at first sign-in): ${password}\n`);
      return 0;
    }
    case 'user.reset-password': {
      const [p] = await d.db.select({ id: people.id }).from(people).where(eq(people.login, req.login.toLowerCase()));
      if (!p) throw new Error(`找不到账号 / no such login "${req.login}"`);
      const { initialPassword: password } = await resetPassword(ctx(), p.id);
      env.out(`new password for ${req.login} (change at next sign-in): ${password}\n`);
      return 0;
    }
    case 'user.unlock': {
      const [p] = await d.db.select({ id: people.id }).from(people).where(eq(people.login, req.login.toLowerCase()));
      if (!p) throw new Error(`找不到账号 / no such login "${req.login}"`);
      await unlockPerson(ctx(), p.id);
      env.out(`unlocked ${req.login}\n`);
      return 0;
    }
    case 'audit.verify': {
      const file = req.checkpoints ?? checkpointFile();
      const r = await verifyAudit(d.db, { checkpointFile: file });
      if (r.ok) {
        env.out(`audit chain intact: ${r.rows} rows${r.firstSeq ? ` (seq ${r.firstSeq}–${r.lastSeq})` : ''}${r.keyed ? ', keyed' : ''}; ${r.checkpoints} checkpoint(s) checked\n`);
        return 0;
      }
      const where = r.break.reason === 'checkpoint_invalid' ? `line ${r.break.line} of ${file}` : `seq ${r.break.seq}`;
      env.out(`audit chain BROKEN at ${where} (${r.break.reason}); ${r.rows} rows before it are intact\n`);
      const hint: Partial<Record<typeof r.break.reason, string>> = {
        truncated: '审计日志末尾的记录被删除（检查点记录的序号已不存在）/ the newest rows were deleted: a signed checkpoint names a row the log no longer has',
        checkpoint_mismatch: '审计日志被改写（与签名检查点不符）/ the log was rewritten: a signed checkpoint names this row with another hash',
        anchor_invalid: '清理锚点无效（未用密钥签名）/ the purge anchor is not signed with the audit key, yet checkpoints name rows before it',
        downgrade: '出现未加密钥的记录 / an unkeyed row where only keyed rows may be: the chain was recomputed without the key',
        no_key: '找不到审计密钥 / no audit key: set XUANBAO_AUDIT_KEY or restore <data>/audit.key',
      };
      if (hint[r.break.reason]) env.out(`${hint[r.break.reason]}\n`);
      return 1;
    }
    case 'audit.purge': {
      const n = await purgeAudit(d.db, { now: systemClock(), retentionDays: c.auditRetentionDays, by: ctx() });
      env.out(`purged ${n} rows older than ${c.auditRetentionDays} days\n`);
      return 0;
    }
    case 'backup':
      return withStore(c, async (store) => {
        const files = { store, owners: env.owners };
        const r: BackupResult = env.backupTo ? await backupToStream(d, env.backupTo, systemClock(), files) : await backupToFile(d, req.file, systemClock(), files);
        await auditEvent(d.db, ctx(), 'system.backup', { rows: r.rows, files: r.blobs, fileBytes: r.blobBytes, missingFiles: r.missing.length });
        env.out(`backup written: ${req.file} (${r.rows} rows, ${r.blobs} files, ${mb(r.blobBytes)})\n`);
        warnMissing(env, r.missing);
        return 0;
      });
  }
}

async function findUnit(tx: Tx, ref: string) {
  const rows = /^[0-9a-f-]{36}$/i.test(ref)
    ? await tx.select().from(units).where(eq(units.id, ref))
    : await tx.select().from(units).where(eq(units.name, ref));
  if (rows.length !== 1) throw new Error(rows.length ? `单位名称不唯一，请用 id / several units are named "${ref}", use the id` : `找不到单位 / no unit "${ref}"`);
  return rows[0]!;
}

/** The configured file store for one command, closed afterwards. */
export async function withStore<T>(c: Config, fn: (store: FileStore) => Promise<T>): Promise<T> {
  const store = openFileStore(c.fileStore, c.dataDir);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

export const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

export function warnMissing(env: Pick<AdminEnv, 'err'>, missing: string[]) {
  if (!missing.length) return;
  env.err(
    `警告：${missing.length} 个附件文件在文件存储中缺失，未能包含 / warning: ${missing.length} file(s) that rows refer to are missing from the file store: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}\n`,
  );
}

