import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/**
 * Configuration comes from the environment only. Every value is validated at start-up and a bad
 * value stops the process with one clear line per problem (see `loadConfig`).
 */
const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const intIn = (min: number, max: number) =>
  z.coerce.number({ error: 'must be a whole number' }).int(`must be a whole number`).min(min, `must be at least ${min}`).max(max, `must be at most ${max}`);

export const ZConfigEnv = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: intIn(0, 65535).default(8080),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  DATA_DIR: z.string().min(1).default('data'),
  ADMIN_SOCKET: z.string().min(1).max(100, 'must be at most 100 characters (a Unix socket path)').optional(),
  TIME_ZONE: z
    .string()
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'is not a known IANA time zone (e.g. Asia/Shanghai)')
    .default('Asia/Shanghai'),
  SESSION_IDLE_MINUTES: intIn(1, 24 * 60).default(30),
  SESSION_ABSOLUTE_HOURS: intIn(1, 24 * 7).default(12),
  LOCKOUT_THRESHOLD: intIn(1, 100).default(5),
  LOCKOUT_MINUTES: intIn(1, 24 * 60).default(15),
  RATE_SIGN_IN_MAX: intIn(1, 100_000).default(30),
  RATE_SIGN_IN_WINDOW_SECONDS: intIn(1, 86_400).default(60),
  RATE_ANON_MAX: intIn(1, 1_000_000).default(300),
  RATE_ANON_WINDOW_SECONDS: intIn(1, 86_400).default(60),
  SMALL_OFFICE: bool.default(false),
  PASSWORD_ROTATION_DAYS: intIn(0, 3650).default(0),
  REQUIRE_ADMIN_TOTP: bool.default(false),
  AUDIT_RETENTION_DAYS: intIn(184, 36500).default(184),
  AUDIT_CHAIN_MS: intIn(0, 60_000).default(50),
  AUDIT_KEY: z.string().min(32, 'must be at least 32 characters (e.g. the output of: openssl rand -hex 32)').optional(),
  COOKIE_SECURE: z.enum(['auto', 'always', 'never']).default('auto'),
  TRUST_PROXY: bool.default(false),
  DEMO: bool.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  FILE_STORE: z.enum(['local', 's3'], { error: 'must be local or s3' }).default('local'),
  S3_ENDPOINT: z
    .string()
    .refine((v) => {
      try {
        return ['http:', 'https:'].includes(new URL(v).protocol);
      } catch {
        return false;
      }
    }, 'must be an http:// or https:// URL')
    .optional(),
  S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a bucket name: 3–63 lower-case letters, digits, dots or hyphens')
    .optional(),
  S3_REGION: z.string().regex(/^[a-z0-9-]{2,40}$/, 'must be a region name such as us-east-1 or cn-north-1').default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_FORCE_PATH_STYLE: bool.default(false),
}).superRefine((c, ctx) => {
  if (c.FILE_STORE !== 's3') return;
  if (!c.S3_BUCKET) ctx.addIssue({ code: 'custom', path: ['S3_BUCKET'], message: 'is required when XUANBAO_FILE_STORE=s3' });
  if (!!c.S3_ACCESS_KEY_ID !== !!c.S3_SECRET_ACCESS_KEY) {
    const missing = c.S3_ACCESS_KEY_ID ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID';
    ctx.addIssue({ code: 'custom', path: [missing], message: 'must be set together with the other S3 key (or leave both unset to use the SDK\'s default credentials)' });
  }
});

/** Where uploaded files are kept: the data folder (default) or an S3-compatible bucket. */
export type FileStoreConfig =
  | { kind: 'local' }
  | {
      kind: 's3';
      endpoint: string | undefined;
      bucket: string;
      region: string;
      accessKeyId: string | undefined;
      secretAccessKey: string | undefined;
      forcePathStyle: boolean;
    };

