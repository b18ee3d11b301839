import { setTimeout as sleep } from 'node:timers/promises';
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit, writeAudit } from '../audit/audit';
import { auditLog } from '../audit/tables';
import { openDatabase, type Database } from '../db/client';
import { systemCtx, type AuthedCtx } from '../http/context';
import { fileStoreFor } from '../files/files';
import { createJobRunner } from '../main';
import { createPerson } from '../org/people';
import { units } from '../org/tables';
import { createOrganisation, type Unit } from '../org/units';
import { createTestApp, type TestApp } from '../test/app';
import { openTestDatabase } from '../test/db';
import { JOB_KEEP_DAYS } from './jobs';
import { claimJobs, completeJob, type Job } from './queue';
import { jobs } from './tables';
import { JobRunner, type JobDefinition } from './worker';

const SECOND = 1_000;
const DAY = 86_400_000;

let t: TestApp;
/** A second connection to the same database: its own pool on PostgreSQL, the same engine on PGlite. */
let other: Database;
let admin: { id: string; login: string };
let editor: { id: string; login: string };
let auditor: { id: string; login: string };
let root: Unit;

beforeAll(async () => {
  const database = await openTestDatabase();
  t = await createTestApp({ database });
  other = database.url ? await openDatabase({ url: database.url }) : database;
  root = await t.makeRoot();
  const rootId = root.id;
  admin = await t.makePerson({ unitId: rootId, roles: [{ role: 'admin', unitId: rootId }] });
  editor = await t.makePerson({ unitId: rootId, roles: [{ role: 'editor', unitId: rootId }] });
  auditor = await t.makePerson({ unitId: rootId, roles: [{ role: 'auditor', unitId: rootId }] });
});
afterAll(async () => {
  if (other && other !== t?.database) await other.close();
  await t?.close();
});

/** A runner on the test clock whose jobs run with a plain context naming the job. */
function runner(defs: JobDefinition<{ job: Job }>[], o: { database?: Database; workerId?: string; concurrency?: number; leaseMs?: number } = {}) {
  const r = new JobRunner<{ job: Job }>({
    db: (o.database ?? t.database).db,
    clock: t.clock,
    timeZone: t.config.timeZone,
    contextFor: (job) => ({ job }),
    ...(o.workerId ? { workerId: o.workerId } : {}),
    concurrency: o.concurrency ?? 2,
    leaseMs: o.leaseMs ?? 60 * SECOND,
  });
  for (const d of defs) r.define(d);
  return r;
}

const jobRow = async (id: string) => (await t.db.select().from(jobs).where(eq(jobs.id, id)))[0]!;

describe('retries', () => {
  it('retries a failing job after a growing delay, then marks it dead with the error visible to administrators', async () => {
    let calls = 0;
    const r = runner([
      {
        name: 'test.flaky',
        maxAttempts: 4,
        backoff: { baseMs: 10 * SECOND, maxMs: 25 * SECOND },
        run: async () => {
          calls++;
          throw new Error(`投递失败 / delivery failed #${calls}`);
        },
      },
    ]);
    const id = (await r.enqueue('test.flaky', { to: 'x' }))!;
    expect(await r.runDue()).toBe(1);
    let row = await jobRow(id);
    expect(row).toMatchObject({ state: 'failed', attempts: 1, lastError: '投递失败 / delivery failed #1', lockedBy: null });
    // Waits 10 s, then 20 s, then 25 s (the cap): nothing runs a millisecond early.
    const waits: number[] = [];
    for (let attempt = 2; attempt <= 4; attempt++) {
      const wait = row.runAt.getTime() - t.clock().getTime();
      waits.push(wait);
      t.clock.advance(wait - 1);
      expect(await r.runDue()).toBe(0);
      t.clock.advance(1);
      expect(await r.runDue()).toBe(1);
      row = await jobRow(id);
      expect(row.attempts).toBe(attempt);
    }
    expect(waits).toEqual([10 * SECOND, 20 * SECOND, 25 * SECOND]);
    expect(row).toMatchObject({ state: 'dead', attempts: 4, lastError: '投递失败 / delivery failed #4', finishedAt: t.clock() });
    // Dead stays dead.
    t.clock.advance(DAY);
    expect(await r.runDue()).toBe(0);
    expect(calls).toBe(4);

    const res = await (await t.as(admin.login)).get('/api/jobs?state=dead&name=test.flaky');
    expect(res.status).toBe(200);
    expect(res.data.items).toEqual([
      expect.objectContaining({ id, name: 'test.flaky', state: 'dead', attempts: 4, maxAttempts: 4, lastError: '投递失败 / delivery failed #4' }),
    ]);
    expect(res.data.total).toBe(1);
    expect(res.data.states.dead).toBeGreaterThanOrEqual(1);
    expect(res.data.items[0]).not.toHaveProperty('payload');
  });

  it('a job that succeeds on a retry ends done and keeps the earlier error', async () => {
    let calls = 0;
    const r = runner([
      {
        name: 'test.second_time',
        backoff: { baseMs: SECOND, maxMs: SECOND },
        run: async () => {
          if (++calls === 1) throw Object.assign(new Error('busy'), { code: 'common/busy' });
        },
      },
    ]);
    const id = (await r.enqueue('test.second_time'))!;
    await r.runDue();
    expect(await jobRow(id)).toMatchObject({ state: 'failed', lastError: '[common/busy] busy' });
    t.clock.advance(SECOND);
    await r.runDue();
    expect(await jobRow(id)).toMatchObject({ state: 'done', attempts: 2, lastError: '[common/busy] busy', lockedBy: null, lockedUntil: null });
  });
});

