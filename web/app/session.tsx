import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { isLocale, setPendingLocale, takePendingLocale, type Locale } from '../i18n';
import { computeAccess, type Access } from './access';
import { useLocale } from './locale';
import { api, setRequestHooks, showError } from './request';
import type { Me } from './types';

type SessionState = {
  me: Me | null;
  access: Access;
  /** True until the first "who am I?" answer. */
  loading: boolean;
  /** The session this browser had ended without a sign-out (expired, revoked): the sign-in page says so. */
  expired: boolean;
  refresh: () => Promise<Me | null>;
  signOut: () => Promise<void>;
  /** Switches the language; remembered on this browser and, when signed in, on the account. */
  changeLocale: (l: Locale) => void;
};

const SessionContext = createContext<SessionState | null>(null);

export const fetchMe = () => api.get<Me | null>('/api/auth/me');

export function signInPath(from: string): string {
  return from && from !== '/' && !from.startsWith('/sign-in') ? `/sign-in?redirect=${encodeURIComponent(from)}` : '/sign-in';
}

/** Set while this browser holds a session, cleared by signing out: a start without a session then means it ended. */
const HAD_SESSION = 'xb.hadSession';
const remember = (on: boolean) => {
  try {
    if (on) localStorage.setItem(HAD_SESSION, '1');
    else localStorage.removeItem(HAD_SESSION);
  } catch {
    // storage unavailable (private mode): the notice is only missing after a reload
  }
};
const hadSession = () => {
  try {
    return localStorage.getItem(HAD_SESSION) === '1';
  } catch {
    return false;
  }
};

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);
  const [expired, setExpired] = useState(false);
  const { locale, setLocale } = useLocale();
  const navigate = useNavigate();
  const location = useLocation();
  const here = useRef('');
  here.current = location.pathname + location.search;

  const adopt = useCallback(
    (m: Me | null) => {
      if (!m) {
        if (hadSession()) setExpired(true);
        remember(false);
        return setMe(null);
      }
      remember(true);
      setExpired(false);
      // A language picked while signed out is carried over to the account at sign-in.
      const picked = takePendingLocale();
      if (picked && picked !== m.locale) {
        setMe({ ...m, locale: picked });
        if (picked !== locale) setLocale(picked);
        api.put('/api/auth/locale', { locale: picked }).catch(() => undefined);
        return;
      }
      setMe(m);
      if (isLocale(m.locale) && m.locale !== locale) setLocale(m.locale);
    },
    [locale, setLocale],
  );

  const refresh = useCallback(async () => {
    try {
      const m = await fetchMe();
      adopt(m);
      return m;
    } finally {
      setLoading(false);
    }
  }, [adopt]);

  useEffect(() => {
    refresh().catch((e: unknown) => showError(e));
    // Only on start; later refreshes are explicit.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    setRequestHooks({
      onSignedOut: (err) => {
        err.handled = true;
        setMe(null);
        remember(false);
        if (!here.current.startsWith('/sign-in')) {
          // Parallel requests fail together: one redirect; the sign-in page says the session ended.
          setExpired(true);
          navigate(signInPath(here.current), { replace: true });
          here.current = '/sign-in';
        }
      },
      onRestricted: () => {
        refresh().catch(() => undefined);
      },
    });
  }, [navigate, refresh]);

  const signOut = useCallback(async () => {
    try {
      await api.post('/api/auth/sign-out');
    } catch (e) {
      showError(e);
    }
    remember(false);
    setExpired(false);
    setMe(null);
    navigate('/sign-in', { replace: true });
  }, [navigate]);

  const changeLocale = useCallback(
    (l: Locale) => {
      setLocale(l);
      if (me) {
        setMe({ ...me, locale: l });
        api.put('/api/auth/locale', { locale: l }).catch((e: unknown) => showError(e));
      } else {
        setPendingLocale(l);
      }
    },
    [me, setLocale],
  );

  const value = useMemo<SessionState>(
    () => ({ me, access: computeAccess(me), loading, expired, refresh, signOut, changeLocale }),
    [me, loading, expired, refresh, signOut, changeLocale],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const v = useContext(SessionContext);
  if (!v) throw new Error('useSession outside <SessionProvider>');
  return v;
}
