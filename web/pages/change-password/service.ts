import { api } from '../../app/request';

export const changePassword = (input: { currentPassword: string; newPassword: string }) => api.post<null>('/api/auth/password', input);
