/** Every table, for typed queries and for backup/restore (in foreign-key order). */
export * from './tables';
export * from '../org/tables';
export * from '../auth/tables';
export * from '../audit/tables';
export * from '../submissions/tables';
export * from '../review/tables';
export * from '../jobs/tables';
