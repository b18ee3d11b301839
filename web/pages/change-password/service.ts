import { call, type BodyOf } from '../../app/api';

export const changePassword = (input: BodyOf<'POST /api/auth/password'>) => call('POST /api/auth/password', { body: input });
