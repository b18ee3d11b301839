/**
 * Labels for server-defined keys. Role names come from the server's role table (pure data, shared
 * with the web app so the two never disagree); unit types come from GET /api/unit-types.
 */
import { AUDITOR_ROLES, INCOMPATIBLE_ROLES, ROLE_LABELS, ROLES, type Role } from '../../server/access/roles';
import type { Locale } from '../i18n';
import type { UnitType } from './types';

export { ROLES, INCOMPATIBLE_ROLES, AUDITOR_ROLES, type Role };

export function roleLabel(role: string, locale: Locale): string {
  const l = (ROLE_LABELS as Record<string, { zh: string; en: string } | undefined>)[role];
  if (!l) return role;
  return locale === 'en' ? l.en : l.zh;
}

export function unitTypeLabel(types: readonly UnitType[], key: string, locale: Locale): string {
  const t = types.find((x) => x.key === key);
  if (!t) return key;
  return locale === 'en' ? t.nameEn : t.nameZh;
}

/** Role pairs in `roles` that one person may not hold together (三权分立), e.g. admin + auditor. */
export function incompatiblePairs(roles: readonly string[]): [Role, Role][] {
  const set = new Set(roles);
  return INCOMPATIBLE_ROLES.filter(([a, b]) => set.has(a) && set.has(b)).map(([a, b]) => [a, b]);
}
