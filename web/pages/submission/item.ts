/** What the item page's parts share: the props every panel gets and the statuses that end the review. */
import type { SubmissionDetail } from './service';

export type { SubmissionDetail };

/** Every panel of the item page gets the item, a way to reload it after a change, and the clock. */
export type PanelProps = {
  d: SubmissionDetail;
  reload: () => Promise<void>;
  /** One clock for the whole page (updated every minute), for "held for 2 hours" texts. */
  now: number;
};

const FINAL: readonly string[] = ['adopted', 'rejected', 'withdrawn'];

/** Adopted, rejected or withdrawn: nothing more happens to the item in review. */
export const isFinal = (status: string) => FINAL.includes(status);
