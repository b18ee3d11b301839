import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useLocale, useT } from '../../app/locale';
import { isApiError } from '../../app/request';
import { keep, SIGN_IN_POINTS } from '../../app/features';
import { useSession } from '../../app/session';
import type { Locale } from '../../i18n';
import { signIn, type SignInInput } from './service';

type Field = 'login' | 'password' | 'totpCode';

/**
 * One labelled field with its message. The sign-in page is the first thing loaded, so it uses no
 * antd at all (its runtime, theme and Form are ~150 KB gzip; web/bundle-budget.test.ts holds the
 * route to 150 KB): plain elements styled like the rest of the app (global.css .xb-signin-*).
 */
function Field({ id, label, error, extra, children }: { id: string; label: string; error?: string | undefined; extra?: string; children: ReactNode }) {
  return (
    <div className="xb-signin-field">
      <label htmlFor={id}>{label}</label>
      {children}
      {error ? (
        <div className="xb-signin-error" role="alert" id={`${id}-error`}>
          {error}
        </div>
      ) : extra ? (
        <div className="xb-signin-extra">{extra}</div>
      ) : null}
    </div>
  );
}

const OTHER: Record<Locale, { locale: Locale; label: string }> = { 'zh-CN': { locale: 'en', label: 'English' }, en: { locale: 'zh-CN', label: '简体中文' } };

/** The language switch of the sign-in page: one button to the other language. */
function LocaleToggle() {
  const { locale } = useLocale();
  const { changeLocale } = useSession();
  const other = OTHER[locale];
  return (
    <button type="button" className="xb-signin-lang" data-testid="locale-switch" aria-label={`Language / 语言: ${other.label}`} onClick={() => changeLocale(other.locale)}>
      <span data-testid={`locale-${other.locale}`}>{other.label}</span>
    </button>
  );
}

export default function SignInPage() {
  const t = useT();
  const { refresh, expired } = useSession();
  const [values, setValues] = useState<SignInInput>({ login: '', password: '' });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const set = (k: Field, v: string) => {
    setValues((old) => ({ ...old, [k]: v }));
    setErrors((old) => ({ ...old, [k]: undefined }));
  };
  const [needTotp, setNeedTotp] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ type: 'error' | 'info'; text: string } | null>(null);
  const totpRef = useRef<HTMLInputElement>(null);

  const check = (): Partial<Record<Field, string>> => {
    const e: Partial<Record<Field, string>> = {};
    if (!values.login.trim()) e.login = t('signIn.loginRequired');
    if (!values.password) e.password = t('signIn.passwordRequired');
    if (needTotp) {
      if (!values.totpCode) e.totpCode = t('signIn.totpRequired');
      else if (!/^\d{6}$/.test(values.totpCode)) e.totpCode = t('totp.codeFormat');
    }
    return e;
  };

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (busy) return;
    const problems = check();
    setErrors(problems);
    if (Object.values(problems).some(Boolean)) return;
    setBusy(true);
    setProblem(null);
    try {
      const body: SignInInput = { login: values.login.trim(), password: values.password };
      if (needTotp && values.totpCode) body.totpCode = values.totpCode;
      await signIn(body);
      // The guard on /sign-in sends the person on (to the page they came from, or a restricted page).
      await refresh();
    } catch (e) {
      if (!isApiError(e)) {
        console.error(e);
        setProblem({ type: 'error', text: t('error.unexpected') });
        return;
      }
      if (e.code === 'auth/totp_required') {
        setNeedTotp(true);
        setProblem({ type: 'info', text: e.message });
        setTimeout(() => totpRef.current?.focus(), 50);
      } else if (e.code === 'auth/totp_invalid') {
        setValues((old) => ({ ...old, totpCode: '' }));
        setErrors({ totpCode: e.message });
        totpRef.current?.focus();
      } else if (e.code === 'auth/invalid_credentials' || e.code === 'common/rate_limited') {
        setProblem({ type: 'error', text: e.message });
        setValues((old) => ({ ...old, password: '' }));
      } else {
        setProblem({ type: 'error', text: [e.message, ...e.fields.map((f) => f.message)].join(' ') });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="xb-signin">
      <section className="xb-signin-hero" aria-hidden>
        <span className="xb-seal" style={{ width: 52, height: 52, fontSize: 30 }}>
          宣
        </span>
        <h1>{t('app.name')}</h1>
        <p>{t('signIn.heroTagline')}</p>
        <ul className="xb-signin-points" data-testid="signin-points">
          {keep(SIGN_IN_POINTS).map((k) => (
            <li key={k}>{t(k)}</li>
          ))}
        </ul>
      </section>
      <main className="xb-signin-panel">
        <div className="xb-signin-locale">
          <LocaleToggle />
        </div>
        <h2 style={{ fontSize: 24, margin: '0 0 4px', fontWeight: 600 }}>{t('signIn.title')}</h2>
        <div style={{ color: '#8c8c8c', marginBottom: 28 }}>{t('signIn.subtitle')}</div>
        {expired && !problem ? (
          <div className="xb-signin-alert xb-signin-alert-info" role="status" data-testid="signin-expired">
            {t('signIn.expired')}
          </div>
        ) : null}
        {problem ? (
          <div className={`xb-signin-alert xb-signin-alert-${problem.type}`} role="alert" data-testid="signin-alert">
            {problem.text}
          </div>
        ) : null}
        <form onSubmit={(e) => void submit(e)} noValidate data-testid="signin-form" autoComplete="on" className="xb-signin-form">
          <Field id="signin-login" label={t('signIn.login')} error={errors.login}>
            <input
              id="signin-login"
              className="xb-signin-input"
              aria-invalid={errors.login ? true : undefined}
              autoComplete="username"
              autoFocus
              placeholder={t('signIn.loginPlaceholder')}
              data-testid="signin-login"
              maxLength={64}
              value={values.login}
              onChange={(e) => set('login', e.target.value)}
            />
          </Field>
          <Field id="signin-password" label={t('signIn.password')} error={errors.password}>
            <input
              id="signin-password"
              type="password"
              className="xb-signin-input"
              aria-invalid={errors.password ? true : undefined}
              autoComplete="current-password"
              placeholder={t('signIn.passwordPlaceholder')}
              data-testid="signin-password"
              maxLength={256}
              value={values.password}
              onChange={(e) => set('password', e.target.value)}
            />
          </Field>
          {needTotp ? (
            <Field id="signin-totp" label={t('signIn.totp')} error={errors.totpCode} extra={t('signIn.totpHelp')}>
              <input
                id="signin-totp"
                className="xb-signin-input"
                ref={totpRef}
                aria-invalid={errors.totpCode ? true : undefined}
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                placeholder="000000"
                data-testid="signin-totp"
                value={values.totpCode ?? ''}
                onChange={(e) => set('totpCode', e.target.value)}
              />
            </Field>
          ) : null}
          <button type="submit" className="xb-signin-submit" disabled={busy} aria-busy={busy} data-testid="signin-submit">
            {busy ? <span className="xb-spinner xb-spinner-small" aria-hidden /> : null}
            {t('signIn.submit')}
          </button>
        </form>
        <div className="xb-signin-foot">
          {t('signIn.notice')}
          <br />
          {t('signIn.forgot')}
        </div>
      </main>
    </div>
  );
}
