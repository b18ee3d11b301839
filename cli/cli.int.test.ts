import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../server/audit/audit';
import { auditLog } from '../server/audit/tables';
import { verifyPassword } from '../server/org/auth/password';
import { people, roleAssignments, units } from '../server/org/tables';
import { readArchive, rowLines } from '../server/backup/archive.testkit';
import { createTestApp } from '../server/test/app';
import { cleanUp, newTarget, ok, PG, SLOW, withDb, xuanbao, type Target } from './cli.testkit';
import { zipEntry } from '../server/documents/zip.testkit';

/**
 * The operator commands, run as a person would: `node bin/xuanbao.mjs …` in a child process, with
 * the embedded database in a temp data folder, or (XUANBAO_TEST_DB=pg) a fresh PostgreSQL database.
 * Every start of the CLI opens a database (seconds), so the file keeps the number of runs small; only
 * the first target starts empty (its `migrate` creates the database), the others from a migrated copy.
 */
afterAll(cleanUp);

describe('xuanbao CLI', () => {
  let a: Target;
  let password = '';

  it(
    'migrates, adds a root unit and an admin whose printed password signs in, and verifies the audit log',
    async () => {
      a = await newTarget('a');
      expect(await ok(['migrate'], a)).toBe(`migrated (${PG ? 'pg' : 'pglite'})\n`);

      const root = await ok(['unit', 'add-root', '--name', '测试局', '--type', 'bureau'], a);
      const [, rootId] = /^([0-9a-f-]{36}) {2}测试局\n$/.exec(root) ?? [];
      expect(rootId).toBeDefined();

      const added = await ok(['user', 'add', '--login', 'ops1', '--name', '运维', '--unit', '测试局', '--role', 'admin'], a);
      const m = /^created ops1; initial password \(change at first sign-in\): (\S+)\n$/.exec(added);
      expect(m).not.toBeNull();
      password = m![1]!;
      expect(password).toMatch(/^.{16}$/);

      await withDb(a, async (d) => {
        const [p] = await d.db.select().from(people).where(eq(people.login, 'ops1'));
        expect(p).toMatchObject({ name: '运维', unitId: rootId, mustChangePassword: true, active: true });
        expect(await verifyPassword(p!.passwordHash, password)).toBe(true);
        expect(await verifyPassword(p!.passwordHash, password.slice(1))).toBe(false);
        expect(await d.db.select({ role: roleAssignments.role, unitId: roleAssignments.unitId }).from(roleAssignments).where(eq(roleAssignments.personId, p!.id))).toEqual([
          { role: 'admin', unitId: rootId },
        ]);
        const rows = await d.db.select().from(auditLog).orderBy(asc(auditLog.seq));
        expect(rows.map((r) => [r.event, r.targetId])).toEqual([
          ['unit.create', rootId],
          ['person.create', p!.id],
        ]);
        expect(rows.every((r) => /^cli:\S+$/.test(r.actorLogin ?? ''))).toBe(true);
        expect(JSON.stringify(rows)).not.toContain(password);

        // The printed password signs in through the real sign-in route, and must be changed first.
        const t = await createTestApp({ database: d });
        try {
          const { res } = await t.signIn('ops1', password);
          expect(res.status).toBe(200);
          expect(res.data).toEqual({ mustChangePassword: true });
        } finally {
          await t.app.close();
        }
      });

      const verified = await xuanbao(['audit', 'verify'], a.env);
      expect(verified.code).toBe(0);
      expect(verified.stdout).toBe('audit chain intact: 3 rows (seq 1–3), keyed; 0 checkpoint(s) checked\n');
    },
    SLOW,
  );

  it(
    'backs up and restores into another data folder or database',
    async () => {
      const b = await newTarget('b', { migrated: true });
      const file = path.join(a.dir, 'nightly.xbk');
      expect(await ok(['backup', file], a)).toMatch(/^backup written: .*nightly\.xbk \(\d+ rows, 0 files, 0\.0 MB\)\n$/);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);

      const restored = await ok(['restore', file], b);
      expect(restored).toMatch(/^restored \d+ rows and 0 files \(checked by SHA-256\) from .*nightly\.xbk into local disk .*\n$/);

      await withDb(b, async (d) => {
        const [p] = await d.db.select().from(people).where(eq(people.login, 'ops1'));
        expect(await verifyPassword(p!.passwordHash, password)).toBe(true);
        expect((await d.db.select().from(units)).map((u) => u.name)).toEqual(['测试局']);
        const v = await verifyAudit(d.db);
        expect(v.ok).toBe(true);
        // The 3 rows the backup was taken with (its own row comes after it), then the restore's own row.
        const events = (await d.db.select().from(auditLog).orderBy(asc(auditLog.seq))).map((r) => r.event);
        expect(events).toEqual(['unit.create', 'person.create', 'auth.sign_in', 'system.restore']);
      });

      // A forced restore of a damaged file fails as a whole: the data already there stays, and the
      // message gives the database's reason without the rows' contents (password hashes).
      // (Written in the version 1 layout, rows only, which restore still reads.)
      const lines = rowLines(await readArchive(file));
      const damaged = path.join(a.dir, 'damaged.xbk');
      const v1Header = JSON.stringify({ format: 'xuanbao-backup', version: 1 });
      const lastPerson = lines.findLastIndex((l) => l.startsWith('{"t":"people"'));
      // The duplicate goes right after the people rows (rows out of table order are refused as a bad file).
      fs.writeFileSync(damaged, zlib.gzipSync([v1Header, ...lines.slice(0, lastPerson + 1), lines[lastPerson]!, ...lines.slice(lastPerson + 1)].join('\n')));
      const before = await withDb(b, async (d) => (await d.db.select().from(auditLog)).length);
      const forced = await xuanbao(['restore', '--force', damaged], b.env);
      expect(forced.code).toBe(1);
      expect(forced.stderr).toMatch(/数据库错误 \/ database error: .*(duplicate key|unique)/);
      expect(forced.stderr).not.toContain('$argon2');
      await withDb(b, async (d) => {
        expect((await d.db.select().from(auditLog)).length).toBe(before);
        expect((await d.db.select().from(people)).map((p) => p.login)).toEqual(['ops1']);
      });
    },
    SLOW,
  );

  it(
    'audit verify exits 1 and names the row after someone edits the log in the database',
    async () => {
      await withDb(a, async (d) => {
        await d.query(sql`alter table audit_log disable trigger user`);
        await d.query(sql`update audit_log set details = '{"name": "别的局"}'::jsonb where seq = 1`);
        await d.query(sql`alter table audit_log enable trigger user`);
        const [row] = await d.db.select().from(auditLog).where(eq(auditLog.seq, 1));
        expect(row!.details).toEqual({ name: '别的局' });
      });
      const r = await xuanbao(['audit', 'verify'], a.env);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('audit chain BROKEN at seq 1 (hash_mismatch); 0 rows before it are intact\n');
    },
    SLOW,
  );

  it(
    'without XUANBAO_AUDIT_KEY the first command creates <data>/audit.key (0600); verify checks with it, and another key fails it',
    async () => {
      const k = await newTarget('key', { migrated: true });
      const env = { ...k.env };
      delete (env as Record<string, string>).XUANBAO_AUDIT_KEY;
      await ok(['unit', 'add-root', '--name', '密钥局'], { ...k, env });
      const file = path.join(k.dir, 'audit.key');
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(fs.readFileSync(file, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
      expect((await xuanbao(['audit', 'verify'], env)).stdout).toBe('audit chain intact: 1 rows (seq 1–1), keyed; 0 checkpoint(s) checked\n');
      const wrong = await xuanbao(['audit', 'verify'], { ...env, XUANBAO_AUDIT_KEY: 'x'.repeat(40) });
      expect(wrong.code).toBe(1);
      expect(wrong.stdout).toBe('audit chain BROKEN at seq 1 (hash_mismatch); 0 rows before it are intact\n');
    },
    SLOW,
  );

  it(
    'stops with exit 2 and names the variable when a setting is invalid',
    async () => {
      const t = await newTarget('env');
      const r = await xuanbao(['migrate'], { ...t.env, XUANBAO_PORT: 'abc' });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('XUANBAO_PORT="abc"');
      expect(r.stdout).toBe('');
      expect(fs.existsSync(path.join(t.dir, 'pglite'))).toBe(false);
    },
    SLOW,
  );

  it(
    'loads demo data with freshly generated passwords: two loads never share one',
    async () => {
      const [c, d] = [await newTarget('demo1', { migrated: true }), await newTarget('demo2', { migrated: true })];
      const [out1, out2] = await Promise.all([ok(['demo'], c), ok(['demo'], d)]);
      const parse = (out: string) =>
        new Map(
          [...out.matchAll(/^ {2}([a-z][a-z0-9.]+) +(\S{16}) {2}/gm)].map((m) => [m[1]!, m[2]!] as const),
        );
      const p1 = parse(out1);
      const p2 = parse(out2);
      expect(p1.size).toBeGreaterThanOrEqual(20);
      expect([...p1.keys()].sort()).toEqual([...p2.keys()].sort());
      expect(p1.has('wsq.admin')).toBe(true);
      for (const [login, pw] of p1) expect({ login, same: p2.get(login) === pw }).toEqual({ login, same: false });
      expect(new Set(p1.values()).size).toBe(p1.size);

      const saved = path.join(c.dir, 'demo-accounts.txt');
      expect(fs.statSync(saved).mode & 0o777).toBe(0o600);
      expect(fs.readFileSync(saved, 'utf8')).toContain(p1.get('wsq.admin'));

      await withDb(c, async (db) => {
        const [admin] = await db.db.select().from(people).where(eq(people.login, 'wsq.admin'));
        expect(await verifyPassword(admin!.passwordHash, p1.get('wsq.admin')!)).toBe(true);
        expect(await verifyPassword(admin!.passwordHash, p2.get('wsq.admin')!)).toBe(false);
      });

      // The demo's published 简报 comes out as a Word document from the command line (no server running).
      const year = new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date());
      const docx = path.join(c.dir, 'issue.docx');
      const printed = await ok(['briefing', 'export', '--org', '乌审旗公安局', '--type', '简报', '--year', year, '--number', '1', '-o', docx], c);
      expect(printed).toMatch(new RegExp(`^公安宣传简报${year}年第1期\\.docx → ${docx.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(\\d+ bytes\\)\n$`));
      expect(fs.statSync(docx).mode & 0o777).toBe(0o600);
      const xml = zipEntry(fs.readFileSync(docx), 'word/document.xml')!.toString('utf8');
      expect(xml).toContain('公安宣传简报');
      expect(xml).toContain('嘎鲁图派出所开展反诈宣传进社区活动');
      const none = await xuanbao(['briefing', 'export', '--org', '乌审旗公安局', '--type', '简报', '--year', year, '--number', '99', '-o', docx + '2'], c.env);
      expect(none.code).not.toBe(0);
      expect(fs.existsSync(docx + '2')).toBe(false);

      // The demo's scores under template A for the year, as exact decimal strings (no server running).
      const scores = JSON.parse(await ok(['scores', '--org', '乌审旗公安局', '--rubric', `${year}年新闻宣传工作绩效考核细则`, '--from', `${year}-01-01`, '--to', `${year}-12-31`, '--json'], c)) as {
        rubric: { versionNumber: number };
        items: { key: string }[];
        units: { name: string; total: string; rank: number; items: Record<string, string> }[];
        people: { name: string; total: string; rank: number }[];
      };
      expect(scores.rubric.versionNumber).toBe(1);
      expect(scores.items).toHaveLength(9);
      const unit = (name: string) => scores.units.find((u) => u.name === name)!;
      // 6 (the deductive items whole) + the lead on 学习强国 客户端推荐 1 + an emergency task 0.2 + 王磊's city honour 0.2.
      expect(unit('嘎鲁图派出所')).toMatchObject({ total: '7.4', rank: 1, items: { central_media: '1', achievements: '0.4' } });
      // A campaign piece adopted by the city (0.2) and the province (0.3) counts once, at 0.3.
      expect(unit('交通管理大队')).toMatchObject({ total: '6.3', items: { city_matrix: '0.3' } });
      expect(unit('看守所')).toMatchObject({ total: '5.6', items: { new_media: '0.6' } });
      // The demo's nomination missed in August (this year's from September on, else last year's).
      expect(unit('无定河派出所').items.nominations).toBe(new Date().getMonth() >= 8 ? '2.5' : '3');
      expect(scores.units.some((u) => u.name === '政治工作办公室')).toBe(false);
      for (const u of scores.units) for (const v of [u.total, ...Object.values(u.items)]) expect(v).toMatch(/^-?\d+(\.\d{1,3})?$/);
      expect(scores.units.map((u) => u.rank)).toEqual([...scores.units.map((u) => u.rank)].sort((x, y) => x - y));
      expect(scores.people.find((p) => p.name === '王磊')).toMatchObject({ total: '1.2', rank: 1 });
      const explained = JSON.parse(await ok(['scores', '--org', '乌审旗公安局', '--rubric', `${year}年新闻宣传工作绩效考核细则`, '--from', `${year}-01-01`, '--to', `${year}-12-31`, '--json', '--explain'], c)) as {
        units: { name: string; entries: { item: string; counted: string; status: string; reason: string | null }[] }[];
      };
      const traffic = explained.units.find((u) => u.name === '交通管理大队')!.entries;
      expect(traffic.map((e) => [e.item, e.counted, e.status])).toEqual([
        ['city_matrix', '0', 'dedupe'],
        ['city_matrix', '0.3', 'counted'],
      ]);
      expect(traffic[0]!.reason).toContain('只计分1次');

    },
    SLOW,
  );
});
