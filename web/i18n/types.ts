import type { zhCN } from './zh-CN';

export type Locale = 'zh-CN' | 'en';
export type MessageKey = keyof typeof zhCN;
/** Every locale must provide every key, and nothing else. */
export type Messages = { readonly [K in MessageKey]: string };