export type Config = {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  databaseUrl: string | undefined;
  dataDir: string;
  /** XUANBAO_ADMIN_SOCKET: the admin socket of a server on the embedded database; unset: DATA_DIR/admin.sock. */
  adminSocket: string | undefined;
  timeZone: string;
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  lockoutThreshold: number;
  lockoutMs: number;
  passwordRotationDays: number;
  requireAdminTotp: boolean;
  /**
   * Per-source request limits (one counter per client address, per process): sign-in attempts, and
   * requests to /api without a valid session. Over the limit the answer is 429 common/rate_limited.
   */
  rateLimit: { signIn: { max: number; windowMs: number }; anonymous: { max: number; windowMs: number } };
  /**
   * A very small office may let one person be administrator and reviewer or leader (三权分立 relaxed):
   * every review decision such a person takes is then marked in the audit log (`adminReviewer: true`).
   */
  smallOffice: boolean;
  auditRetentionDays: number;
  /**
   * Audit rows written by a request are chained at most this many ms after it (batched); 0 chains
   * them before the response is sent (tests).
   */
  auditChainMs: number;
  /** The audit chain's secret (XUANBAO_AUDIT_KEY); unset: the key file in the data folder (server/audit/key.ts). */
  auditKey: string | undefined;
  cookieSecure: 'auto' | 'always' | 'never';
  trustProxy: boolean;
  /** Load demo data into an empty database on start. Default: on for the embedded database. */
  demo: boolean;
  logLevel: string;
  fileStore: FileStoreConfig;
};

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const picked: Record<string, string> = {};
  /** The variable each value came from, so that an error names the one the operator set. */
  const source: Record<string, string> = {};
  for (const key of Object.keys(ZConfigEnv.shape)) {
    const bare = key === 'DATABASE_URL' || key === 'PORT' || key === 'HOST' || key === 'NODE_ENV';
    const name = env[`XUANBAO_${key}`] !== undefined || !bare ? `XUANBAO_${key}` : key;
    const v = env[name];
    if (v !== undefined && v !== '') {
      picked[key] = v;
      source[key] = name;
    }
  }
  const parsed = ZConfigEnv.safeParse(picked);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const key = String(i.path[0]);
        const name = source[key] ?? `XUANBAO_${key}`;
        const shown = (key === 'S3_SECRET_ACCESS_KEY' || key === 'AUDIT_KEY') && picked[key] ? '(hidden)' : JSON.stringify(picked[key] ?? '');
        return `${name}=${shown}: ${i.message}`;
      }),
    );
  }
  const c = parsed.data;
  return {
    env: c.NODE_ENV,
    host: c.HOST,
    port: c.PORT,
    databaseUrl: c.DATABASE_URL,
    dataDir: path.resolve(c.DATA_DIR),
    adminSocket: c.ADMIN_SOCKET === undefined ? undefined : path.resolve(c.ADMIN_SOCKET),
    timeZone: c.TIME_ZONE,
    sessionIdleMs: c.SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: c.SESSION_ABSOLUTE_HOURS * 3_600_000,
    lockoutThreshold: c.LOCKOUT_THRESHOLD,
    lockoutMs: c.LOCKOUT_MINUTES * 60_000,
    passwordRotationDays: c.PASSWORD_ROTATION_DAYS,
    requireAdminTotp: c.REQUIRE_ADMIN_TOTP,
    rateLimit: {
      signIn: { max: c.RATE_SIGN_IN_MAX, windowMs: c.RATE_SIGN_IN_WINDOW_SECONDS * 1000 },
      anonymous: { max: c.RATE_ANON_MAX, windowMs: c.RATE_ANON_WINDOW_SECONDS * 1000 },
    },
    smallOffice: c.SMALL_OFFICE,
    auditRetentionDays: c.AUDIT_RETENTION_DAYS,
    auditChainMs: c.AUDIT_CHAIN_MS,
    auditKey: c.AUDIT_KEY,
    cookieSecure: c.COOKIE_SECURE,
    trustProxy: c.TRUST_PROXY,
    demo: c.DEMO ?? !c.DATABASE_URL,
    logLevel: c.LOG_LEVEL,
    fileStore:
      c.FILE_STORE === 's3'
        ? {
            kind: 's3',
            endpoint: c.S3_ENDPOINT,
            bucket: c.S3_BUCKET!,
            region: c.S3_REGION,
            accessKeyId: c.S3_ACCESS_KEY_ID,
            secretAccessKey: c.S3_SECRET_ACCESS_KEY,
            forcePathStyle: c.S3_FORCE_PATH_STYLE,
          }
        : { kind: 'local' },
  };
}

/** The audit key of every test app (one key per test process, as in a deployment). */
export const TEST_AUDIT_KEY = 'test-audit-key-0123456789abcdef0123456789abcdef';

/** A config for tests: defaults, overridable per field. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xuanbao-test-'));
  // Tests sign in hundreds of times from one address: the per-source limits are lifted unless a test sets them.
  const rateLimit = { signIn: { max: 1_000_000, windowMs: 60_000 }, anonymous: { max: 1_000_000, windowMs: 60_000 } };
  return { ...loadConfig({ NODE_ENV: 'test', XUANBAO_LOG_LEVEL: 'silent' }), demo: false, auditChainMs: 0, dataDir, auditKey: TEST_AUDIT_KEY, rateLimit, ...overrides };
}
