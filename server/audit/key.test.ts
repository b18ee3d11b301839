import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config';
import { appendCheckpoint, readCheckpoints, signCheckpoint } from './checkpoints';
import { AUDIT_KEY_FILE, AuditKeyError, deriveAuditKey, loadAuditKey } from './key';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'xuanbao-key-'));

describe('the audit key', () => {
  it('is created 0600 in the data folder on first need, then read back the same', () => {
    const dir = tmp();
    expect(loadAuditKey({ dataDir: dir }, { create: false })).toBeNull();
    const k = loadAuditKey({ dataDir: dir }, { create: true })!;
    const file = path.join(dir, AUDIT_KEY_FILE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    expect(loadAuditKey({ dataDir: dir }, { create: true })!.id).toBe(k.id);
    expect(loadAuditKey({ dataDir: tmp() }, { create: true })!.id).not.toBe(k.id);
  });

  it('comes from XUANBAO_AUDIT_KEY first; the file is then neither read nor created', () => {
    const dir = tmp();
    const k = loadAuditKey({ dataDir: dir, auditKey: 'k'.repeat(40) }, { create: true })!;
    expect(k.id).toBe(deriveAuditKey('k'.repeat(40)).id);
    expect(k.source).toBe('XUANBAO_AUDIT_KEY');
    expect(fs.existsSync(path.join(dir, AUDIT_KEY_FILE))).toBe(false);
    // The file's content used as the variable gives the same key (an operator can move it).
    const fromFile = loadAuditKey({ dataDir: dir }, { create: true })!;
    const secret = fs.readFileSync(path.join(dir, AUDIT_KEY_FILE), 'utf8').trim();
    expect(deriveAuditKey(secret).id).toBe(fromFile.id);
  });

  it('refuses a key file others may read, and a short variable (its value not shown)', () => {
    const dir = tmp();
    loadAuditKey({ dataDir: dir }, { create: true });
    fs.chmodSync(path.join(dir, AUDIT_KEY_FILE), 0o644);
    expect(() => loadAuditKey({ dataDir: dir }, { create: true })).toThrow(AuditKeyError);
    expect(() => loadAuditKey({ dataDir: dir }, { create: true })).toThrow(/chmod 600/);
    try {
      loadConfig({ XUANBAO_AUDIT_KEY: 'short-secret' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as Error).message).toContain('XUANBAO_AUDIT_KEY=(hidden): must be at least 32 characters');
      expect((e as Error).message).not.toContain('short-secret');
    }
  });
});

describe('checkpoints', () => {
  it('are read back when signed with the key, and an edited or foreign line stops the reading', () => {
    const file = path.join(tmp(), 'cp.jsonl');
    const k = deriveAuditKey('a'.repeat(40));
    appendCheckpoint(file, signCheckpoint({ seq: 5, hash: 'h5', at: '2026-01-01T00:00:00.000Z' }, k));
    appendCheckpoint(file, signCheckpoint({ seq: 9, hash: 'h9', at: '2026-01-01T00:05:00.000Z' }, k));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(readCheckpoints(file, k)).toMatchObject({ invalidLine: null, checkpoints: [{ seq: 5 }, { seq: 9 }] });
    expect(readCheckpoints(file, deriveAuditKey('b'.repeat(40))).invalidLine).toBe(1);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"h9"', '"h8"'));
    expect(readCheckpoints(file, k)).toMatchObject({ invalidLine: 2, checkpoints: [{ seq: 5 }] });
    expect(readCheckpoints(path.join(tmp(), 'none'), k)).toEqual({ checkpoints: [], invalidLine: null });
  });
});
