import fs from 'node:fs';
import path from 'node:path';
import { isNull } from 'drizzle-orm';
import { errorMessage, isAppError } from '../errors';
import type { AuthedCtx } from '../http/context';
import { exportInterchange } from '../interchange/export';
import { importInterchange, type Counts } from '../interchange/import';
import type { Problem } from '../interchange/problems';
import { units } from '../org/tables';
import type { AdminEnv } from './commands';

/**
 * `xuanbao import FILE.json` and `xuanbao export FILE.json` (docs/interchange.md), in the CLI's
 * process or in the running server through its admin socket. The import prints what it created,
 * updated and left as it was, or every problem (JSON path, zh-CN / English) and exits 1 having
 * written nothing.
 */

const line = (zh: string, en: string, c: Counts & { withdrawn?: number }) =>
  `  ${zh} ${en}: 新增 created ${c.created}, 更新 updated ${c.updated}, 未变 unchanged ${c.unchanged}${c.withdrawn ? `, 已撤销未动 withdrawn, left as is ${c.withdrawn}` : ''}\n`;

export async function runImport(env: AdminEnv, ctx: AuthedCtx, file: string): Promise<number> {
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    env.err(`${errorMessage('interchange/bad_file', 'zh-CN', { reason })} / ${errorMessage('interchange/bad_file', 'en', { reason })}\n`);
    return 2;
  }
  try {
    const r = await importInterchange(ctx, { data, source: path.basename(file) });
    env.out(`${path.basename(file)} → ${r.org.name}${r.org.created ? '（新建组织 / new organisation）' : ''}\n`);
    env.out(line('单位', 'units', r.units));
    env.out(line('人员', 'people', r.people));
    env.out(line('稿件', 'works', r.works));
    env.out(line('采用记录', 'records', r.records));
    if (Object.values(r.ledger).some((n) => n > 0)) env.out(line('台账事项', 'ledger entries', r.ledger));
    if (r.outletsAdded.length) env.out(`  加入媒体库 added to the outlet registry: ${r.outletsAdded.join('、')}\n`);
    env.out(r.changed ? '已导入 / imported\n' : '未作任何更改：文件与系统中的内容一致 / nothing changed: the file matches what Xuanbao holds\n');
    return 0;
  } catch (e) {
    if (isAppError(e) && e.code === 'interchange/invalid') {
      const problems = (e.details as { problems: Problem[] }).problems;
      env.err(`${errorMessage(e.code, 'zh-CN', e.params)} / ${errorMessage(e.code, 'en', e.params)}\n`);
      for (const p of problems) env.err(`${p.path}: ${p.zh} / ${p.en}\n`);
      return 1;
    }
    throw e;
  }
}

export async function runExport(env: AdminEnv, ctx: AuthedCtx, req: { org?: string | undefined; file: string }): Promise<number> {
  let org = req.org;
  if (!org) {
    const roots = await ctx.db.select({ id: units.id }).from(units).where(isNull(units.parentId));
    if (roots.length !== 1) {
      env.err(`部署中有 ${roots.length} 个组织，请用 --org 指定 / the deployment has ${roots.length} organisations: name one with --org\n`);
      return 2;
    }
    org = roots[0]!.id;
  }
  const f = await exportInterchange(ctx, { org });
  // Written whole through .partial, then renamed: a reader never sees half a file.
  const partial = `${req.file}.partial`;
  fs.writeFileSync(partial, `${JSON.stringify(f, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(partial, req.file);
  env.out(`${f.units[0]?.name ?? ''} → ${req.file}: ${f.units.length} units, ${f.people.length} people, ${f.works.length} works, ${f.records.length} records${f.ledger.length ? `, ${f.ledger.length} ledger entries` : ''}\n`);
  return 0;
}