describe('two workers on one database', () => {
  it('run every one of 300 jobs exactly once', async () => {
    const runs = new Map<number, string[]>();
    const def = (worker: string): JobDefinition<{ job: Job }> => ({
      name: 'test.count',
      run: async ({ job }) => {
        const i = job.payload.i as number;
        runs.set(i, [...(runs.get(i) ?? []), worker]);
        await sleep(Math.random() * 3); // let the other worker's claims interleave
      },
    });
    const a = runner([def('a')], { workerId: 'worker-a', concurrency: 5 });
    const b = runner([def('b')], { database: other, workerId: 'worker-b', concurrency: 5 });
    const N = 300;
    for (let i = 0; i < N; i += 50) {
      await t.db.insert(jobs).values(
        Array.from({ length: 50 }, (_, k) => ({ name: 'test.count', payload: { i: i + k }, maxAttempts: 3, runAt: t.clock(), createdAt: t.clock(), updatedAt: t.clock() })),
      );
    }
    const drain = async (r: JobRunner<{ job: Job }>) => {
      let total = 0;
      for (let idle = 0; idle < 3; ) {
        const n = await r.runDue();
        total += n;
        idle = n ? 0 : idle + 1;
      }
      return total;
    };
    const [ranA, ranB] = await Promise.all([drain(a), drain(b)]);
    expect(ranA + ranB).toBe(N);
    expect(runs.size).toBe(N);
    const twice = [...runs].filter(([, w]) => w.length !== 1);
    expect(twice).toEqual([]);
    // Both took part (the claims interleaved rather than one worker taking everything).
    expect(Math.min(ranA, ranB)).toBeGreaterThan(0);
    const rows = await t.db.select({ state: jobs.state, attempts: jobs.attempts }).from(jobs).where(eq(jobs.name, 'test.count'));
    expect(rows.filter((r) => r.state === 'done' && r.attempts === 1)).toHaveLength(N);
  });
});

describe('schedules', () => {
  it('enqueues a daily slot once when two schedulers tick, and runs it once at 03:00 in the deployment time zone', async () => {
    expect(t.config.timeZone).toBe('Asia/Shanghai');
    let ran = 0;
    const def = (): JobDefinition<{ job: Job }> => ({ name: 'test.nightly', schedule: { daily: '03:00' }, run: async () => void ran++ });
    t.clock.set('2026-05-10T02:00:00Z'); // 10:00 in Shanghai
    const [a, b] = [runner([def()], { workerId: 'sched-a' }), runner([def()], { database: other, workerId: 'sched-b' })];
    const added = await Promise.all([a.enqueueSchedules(), b.enqueueSchedules(), a.enqueueSchedules(), b.enqueueSchedules()]);
    expect(added.reduce((x, y) => x + y, 0)).toBe(1);
    const slots = () => t.db.select().from(jobs).where(eq(jobs.name, 'test.nightly')).orderBy(asc(jobs.runAt));
    expect((await slots()).map((j) => [j.uniqueKey, j.runAt.toISOString(), j.state])).toEqual([
      ['test.nightly@2026-05-10T19:00:00.000Z', '2026-05-10T19:00:00.000Z', 'queued'], // 03:00 on 11 May in Shanghai
    ]);
    // Fresh schedulers (another process, a restart) add nothing for the same slot.
    expect(await runner([def()]).enqueueSchedules()).toBe(0);

    t.clock.set('2026-05-10T18:59:59Z');
    expect(await Promise.all([a.tick(), b.tick()])).toEqual([0, 0]);
    t.clock.set('2026-05-10T19:00:00Z');
    const ranNow = await Promise.all([a.tick(), b.tick()]);
    expect(ranNow.sort()).toEqual([0, 1]);
    expect(ran).toBe(1);
    // The next slot (03:00 on 12 May) is enqueued once, by whichever ticked first.
    expect((await slots()).map((j) => [j.runAt.toISOString(), j.state])).toEqual([
      ['2026-05-10T19:00:00.000Z', 'done'],
      ['2026-05-11T19:00:00.000Z', 'queued'],
    ]);
  });
});

