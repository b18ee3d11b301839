import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors';
import { checkPasswordPolicy, generatePassword, hashPassword, verifyPassword } from './password';

const code = (f: () => void) => {
  try {
    f();
    return 'ok';
  } catch (e) {
    return (e as AppError).code;
  }
};

describe('password policy', () => {
  it.each([
    ['Ab1!', 'auth/password_too_short'],
    ['abcdefgh', 'auth/password_too_weak'],
    ['abcdefg1', 'auth/password_too_weak'],
    ['ABCDEFG1', 'auth/password_too_weak'],
    ['Abcdefg1', 'ok'],
    ['abcdef1!', 'ok'],
    ['Zhangsan#2024', 'auth/password_contains_login'],
    ['宣传工作Ab1', 'auth/password_too_short'],
    ['宣传工作Ab12', 'ok'],
  ])('%s → %s', (pw, expected) => {
    expect(code(() => checkPasswordPolicy(pw, 'zhangsan'))).toBe(expected);
  });

  it('generates passwords that pass the policy and differ each time', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const p = generatePassword();
      expect(code(() => checkPasswordPolicy(p, 'admin'))).toBe('ok');
      seen.add(p);
    }
    expect(seen.size).toBe(200);
  });

  it('hashes with argon2id and verifies', async () => {
    const h = await hashPassword('Abcdefg1!');
    expect(h.startsWith('$argon2id$')).toBe(true);
    expect(await verifyPassword(h, 'Abcdefg1!')).toBe(true);
    expect(await verifyPassword(h, 'Abcdefg1?')).toBe(false);
    expect(await verifyPassword('garbage', 'x')).toBe(false);
  });
});
