/**
 * The password policy as the server enforces it (server/auth/password.ts: ≥ 8 characters, 3 of the 4
 * classes, not containing the login when the login has ≥ 3 characters), as a live checklist.
 */
export const MIN_LENGTH = 8;

export type CharClass = 'lower' | 'upper' | 'digit' | 'symbol';
const CLASS_RE: Record<CharClass, RegExp> = { lower: /[a-z]/, upper: /[A-Z]/, digit: /[0-9]/, symbol: /[^A-Za-z0-9]/ };

export type PolicyCheck = {
  length: boolean;
  classes: Record<CharClass, boolean>;
  classCount: number;
  enoughClasses: boolean;
  notLogin: boolean;
  ok: boolean;
};

export function checkPassword(password: string, login: string): PolicyCheck {
  const classes = {
    lower: CLASS_RE.lower.test(password),
    upper: CLASS_RE.upper.test(password),
    digit: CLASS_RE.digit.test(password),
    symbol: CLASS_RE.symbol.test(password),
  };
  const classCount = Object.values(classes).filter(Boolean).length;
  const length = [...password].length >= MIN_LENGTH;
  const l = login.trim().toLowerCase();
  const notLogin = !(l.length >= 3 && password.toLowerCase().includes(l));
  const enoughClasses = classCount >= 3;
  return { length, classes, classCount, enoughClasses, notLogin, ok: length && enoughClasses && notLogin };
}