describe('leases', () => {
  it('takes over a job whose worker died once its lease lapses, and the dead worker cannot complete it', async () => {
    let ran = 0;
    const r = runner([{ name: 'test.orphan', run: async () => void ran++ }], { workerId: 'survivor', leaseMs: 30 * SECOND });
    const id = (await r.enqueue('test.orphan'))!;
    // Worker "ghost" claims the job and dies without finishing it.
    const [claimed] = await claimJobs(other.db, { names: ['test.orphan'], workerId: 'ghost', now: t.clock(), leaseMs: 30 * SECOND, limit: 5 });
    expect(claimed).toMatchObject({ id, state: 'running', attempts: 1, lockedBy: 'ghost' });
    expect(await r.runDue()).toBe(0); // the lease still holds
    t.clock.advance(30 * SECOND + 1);
    expect(await r.runDue()).toBe(1);
    expect(ran).toBe(1);
    expect(await jobRow(id)).toMatchObject({ state: 'done', attempts: 2, lockedBy: null });
    // The ghost comes back: its completion changes nothing.
    expect(await completeJob(other.db, { id, workerId: 'ghost', now: t.clock() })).toBe(false);
  });

  it('a lapsed job on its last attempt becomes dead and says why', async () => {
    const r = runner([{ name: 'test.last_try', maxAttempts: 1, run: async () => undefined }], { leaseMs: 10 * SECOND });
    const id = (await r.enqueue('test.last_try'))!;
    await claimJobs(t.db, { names: ['test.last_try'], workerId: 'ghost', now: t.clock(), leaseMs: 10 * SECOND, limit: 1 });
    t.clock.advance(11 * SECOND);
    expect(await r.runDue()).toBe(0);
    const row = await jobRow(id);
    expect(row.state).toBe('dead');
    expect(row.lastError).toMatch(/^lease expired during attempt 1 of 1/);
  });

  it('renews the lease of a long job, so nobody takes it over while it runs', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let runs = 0;
    const long = runner([{ name: 'test.long', run: async () => { runs++; await gate; } }], { workerId: 'long', leaseMs: 3 * SECOND });
    const thief = runner([{ name: 'test.long', run: async () => void runs++ }], { database: other, workerId: 'thief', leaseMs: 3 * SECOND });
    const id = (await long.enqueue('test.long'))!;
    const running = long.runDue();
    while ((await jobRow(id)).state !== 'running') await sleep(5);
    const until0 = (await jobRow(id)).lockedUntil!.getTime();
    t.clock.advance(2 * SECOND);
    await sleep(1_200); // the heartbeat (every leaseMs / 3 of real time) renews from the clock's now
    const until1 = (await jobRow(id)).lockedUntil!.getTime();
    expect(until1).toBeGreaterThan(until0);
    t.clock.advance(2 * SECOND); // past the first lease, within the renewed one
    expect(await thief.runDue()).toBe(0);
    release();
    expect(await running).toBe(1);
    expect(runs).toBe(1);
    expect((await jobRow(id)).state).toBe('done');
  });
});

