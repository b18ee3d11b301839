/** Every table of every domain, in foreign-key order (backup and restore walk them in this order). */
export * from './db/tables';
export * from './org/tables';
export * from './org/auth/tables';
export * from './audit/tables';
export * from './notifications/tables';
export * from './submissions/tables';
export * from './records/tables';
export * from './briefings/tables';
export * from './scoring/tables';
export * from './scoring/appeals-tables';
export * from './jobs/tables';
