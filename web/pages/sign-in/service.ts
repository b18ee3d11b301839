import { call, type BodyOf } from '../../app/api';

export type SignInInput = BodyOf<'POST /api/auth/sign-in'>;

export const signIn = (input: SignInInput) => call('POST /api/auth/sign-in', { body: input });
