import { describe, expect, it } from 'vitest';
import { canonicalJson, findChainBreak, GENESIS_HASH, hashAuditRow, hmacAuditRow, type AuditRowContent } from './chain';

type Row = AuditRowContent & { hash: string };

/** A valid chain of `n` rows starting at `start`, built the way writeAudit builds it. */
function chain(n: number, start = { seq: 1, prevHash: GENESIS_HASH }): Row[] {
  const rows: Row[] = [];
  let prev = start.prevHash;
  for (let i = 0; i < n; i++) {
    const content: AuditRowContent = {
      seq: start.seq + i,
      at: new Date(Date.UTC(2026, 2, 2, 2, 0, i)),
      actorId: null,
      actorLogin: `user${i}`,
      event: i % 2 ? 'auth.sign_in' : 'unit.create',
      outcome: 'success',
      targetType: null,
      targetId: null,
      ip: '127.0.0.1',
      details: { n: i, nested: { b: 2, a: 1 } },
      prevHash: prev,
    };
    const hash = hashAuditRow(content);
    rows.push({ ...content, hash });
    prev = hash;
  }
  return rows;
}

describe('canonicalJson', () => {
  it('does not depend on key order, at any depth', () => {
    const a = { b: 1, a: { y: [1, { q: 1, p: 2 }], x: null }, c: '宣报' };
    const b = { c: '宣报', a: { x: null, y: [1, { p: 2, q: 1 }] }, b: 1 };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe('{"a":{"x":null,"y":[1,{"p":2,"q":1}]},"b":1,"c":"宣报"}');
  });

  it('keeps array order and distinguishes different values', () => {
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: '1' }));
    expect(canonicalJson({ a: 1, b: undefined })).toBe(canonicalJson({ a: 1 }));
  });

  it('gives the same row hash whatever order the details keys come back in (as jsonb reorders them)', () => {
    const [row] = chain(1);
    const reordered = { ...row!, details: { nested: { a: 1, b: 2 }, n: 0 } };
    expect(hashAuditRow(reordered)).toBe(row!.hash);
  });
});

describe('findChainBreak', () => {
  it('accepts an intact chain and an empty one', () => {
    expect(findChainBreak(chain(5))).toBeNull();
    expect(findChainBreak([])).toBeNull();
  });

  it('accepts a chain that continues from a purge anchor', () => {
    const full = chain(6);
    const tail = full.slice(3);
    expect(findChainBreak(tail, { seq: 4, prevHash: full[2]!.hash })).toBeNull();
    // Without the anchor the same tail is a gap at seq 1.
    expect(findChainBreak(tail)).toEqual({ seq: 1, reason: 'gap' });
  });

  it('finds an edited row as a hash mismatch at that seq', () => {
    const rows = chain(5);
    rows[2] = { ...rows[2]!, details: { n: 2, nested: { a: 1, b: 3 } } };
    expect(findChainBreak(rows)).toEqual({ seq: 3, reason: 'hash_mismatch' });
  });

  it('finds an edited field other than details (actor, time, outcome)', () => {
    for (const patch of [{ actorLogin: 'someone-else' }, { at: new Date(0) }, { outcome: 'failure' }, { ip: '10.0.0.1' }]) {
      const rows = chain(4);
      rows[1] = { ...rows[1]!, ...patch };
      expect(findChainBreak(rows)).toEqual({ seq: 2, reason: 'hash_mismatch' });
    }
  });

  it('finds a row whose hash was recomputed after editing as a prev mismatch on the next row', () => {
    const rows = chain(5);
    const edited = { ...rows[1]!, details: { forged: true } };
    rows[1] = { ...edited, hash: hashAuditRow(edited) };
    expect(findChainBreak(rows)).toEqual({ seq: 3, reason: 'prev_mismatch' });
  });

  it('finds a wrong link to the previous row', () => {
    const rows = chain(3);
    rows[0] = { ...rows[0]!, prevHash: 'f'.repeat(64) };
    expect(findChainBreak(rows)).toEqual({ seq: 1, reason: 'prev_mismatch' });
  });

  it('finds a deleted middle row as a gap at the missing seq', () => {
    const rows = chain(6);
    rows.splice(3, 1);
    expect(findChainBreak(rows)).toEqual({ seq: 4, reason: 'gap' });
  });

  it('finds swapped rows', () => {
    const rows = chain(4);
    [rows[1], rows[2]] = [rows[2]!, rows[1]!];
    expect(findChainBreak(rows)).toEqual({ seq: 2, reason: 'gap' });
  });
});

describe('the keyed chain (version 2)', () => {
  const key = Buffer.alloc(32, 7);
  /** A chain whose first `plain` rows are version 1 and the rest keyed, as after the upgrade. */
  function mixed(n: number, plain: number) {
    const rows: (Row & { chainVersion: number })[] = [];
    let prev = GENESIS_HASH;
    for (let i = 0; i < n; i++) {
      const c: AuditRowContent = { seq: i + 1, at: new Date(Date.UTC(2026, 2, 2, 2, 0, i)), actorId: null, actorLogin: `u${i}`, event: 'auth.sign_in', outcome: 'success', targetType: null, targetId: null, ip: null, details: { i }, prevHash: prev };
      const hash = i < plain ? hashAuditRow(c) : hmacAuditRow(c, key);
      rows.push({ ...c, hash, chainVersion: i < plain ? 1 : 2 });
      prev = hash;
    }
    return rows;
  }

  it('accepts unkeyed rows before keyed ones, and checks keyed rows with the key only', () => {
    const rows = mixed(6, 3);
    expect(findChainBreak(rows, undefined, { key })).toBeNull();
    expect(findChainBreak(rows, undefined, { key: Buffer.alloc(32, 8) })).toEqual({ seq: 4, reason: 'hash_mismatch' });
    expect(findChainBreak(rows, undefined, {})).toEqual({ seq: 4, reason: 'no_key' });
  });

  it('calls an unkeyed row after a keyed one, or at or after the first checkpoint, a downgrade', () => {
    const rows = mixed(6, 3);
    const c = rows[4]!;
    const hash = hashAuditRow(c);
    rows[4] = { ...c, hash, chainVersion: 1 };
    rows[5] = { ...rows[5]!, prevHash: hash, hash: hmacAuditRow({ ...rows[5]!, prevHash: hash }, key) };
    expect(findChainBreak(rows, undefined, { key })).toEqual({ seq: 5, reason: 'downgrade' });
    expect(findChainBreak(mixed(6, 6), undefined, { key, keyedFrom: 4 })).toEqual({ seq: 4, reason: 'downgrade' });
  });

  it('compares checkpointed rows with the checkpoint', () => {
    const rows = mixed(4, 0);
    expect(findChainBreak(rows, undefined, { key, checkpoints: new Map([[3, rows[2]!.hash]]) })).toBeNull();
    expect(findChainBreak(rows, undefined, { key, checkpoints: new Map([[3, 'f'.repeat(64)]]) })).toEqual({ seq: 3, reason: 'checkpoint_mismatch' });
  });
});
