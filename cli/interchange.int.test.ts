import fs from 'node:fs';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { auditLog } from '../server/audit/tables';
import { recordsOfUse } from '../server/records/tables';
import { submissions } from '../server/submissions/tables';
import { cleanUp, newTarget, ok, SLOW, startServerProcess, withDb, xuanbao, type Target } from './cli.testkit';

/**
 * `xuanbao import FILE.json` and `xuanbao export FILE.json` run as an operator would (a child process
 * on a temp data folder, or XUANBAO_TEST_DB=pg a database of its own), and once more through a
 * running server's admin socket.
 */
afterAll(cleanUp);

const file = {
  format: 'xuanbao-interchange',
  version: 1,
  units: [
    { code: 'ORG', name: '命令行导入局', type: 'bureau', parent: null },
    { code: 'ST1', name: '城关派出所', type: 'police_station', parent: 'ORG' },
  ],
  people: [{ code: 'P1', name: '王磊', unit: 'ST1', login: 'wanglei.ext' }],
  works: [{ code: 'W1', kind: 'article', unit: 'ST1', authors: ['P1'], tags: ['city_campaign'], title: '城关派出所反诈宣传', acceptedAt: '2024-03-05T10:00:00+08:00' }],
  records: [
    { code: 'R1', kind: 'upper_adoption', work: 'W1', level: 'city', at: '2024-03-31T16:00:00Z' },
    { code: 'R2', kind: 'media', work: 'W1', outlet: '人民日报', channel: '客户端要文', url: 'https://www.people.com.cn/n1/2024/0403/c1001-9.html', at: '2024-04-03' },
  ],
};

describe('xuanbao import / export', () => {
  let a: Target;

  it(
    'imports a file, and says so when the same file again changes nothing',
    async () => {
      a = await newTarget('interchange', { migrated: true });
      const f = path.join(a.dir, 'org.json');
      fs.writeFileSync(f, JSON.stringify(file, null, 2));
      expect(await ok(['import', f], a)).toBe(
        [
          'org.json → 命令行导入局（新建组织 / new organisation）',
          '  单位 units: 新增 created 2, 更新 updated 0, 未变 unchanged 0',
          '  人员 people: 新增 created 1, 更新 updated 0, 未变 unchanged 0',
          '  稿件 works: 新增 created 1, 更新 updated 0, 未变 unchanged 0',
          '  采用记录 records: 新增 created 2, 更新 updated 0, 未变 unchanged 0',
          '已导入 / imported',
          '',
        ].join('\n'),
      );
      expect(await ok(['import', f], a)).toContain('未作任何更改：文件与系统中的内容一致 / nothing changed: the file matches what Xuanbao holds\n');
    },
    SLOW,
  );

  it(
    'refuses a bad file whole, printing every problem with its JSON path, and a file that is not JSON',
    async () => {
      const bad = path.join(a.dir, 'bad.json');
      fs.writeFileSync(bad, JSON.stringify({ ...file, records: [...file.records, { code: 'R3', kind: 'media', work: 'W1', outlet: '不存在的报', at: '2024-04-05' }, { code: 'R4', kind: 'upper_adoption', work: 'W9', level: 'city', at: '2024-04-05' }] }));
      const refused = await xuanbao(['import', bad], a.env);
      expect(refused.code).toBe(1);
      expect(refused.stdout).toBe('');
      expect(refused.stderr.split('\n').filter(Boolean)).toEqual([
        '导入文件有 2 处错误，未导入任何内容；请改正后重新导入 / The file has 2 problems; nothing was imported. Correct them and import again',
        '$.records[2].outlet: 媒体“不存在的报”不在媒体库中；填写 tier（媒体级别）即可将其加入本组织的媒体库 / The outlet “不存在的报” is not in the registry; give its tier to add it to the organisation’s registry',
        '$.records[3].work: 稿件“W9”既不在文件中，也不是本组织已录用的稿件 / The work “W9” is neither in the file nor an accepted item of the organisation',
      ]);
      const notJson = path.join(a.dir, 'not.json');
      fs.writeFileSync(notJson, '{"format": ');
      const unreadable = await xuanbao(['import', notJson], a.env);
      expect(unreadable.code).toBe(2);
      expect(unreadable.stderr).toContain('无法读取导入文件');

      await withDb(a, async (d) => {
        expect((await d.db.select().from(recordsOfUse)).map((r) => [r.externalCode, r.usedOn]).sort()).toEqual([
          ['R1', '2024-04-01'],
          ['R2', '2024-04-03'],
        ]);
        const events = (await d.db.select().from(auditLog).where(eq(auditLog.event, 'interchange.import'))).map((r) => [r.actorLogin?.startsWith('cli:'), (r.details as { source: string }).source]);
        expect(events).toEqual([
          [true, 'org.json'],
          [true, 'org.json'],
        ]);
      });
    },
    SLOW,
  );

  it(
    'exports the organisation to a file of its own (0600), dates as the format writes them',
    async () => {
      const out = path.join(a.dir, 'export.json');
      expect(await ok(['export', out], a)).toBe(`命令行导入局 → ${out}: 2 units, 1 people, 1 works, 2 records\n`);
      expect(fs.statSync(out).mode & 0o777).toBe(0o600);
      const exported = JSON.parse(fs.readFileSync(out, 'utf8')) as typeof file & { exportedAt: string };
      expect(exported.records.map((r) => [r.code, r.at])).toEqual([
        ['R1', '2024-04-01'],
        ['R2', '2024-04-03'],
      ]);
      expect(exported.works[0]).toMatchObject({ code: 'W1', acceptedAt: '2024-03-05T10:00:00+08:00', authors: ['P1'], tags: ['city_campaign'] });
    },
    SLOW,
  );

  it(
    'runs through the running server when it holds the embedded database',
    async () => {
      const s = await startServerProcess(a);
      try {
        const f = path.join(a.dir, 'org2.json');
        fs.writeFileSync(f, JSON.stringify({ ...file, works: [{ ...file.works[0], title: '城关派出所反诈宣传（修订）' }] }));
        const printed = await ok(['import', f], a);
        expect(printed).toContain('  稿件 works: 新增 created 0, 更新 updated 1, 未变 unchanged 0\n');
        const out = path.join(a.dir, 'export2.json');
        await ok(['export', '--org', 'ORG', out], a);
        expect((JSON.parse(fs.readFileSync(out, 'utf8')) as typeof file).works[0]!.title).toBe('城关派出所反诈宣传（修订）');
      } finally {
        await s.stop();
      }
      await withDb(a, async (d) => {
        const [w] = await d.db.select().from(submissions).where(sql`${submissions.externalCode} = 'W1'`);
        expect(w!.title).toBe('城关派出所反诈宣传（修订）');
      });
    },
    SLOW,
  );
});
