import { randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { appError } from '../../errors';

/** argon2id with OWASP's recommended minimum (19 MiB, 2 passes). */
// 2 = Algorithm.Argon2id: the library exports it as a const enum, which isolatedModules cannot import.
const ARGON = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => hash(password, ARGON);
export const verifyPassword = (stored: string, password: string) => verify(stored, password).catch(() => false);

export const PASSWORD_MIN_LENGTH = 8;

/** Password policy (GB/T 22239 8.1.4.1a): ≥ 8 characters, 3 of 4 classes, not containing the login. */
export function checkPasswordPolicy(password: string, login: string): void {
  if ([...password].length < PASSWORD_MIN_LENGTH) throw appError('auth/password_too_short', { min: PASSWORD_MIN_LENGTH });
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) throw appError('auth/password_too_weak');
  const l = login.trim().toLowerCase();
  if (l.length >= 3 && password.toLowerCase().includes(l)) throw appError('auth/password_contains_login');
}

/** A generated password that satisfies the policy: 16 characters from all four classes. */
export function generatePassword(): string {
  const sets = ['abcdefghijkmnpqrstuvwxyz', 'ABCDEFGHJKLMNPQRSTUVWXYZ', '23456789', '!@#$%*-_+='];
  const all = sets.join('');
  const chars = sets.map((s) => s[randomInt(s.length)]!);
  while (chars.length < 16) chars.push(all[randomInt(all.length)]!);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}
