import type { T } from '../../app/locale';
import type { Locale } from '../../i18n';
import type { AuditCatalogue } from './service';

/**
 * Names from the server's event catalogue (GET /api/audit/events) in the user's language: every
 * event the server writes has one; a code the catalogue does not know (yet) is shown as it is.
 */
export type Names = { event: (code: string) => string; area: (key: string) => string; target: (key: string) => string };

export function namesFrom(catalogue: AuditCatalogue | null, locale: Locale): Names {
  const pick = (l: { zh: string; en: string }) => (locale === 'en' ? l.en : l.zh);
  const events = new Map(catalogue?.events.map((e) => [e.code as string, pick(e)]));
  const areas = new Map(catalogue?.areas.map((a) => [a.key as string, pick(a)]));
  const targets = new Map(catalogue?.targetTypes.map((x) => [x.key, pick(x)]));
  return { event: (c) => events.get(c) ?? c, area: (k) => areas.get(k) ?? k, target: (k) => targets.get(k) ?? k };
}

/** The event filter's options: per area, "all of the area" then each event, named and with its code. */
export function eventOptions(t: T, catalogue: AuditCatalogue | null, names: Names) {
  return (catalogue?.areas ?? [])
    .map((a) => ({
      label: names.area(a.key),
      title: a.key,
      options: [
        { value: a.key as string, label: t('audit.allOfArea', { area: names.area(a.key) }) },
        ...catalogue!.events.filter((e) => e.area === a.key).map((e) => ({ value: e.code as string, label: `${names.event(e.code)}${t('common.parens', { x: e.code })}` })),
      ],
    }))
    .filter((g) => g.options.length > 1);
}
