import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPasswordPolicy } from '../../../server/org/auth/password';
import { checkPassword } from './policy';

const serverAccepts = (pw: string, login: string) => {
  try {
    checkPasswordPolicy(pw, login);
    return true;
  } catch {
    return false;
  }
};

describe('password checklist', () => {
  it.each([
    ['Abcdef1!', 'zhang', true, 'long enough, four classes'],
    ['Abcdefg1', 'zhang', true, 'three classes'],
    ['abcdefg1', 'zhang', false, 'two classes'],
    ['Ab1!', 'zhang', false, 'too short'],
    ['Zhang2024!', 'zhang', false, 'contains the login (any case)'],
    ['Xy12!ab', 'wu', false, 'seven characters'],
    ['Wu12345!x', 'wu', true, 'a login shorter than 3 characters is not checked'],
  ])('%s for %s → %s (%s)', (pw, login, ok) => {
    expect(checkPassword(pw, login).ok).toBe(ok);
  });

  it('counts the character classes it shows', () => {
    const c = checkPassword('abcD-', 'x');
    expect(c.classes).toEqual({ lower: true, upper: true, digit: false, symbol: true });
    expect(c.classCount).toBe(3);
    expect(c.length).toBe(false);
  });

  it('agrees with the server policy on arbitrary passwords and logins', () => {
    const chars = fc.constantFrom(...'aAbBzZ09_!-中文 éß'.split(''), 'wsq', 'admin', 'ABC');
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 14 }), fc.constantFrom('wsq.admin', 'admin', 'ab', 'wsq', 'zhang'), (parts, login) => {
        const pw = parts.join('');
        expect(checkPassword(pw, login).ok).toBe(serverAccepts(pw, login));
      }),
      { numRuns: 2000 },
    );
  });
});
