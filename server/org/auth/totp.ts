import { Secret, TOTP } from 'otpauth';

/** RFC 6238 TOTP (30 s, 6 digits, SHA-1: what every authenticator app supports). */
const PERIOD = 30;

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function totpUri(secret: string, login: string): string {
  return new TOTP({ issuer: 'Xuanbao 宣报', label: login, secret: Secret.fromBase32(secret), period: PERIOD }).toString();
}

export function totpCode(secret: string, at: Date): string {
  return new TOTP({ secret: Secret.fromBase32(secret), period: PERIOD }).generate({ timestamp: at.getTime() });
}

/**
 * Checks a code against the current step ±1 and returns the step it matched, or null.
 * The caller refuses a step ≤ the last accepted one, so a code can be used once only.
 */
export function matchTotpStep(secret: string, code: string, at: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const totp = new TOTP({ secret: Secret.fromBase32(secret), period: PERIOD });
  const delta = totp.validate({ token: code, timestamp: at.getTime(), window: 1 });
  if (delta === null) return null;
  return Math.floor(at.getTime() / 1000 / PERIOD) + delta;
}
