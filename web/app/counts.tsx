/**
 * The menu's badges: items waiting for my review, my returned items, unread notifications. One call
 * (`GET /api/home?badges=1`), refreshed on navigation, when the window regains focus, every minute
 * while the page is visible, and when a page says something changed (`refreshCounts()`).
 */
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { useLocation } from 'react-router-dom';
import { call } from './api';

export type Counts = { queue: number; returned: number; unread: number };
const NONE: Counts = { queue: 0, returned: 0, unread: 0 };
export const COUNTS_POLL_MS = 60_000;
const EVENT = 'xb:counts';

const CountsContext = createContext<Counts>(NONE);

/** Asks the menu to fetch its counts again (after a decision, opening an item …). */
export function refreshCounts() {
  window.dispatchEvent(new Event(EVENT));
}

export function CountsProvider({ children, enabled }: { children: ReactNode; enabled: boolean }) {
  const [counts, setCounts] = useState<Counts>(NONE);
  const location = useLocation();
  const busy = useRef(false);
  const again = useRef(false);

  const load = useCallback(async () => {
    if (!enabled) return;
    // One request at a time; a refresh asked for meanwhile runs once the answer is in.
    if (busy.current) {
      again.current = true;
      return;
    }
    busy.current = true;
    try {
      do {
        again.current = false;
        try {
          const h = await call('GET /api/home', { query: { badges: '1' } });
          setCounts({ queue: h.queue?.total ?? 0, returned: h.mine?.returned ?? 0, unread: h.unread });
        } catch {
          // the badges stay as they were; pages show their own errors
        }
      } while (again.current);
    } finally {
      busy.current = false;
    }
  }, [enabled]);

  useEffect(() => {
    void load();
  }, [location.pathname, load]);

  useEffect(() => {
    const tick = window.setInterval(() => {
      if (document.visibilityState === 'visible') void load();
    }, COUNTS_POLL_MS);
    const reload = () => void load();
    window.addEventListener('focus', reload);
    window.addEventListener(EVENT, reload);
    return () => {
      window.clearInterval(tick);
      window.removeEventListener('focus', reload);
      window.removeEventListener(EVENT, reload);
    };
  }, [load]);

  return <CountsContext.Provider value={counts}>{children}</CountsContext.Provider>;
}

export const useCounts = () => useContext(CountsContext);
