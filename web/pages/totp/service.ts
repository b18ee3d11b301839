import { api } from '../../app/request';

export type TotpSetup = { secret: string; uri: string };

export const beginTotpSetup = () => api.post<TotpSetup>('/api/auth/totp/setup');
export const enableTotp = (code: string) => api.post<null>('/api/auth/totp/enable', { code });
export const disableTotp = (code: string) => api.post<null>('/api/auth/totp/disable', { code });

/** "JBSWY3DPEHPK3PXP" → "JBSW Y3DP EHPK 3PXP" (easier to type into an authenticator app). */
export function groupSecret(secret: string): string {
  return secret.replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');
}
