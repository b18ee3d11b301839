import { describe, expect, it } from 'vitest';
import { auditCatalogue } from '../../../server/audit/events';
import { translate } from '../../i18n';
import { eventOptions, namesFrom } from './names';

const catalogue = auditCatalogue();

describe('audit event names and filter', () => {
  it('gives every event of the catalogue a readable name in both languages', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      const names = namesFrom(catalogue, locale);
      for (const e of catalogue.events) expect(names.event(e.code), e.code).not.toBe(e.code);
    }
    expect(namesFrom(catalogue, 'zh-CN').event('review.passed')).toBe('审核通过');
    expect(namesFrom(catalogue, 'en').event('attachment.add')).toBe('Attachment added');
    expect(namesFrom(catalogue, 'zh-CN').target('submission')).toBe('报送稿件');
    // Unknown codes stay visible as they are.
    expect(namesFrom(catalogue, 'en').event('future.thing')).toBe('future.thing');
  });

  it('lets the auditor pick every event and every area', () => {
    const t = ((key, params) => translate('zh-CN', key, params)) as Parameters<typeof eventOptions>[0];
    const groups = eventOptions(t, catalogue, namesFrom(catalogue, 'zh-CN'));
    const values = groups.flatMap((g) => g.options.map((o) => o.value));
    for (const e of catalogue.events) expect(values, e.code).toContain(e.code);
    for (const a of ['submission', 'review', 'finding', 'attachment', 'case', 'system']) expect(values).toContain(a);
    expect(groups.find((g) => g.title === 'review')?.options[0]?.label).toBe('全部审核事件');
  });
});
