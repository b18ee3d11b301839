/**
 * Autosave of a draft: ~800 ms after the last change the changed fields go to the server
 * (PUT /api/submissions/:id/draft with the last known `rev`). One save at a time; changes made during
 * a save are sent right after it. A copy is kept in localStorage until the server has everything.
 * On `submission/stale` (someone — often our own upload — changed the item) the rev is reloaded and
 * the save retried once.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { isApiError } from '../../app/request';
import { hasContent } from '../../../server/submissions/kinds';
import { changedFields, clearLocal, sameContent, writeLocal } from './draft-store';
import { saveDraft, type DraftValues, type SaveResult } from './service';

export type SaveStatus = 'idle' | 'pending' | 'saving' | 'saved' | 'error';
export type SaveState = { status: SaveStatus; savedAt: string | null; error: unknown };

const DEBOUNCE_MS = 800;

const storage = () => {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
};

export function useAutosave(opts: {
  /** '' for an item not made yet: its first save with something typed creates it (`create`). */
  id: string;
  /** Makes the draft from what was typed (POST /api/submissions) and answers as a save would. */
  create?: (values: DraftValues) => Promise<{ id: string; result: SaveResult }>;
  storageKey: string;
  rev: number;
  /** What the server holds now. */
  baseline: DraftValues;
  savedAt: string | null;
  reloadRev: () => Promise<number>;
  onSaved: (r: SaveResult, sent: DraftValues) => void;
  onFailed: (e: unknown) => void;
}) {
  const { storageKey } = opts;
  const idRef = useRef(opts.id);
  const latest = useRef<DraftValues>(opts.baseline);
  const baseline = useRef<DraftValues>(opts.baseline);
  const rev = useRef<number>(opts.rev);
  const timer = useRef<number | null>(null);
  const inflight = useRef<Promise<boolean> | null>(null);
  const cb = useRef(opts);
  cb.current = opts;
  const [state, setState] = useState<SaveState>({ status: 'idle', savedAt: opts.savedAt, error: null });

  const clearTimer = () => {
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = null;
  };

  const saveOnce = useCallback(async (): Promise<boolean> => {
    const sent = latest.current;
    const delta = changedFields(baseline.current, sent);
    setState((s) => ({ ...s, status: 'saving' }));
    let result: SaveResult;
    if (!idRef.current && !(cb.current.create && hasContent(sent))) {
      // Nothing typed yet (e.g. only the default author): there is no draft to save, and none is made.
      baseline.current = sent;
      clearLocal(storage(), storageKey);
      setState((s) => ({ ...s, status: 'idle' }));
      return true;
    }
    try {
      if (!idRef.current) {
        const made = await cb.current.create!(sent);
        idRef.current = made.id;
        result = made.result;
      } else {
        const id = idRef.current;
        try {
          result = await saveDraft(id, delta, rev.current);
        } catch (e) {
          if (!isApiError(e) || e.code !== 'submission/stale') throw e;
          rev.current = await cb.current.reloadRev();
          result = await saveDraft(id, delta, rev.current);
        }
      }
    } catch (e) {
      // Text with a state-secret marking must not be kept anywhere, not even in this browser.
      if (isApiError(e) && e.code === 'common/state_secret') clearLocal(storage(), storageKey);
      setState((s) => ({ ...s, status: 'error', error: e }));
      cb.current.onFailed(e);
      return false;
    }
    rev.current = result.rev;
    baseline.current = sent;
    if (sameContent(latest.current, sent)) clearLocal(storage(), storageKey);
    setState({ status: sameContent(latest.current, sent) ? 'saved' : 'pending', savedAt: result.savedAt, error: null });
    cb.current.onSaved(result, sent);
    return true;
  }, [storageKey]);

  /** Saves everything now; resolves true once the server has the latest values. */
  const flush = useCallback(async (): Promise<boolean> => {
    clearTimer();
    for (;;) {
      if (inflight.current) {
        await inflight.current;
        continue;
      }
      if (sameContent(latest.current, baseline.current)) return true;
      const p = saveOnce().finally(() => {
        if (inflight.current === p) inflight.current = null;
      });
      inflight.current = p;
      if (!(await p)) return false;
    }
  }, [saveOnce]);

  /** Called on every change of the form. */
  const schedule = useCallback(
    (values: DraftValues) => {
      latest.current = values;
      if (sameContent(values, baseline.current)) {
        clearLocal(storage(), storageKey);
      } else {
        writeLocal(storage(), storageKey, { values, at: Date.now() });
        setState((s) => (s.status === 'saving' ? s : { ...s, status: 'pending' }));
      }
      clearTimer();
      timer.current = window.setTimeout(() => void flush(), DEBOUNCE_MS);
    },
    [flush, storageKey],
  );

  /** The server copy changed under us (e.g. the page reloaded it): adopt it as the new baseline. */
  const rebase = useCallback((values: DraftValues, newRev: number) => {
    baseline.current = values;
    rev.current = newRev;
  }, []);

  // Leaving the tab (or the page) saves what is pending; the local copy covers a failure.
  useEffect(() => {
    const onHide = () => {
      if (document.visibilityState === 'hidden') void flush();
    };
    document.addEventListener('visibilitychange', onHide);
    return () => {
      document.removeEventListener('visibilitychange', onHide);
      if (timer.current !== null) {
        clearTimer();
        void flush();
      }
    };
  }, [flush]);

  return { state, schedule, flush, rebase, currentId: () => idRef.current, currentRev: () => rev.current, isDirty: () => !sameContent(latest.current, baseline.current) };
}
