import { call, type ResponseOf } from '../../app/api';

export type TotpSetup = ResponseOf<'POST /api/auth/totp/setup'>;

export const beginTotpSetup = () => call('POST /api/auth/totp/setup');
export const enableTotp = (code: string) => call('POST /api/auth/totp/enable', { body: { code } });
export const disableTotp = (code: string) => call('POST /api/auth/totp/disable', { body: { code } });

/** "JBSWY3DPEHPK3PXP" → "JBSW Y3DP EHPK 3PXP" (easier to type into an authenticator app). */
export function groupSecret(secret: string): string {
  return secret.replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');
}
