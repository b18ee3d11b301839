import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { rememberLocale, setCurrentLocale, storedLocale, translate, type Locale, type MessageKey, type Params } from '../i18n';

export type T = (key: MessageKey, params?: Params) => string;

type LocaleState = { locale: Locale; setLocale: (l: Locale) => void; t: T };

const LocaleContext = createContext<LocaleState | null>(null);

function apply(l: Locale) {
  setCurrentLocale(l);
  dayjs.locale(l === 'en' ? 'en' : 'zh-cn');
  document.documentElement.lang = l;
}

export function LocaleProvider({ children }: { children: ReactNode }) {
  const [locale, setState] = useState<Locale>(() => {
    const l = storedLocale();
    apply(l);
    return l;
  });
  const setLocale = useCallback((l: Locale) => {
    apply(l);
    rememberLocale(l);
    setState(l);
  }, []);
  const value = useMemo<LocaleState>(() => ({ locale, setLocale, t: (key, params) => translate(locale, key, params) }), [locale, setLocale]);
  return <LocaleContext.Provider value={value}>{children}</LocaleContext.Provider>;
}

export function useLocale(): LocaleState {
  const v = useContext(LocaleContext);
  if (!v) throw new Error('useLocale outside <LocaleProvider>');
  return v;
}

export const useT = (): T => useLocale().t;
