import { useEffect, useRef, useState } from 'react';
import { Select, Spin } from 'antd';
import { useT } from '../../app/locale';
import { showError } from '../../app/request';
import { MAX_PEOPLE } from './chain-form';
import { searchPeople, type PersonRef } from './service';

/** `name（unit）`, marked when the account is deactivated. */
export function personText(p: PersonRef | undefined, t: ReturnType<typeof useT>): string {
  if (!p) return t('chains.unknownPerson');
  const base = `${p.name}${t('common.parens', { x: p.unitName })}`;
  return p.active ? base : `${base} · ${t('common.inactive')}`;
}

/**
 * Named people of one organisation, searched on the server by name or login as one types.
 * `known` holds the people already looked up (the chosen ones keep their names); `remember` adds to it.
 */
export function PeopleSelect({
  rootUnitId,
  value,
  onChange,
  known,
  remember,
  disabled,
  testId,
  id,
}: {
  rootUnitId: string;
  value?: string[];
  onChange?: (v: string[]) => void;
  known: ReadonlyMap<string, PersonRef>;
  remember: (people: PersonRef[]) => void;
  disabled?: boolean;
  testId?: string;
  /** Set by Form.Item (label ↔ field). */
  id?: string;
}) {
  const t = useT();
  const [found, setFound] = useState<PersonRef[]>([]);
  const [searching, setSearching] = useState(false);
  const timer = useRef<number | undefined>(undefined);
  const inFlight = useRef<AbortController | null>(null);

  useEffect(
    () => () => {
      window.clearTimeout(timer.current);
      inFlight.current?.abort();
    },
    [],
  );

  const search = (q: string) => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(async () => {
      inFlight.current?.abort();
      const ctl = new AbortController();
      inFlight.current = ctl;
      setSearching(true);
      try {
        const page = await searchPeople(rootUnitId, q, ctl.signal);
        setFound(page.items);
        remember(page.items);
      } catch (e) {
        showError(e);
      } finally {
        if (inFlight.current === ctl) setSearching(false);
      }
    }, 250);
  };

  const chosen = value ?? [];
  const options = [
    ...chosen.map((pid) => ({ value: pid, label: personText(known.get(pid), t) })),
    ...found.filter((p) => !chosen.includes(p.id)).map((p) => ({ value: p.id, label: personText(p, t), disabled: !p.active })),
  ];

  return (
    <Select
      id={id}
      mode="multiple"
      allowClear
      value={chosen}
      onChange={(v: string[]) => onChange?.(v)}
      options={options}
      maxCount={MAX_PEOPLE}
      disabled={disabled}
      placeholder={t('chains.holder.peoplePlaceholder')}
      showSearch={{ filterOption: false, onSearch: search }}
      onOpenChange={(open) => {
        if (open && found.length === 0) search('');
      }}
      notFoundContent={searching ? <Spin size="small" /> : undefined}
      data-testid={testId}
      style={{ width: '100%' }}
    />
  );
}
