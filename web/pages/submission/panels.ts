/**
 * The panels of the item page, in order. A new domain (records of use, briefings, scoring…) adds one
 * component file and one line here. Slots: `top` runs full width under the header (warnings),
 * `main` is the wide left column (the content and its files), `side` the narrow right column.
 * A panel renders nothing (null) when it has nothing to show for this item.
 */
import type { ComponentType } from 'react';
import { FilesPanel, PlanMissingAlert, PlanPanel } from './AttachmentsPanel';
import { ContentPanel } from './ContentPanel';
import { DuplicatesPanel } from './DuplicatesPanel';
import { FindingsAlert, FindingsPanel } from './FindingsPanel';
import { HistoryPanel } from './HistoryPanel';
import { RecordsPanel } from './RecordsPanel';
import { ForwardsPanel, OriginPanel } from './ForwardPanels';
import type { PanelProps } from './item';

export type PanelSlot = 'top' | 'main' | 'side';
export type Panel = { key: string; slot: PanelSlot; Component: ComponentType<PanelProps> };

export const PANELS: readonly Panel[] = [
  { key: 'origin', slot: 'top', Component: OriginPanel },
  { key: 'duplicates', slot: 'top', Component: DuplicatesPanel },
  { key: 'findings-alert', slot: 'top', Component: FindingsAlert },
  { key: 'plan-missing', slot: 'top', Component: PlanMissingAlert },
  { key: 'content', slot: 'main', Component: ContentPanel },
  { key: 'files', slot: 'main', Component: FilesPanel },
  { key: 'plan', slot: 'main', Component: PlanPanel },
  { key: 'findings', slot: 'side', Component: FindingsPanel },
  { key: 'records', slot: 'side', Component: RecordsPanel },
  { key: 'forwards', slot: 'side', Component: ForwardsPanel },
  { key: 'history', slot: 'side', Component: HistoryPanel },
];

export const panelsIn = (slot: PanelSlot, panels: readonly Panel[] = PANELS) => panels.filter((p) => p.slot === slot);
