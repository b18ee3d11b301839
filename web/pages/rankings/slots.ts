/**
 * Places other features plug into the ranking page without editing it: appeals (申诉) add a button to
 * each entry of an explanation, notices (通报) a button beside the ranking. Add a component to a list;
 * it gets what the row or entry is about and a way to reload after a change.
 */
import type { ComponentType } from 'react';
import { AppealEntryAction, AppealsOffice, NoticeExport } from './appeals';
import type { ExplainEntry, RankingRow, Subject } from './service';

export type Scope = { rubricId: string; period: string; subject: Subject };

/** Buttons in each ranking row's action cell, after "explanation". */
export const RANKING_ROW_ACTIONS: ComponentType<{ scope: Scope; row: RankingRow; reload: () => void }>[] = [];

/** Buttons at the end of each entry of an explanation (e.g. "contest this entry"). */
export const EXPLAIN_ENTRY_ACTIONS: ComponentType<{ scope: Scope; subjectId: string; entry: ExplainEntry; reload: () => void }>[] = [AppealEntryAction];

/** Buttons in the ranking page's title row (e.g. "export the quarterly notice"). */
export const RANKING_PAGE_ACTIONS: ComponentType<{ scope: Scope; reload?: () => void }>[] = [NoticeExport, AppealsOffice];
