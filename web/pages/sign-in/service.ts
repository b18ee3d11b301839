import { api } from '../../app/request';

export type SignInInput = { login: string; password: string; totpCode?: string };

export const signIn = (input: SignInInput) => api.post<{ mustChangePassword: boolean }>('/api/auth/sign-in', input);