describe('the worker loop', () => {
  it('start() runs due jobs in the background and stop() waits for the running one', async () => {
    const done: string[] = [];
    const r = new JobRunner<{ job: Job }>({ db: t.db, clock: t.clock, timeZone: t.config.timeZone, contextFor: (job) => ({ job }), pollMs: 20 });
    r.define({ name: 'test.loop', run: async ({ job }) => { await sleep(30); done.push(job.id); } });
    const ids = [await r.enqueue('test.loop'), await r.enqueue('test.loop'), await r.enqueue('test.loop')];
    r.start();
    while (done.length < 2) await sleep(5);
    await r.stop();
    const states = await t.db.select({ state: jobs.state }).from(jobs).where(inArray(jobs.id, ids as string[]));
    // Nothing is left half-run: every job is either done or still queued for the next start.
    expect(states.every((s) => s.state === 'done' || s.state === 'queued')).toBe(true);
    expect(done.length).toBe(states.filter((s) => s.state === 'done').length);
  });
});

describe('the audit purge job and the system caller', () => {
  it('purges as a scheduled job and writes its audit row as the system caller', async () => {
    // The database itself refuses to purge rows younger than 184 days by its own clock: these dates
    // lie far enough in the real past.
    t.clock.set('2026-05-01T01:00:00Z');
    // Rows that will be old: written now, then the clock moves on 200 days.
    await writeAudit(t.db, { event: 'test.old', outcome: 'success', actorLogin: 'someone', at: t.clock() });
    const oldSeqs = (await t.db.select({ seq: auditLog.seq }).from(auditLog)).map((r) => r.seq!);
    t.clock.advance(200 * DAY); // 2026-11-17T01:00Z = 09:00 in Shanghai
    const r = createJobRunner(t.database, t.config, { clock: t.clock });
    expect(r.names).toContain('audit.purge');
    await r.tick(); // enqueues 03:00 tomorrow (Shanghai) and runs nothing yet
    const [slot] = await t.db.select().from(jobs).where(and(eq(jobs.name, 'audit.purge'), eq(jobs.state, 'queued')));
    expect(slot!.runAt.toISOString()).toBe('2026-11-17T19:00:00.000Z');
    const before = (await t.db.select({ seq: auditLog.seq }).from(auditLog).orderBy(asc(auditLog.seq))).at(-1)!.seq!;
    t.clock.set(slot!.runAt);
    expect(await r.tick()).toBe(2); // the purge, and the audit checkpoint (every 5 minutes) due since 01:05Z
    expect(await jobRow(slot!.id)).toMatchObject({ state: 'done', attempts: 1 });

    const written = await t.db.select().from(auditLog).where(gt(auditLog.seq, before));
    expect(written).toHaveLength(1);
    expect(written[0]).toMatchObject({
      event: 'audit.purge',
      outcome: 'success',
      actorId: null,
      actorLogin: 'system',
      at: t.clock(),
      details: { via: 'job', job: 'audit.purge', jobId: slot!.id, rows: oldSeqs.length, retentionDays: 184 },
    });
    expect((await t.db.select({ seq: auditLog.seq }).from(auditLog).where(inArray(auditLog.seq, oldSeqs))).length).toBe(0);
    expect((await verifyAudit(t.db)).ok).toBe(true);
  });

  it('CLI commands act through the use cases as the system caller, audited with the command', async () => {
    const ctx = systemCtx({ database: t.database, config: t.config, clock: t.clock, actor: { via: 'cli', command: 'unit add-root', operator: 'ops' } });
    const org = await createOrganisation(ctx, { name: '系统调用测试局', type: 'bureau' });
    const personCtx: AuthedCtx = { ...ctx, auth: { ...ctx.auth, system: { via: 'cli', command: 'user add', operator: 'ops' } } };
    const { person, initialPassword } = await createPerson(personCtx, { login: 'sys.made', name: '系统新建', unitId: org.id, roles: [{ role: 'admin', unitId: org.id }] });
    expect(initialPassword).toMatch(/^.{16}$/);
    const rows = await t.db.select().from(auditLog).where(inArray(auditLog.targetId, [org.id, person.id])).orderBy(asc(auditLog.seq));
    expect(rows.map((r) => [r.event, r.actorId, r.actorLogin, r.details.via, r.details.command, r.details.operator])).toEqual([
      ['unit.create', null, 'cli:ops', 'cli', 'unit add-root', 'ops'],
      ['person.create', null, 'cli:ops', 'cli', 'user add', 'ops'],
    ]);
    // A person, even an administrator of a whole organisation, cannot create one: only the system caller reaches above them.
    const adminCtx: AuthedCtx = { ...ctx, auth: { ...ctx.auth, system: undefined, personId: admin.id, login: admin.login, grants: [{ role: 'admin', unitId: root.id, unitPath: root.path }] } };
    await expect(createOrganisation(adminCtx, { name: '越权的局', type: 'bureau' })).rejects.toMatchObject({ code: 'auth/forbidden' });
    expect(await t.db.select().from(units).where(eq(units.name, '越权的局'))).toEqual([]);
  });
});

