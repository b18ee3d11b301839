/**
 * A small typed dictionary. zh-CN is the source of truth: its keys define `MessageKey`, and en must
 * have exactly the same keys (a missing or extra key is a compile error). Placeholders are `{name}`.
 */
import { en } from './en';
import { zhCN } from './zh-CN';
import type { Locale, MessageKey, Messages } from './types';

export type { Locale, MessageKey, Messages } from './types';

export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];
export const MESSAGES: Record<Locale, Messages> = { 'zh-CN': zhCN, en };

export type Params = Record<string, string | number>;

export function format(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, k: string) => (k in params ? String(params[k]) : whole));
}

export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  return format(MESSAGES[locale][key], params);
}

export function isLocale(v: unknown): v is Locale {
  return v === 'zh-CN' || v === 'en';
}

const STORAGE_KEY = 'xuanbao.locale';

/** The locale remembered on this browser (before sign-in), else zh-CN. */
export function storedLocale(): Locale {
  try {
    const v = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (isLocale(v)) return v;
  } catch {
    // storage disabled: fall through to the default
  }
  return 'zh-CN';
}

export function rememberLocale(locale: Locale): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  } catch {
    // storage disabled: the choice lasts for this page only
  }
}

const PENDING_KEY = 'xuanbao.locale.pending';

/** A language picked while signed out, to be saved on the account at the next sign-in (survives reloads). */
export function setPendingLocale(locale: Locale | null): void {
  try {
    if (locale) globalThis.localStorage?.setItem(PENDING_KEY, locale);
    else globalThis.localStorage?.removeItem(PENDING_KEY);
  } catch {
    // storage disabled
  }
}

export function takePendingLocale(): Locale | null {
  try {
    const v = globalThis.localStorage?.getItem(PENDING_KEY);
    globalThis.localStorage?.removeItem(PENDING_KEY);
    return isLocale(v) ? v : null;
  } catch {
    return null;
  }
}

// The request layer needs the locale outside React (X-Locale header); the provider keeps this in sync.
let current: Locale = 'zh-CN';
export const getLocale = (): Locale => current;
export const setCurrentLocale = (l: Locale): void => {
  current = l;
};
/** Translation outside React (request errors). */
export const tr = (key: MessageKey, params?: Params): string => translate(current, key, params);
