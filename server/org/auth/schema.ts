import { z } from 'zod';

export const ZSignIn = z.strictObject({
  login: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
  totpCode: z.string().trim().max(10).optional(),
});
export const ZChangePassword = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});
export const ZTotpCode = z.strictObject({ code: z.string().trim().min(6).max(10) });
export const ZLocale = z.strictObject({ locale: z.enum(['zh-CN', 'en']) });
