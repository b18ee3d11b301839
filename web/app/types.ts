/** Shapes the API returns that several pages share. */
import type { Locale } from '../i18n';

import type { Role } from '../../server/access/roles';

export type { Role };

export type RoleGrant = { role: Role; unitId: string; unitName: string };

export type Me = {
  id: string;
  login: string;
  name: string;
  unitId: string;
  unitName: string;
  locale: Locale | string;
  totpEnabled: boolean;
  roles: RoleGrant[];
  permissions: string[];
  restricted: null | 'password_change' | 'totp_setup';
  secondFactor: boolean;
};

export type Unit = {
  id: string;
  parentId: string | null;
  name: string;
  shortName: string | null;
  type: string;
  path: string;
  depth: number;
  sortOrder: number;
  active: boolean;
};

export type UnitType = { key: string; nameZh: string; nameEn: string; sortOrder: number };

export type Page<T> = { items: T[]; total: number };
