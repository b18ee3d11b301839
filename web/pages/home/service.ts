import { call, type ResponseOf } from '../../app/api';

export type Health = ResponseOf<'GET /api/health'>;

export const fetchHealth = () => call('GET /api/health');
export const fetchUnitCount = async () => (await call('GET /api/units')).length;
export const fetchPeopleTotal = async () => (await call('GET /api/people', { query: { pageSize: 1 } })).total;
export type HomeSummary = ResponseOf<'GET /api/home'>;
export const fetchHome = () => call('GET /api/home');