describe('the queue prunes itself', () => {
  it('deletes done jobs after 30 days and dead ones after 180, and never a job still to run', async () => {
    t.clock.set('2027-03-01T00:00:00Z');
    const now = t.clock();
    const ago = (days: number) => new Date(now.getTime() - days * DAY);
    const row = (name: string, state: Job['state'], finishedDaysAgo: number | null) => ({
      name,
      state,
      maxAttempts: 5,
      runAt: ago(400),
      finishedAt: finishedDaysAgo === null ? null : ago(finishedDaysAgo),
      createdAt: ago(400),
      updatedAt: ago(400),
    });
    await t.db.insert(jobs).values([
      row('prune.test.done-old', 'done', JOB_KEEP_DAYS.done + 1),
      row('prune.test.done-recent', 'done', JOB_KEEP_DAYS.done - 1),
      row('prune.test.dead-old', 'dead', JOB_KEEP_DAYS.dead + 1),
      row('prune.test.dead-recent', 'dead', JOB_KEEP_DAYS.done + 1),
      row('prune.test.failed', 'failed', null),
      row('prune.test.queued', 'queued', null),
    ]);
    const r = createJobRunner(t.database, t.config, { clock: t.clock });
    expect(r.names).toContain('jobs.prune');
    await r.tick(); // enqueues today's 03:30 (Shanghai) slot: 2027-02-28T19:30Z is past, so the next is 2027-03-01T19:30Z
    const [slot] = await t.db.select().from(jobs).where(and(eq(jobs.name, 'jobs.prune'), eq(jobs.state, 'queued')));
    expect(slot!.runAt.toISOString()).toBe('2027-03-01T19:30:00.000Z');
    t.clock.set(slot!.runAt);
    // Other due jobs (the audit purge's 03:00 slot …) run in the same ticks, two at a time.
    for (let i = 0; i < 5 && (await jobRow(slot!.id)).state !== 'done'; i++) await r.tick();
    expect(await jobRow(slot!.id)).toMatchObject({ state: 'done', attempts: 1 });
    const left = await t.db.select({ name: jobs.name }).from(jobs).where(sql`${jobs.name} like 'prune.test.%'`).orderBy(asc(jobs.name));
    expect(left.map((j) => j.name)).toEqual(['prune.test.dead-recent', 'prune.test.done-recent', 'prune.test.failed', 'prune.test.queued']);
  });
});

describe('the file sweep is a job', () => {
  it('files.clean removes a blob no row refers to, once the server has started its worker', async () => {
    const store = fileStoreFor(t.config);
    const orphan = await store.put(Buffer.from(`orphan ${Date.now()}`));
    t.clock.set(new Date(Date.now() + 2 * 3_600_000)); // the blob is now two hours old
    const r = createJobRunner(t.database, t.config, { clock: t.clock });
    expect(r.names).toContain('files.clean');
    const id = await r.enqueue('files.clean');
    await r.tick();
    expect(await jobRow(id!)).toMatchObject({ state: 'done', attempts: 1 });
    expect(await store.stat(orphan.sha256)).toBeNull();
  });
});

describe('GET /api/jobs', () => {
  it('answers administrators only: 403 for an editor and an auditor, 401 signed out', async () => {
    expect((await t.request('GET', '/api/jobs')).status).toBe(401);
    for (const p of [editor, auditor]) {
      const res = await (await t.as(p.login)).get('/api/jobs');
      expect({ who: p.login, status: res.status, code: res.json?.errorCode }).toEqual({ who: p.login, status: 403, code: 'auth/forbidden' });
    }
    const res = await (await t.as(admin.login)).get('/api/jobs?pageSize=2');
    expect(res.status).toBe(200);
    expect(res.data.items).toHaveLength(2);
    expect(res.data.total).toBeGreaterThan(2);
  });

  it('refuses an unknown state with a message in the caller’s language', async () => {
    const res = await (await t.as(admin.login)).get('/api/jobs?state=exploded');
    expect(res.status).toBe(400);
    expect(res.json?.fields?.[0]?.path).toBe('state');
  });
});
