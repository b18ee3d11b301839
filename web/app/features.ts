/**
 * What the platform has built. Texts that promise a feature (the sign-in page's points, the role
 * cards' duties) name it in `requires` and are shown only once it is built: flip the flag when the
 * feature lands and the texts come back, nothing else to edit.
 */
import type { MessageKey } from '../i18n';

export const FEATURES = {
  /** Points for accepted items and their records of use (scoring rubrics). */
  scoring: true,
  /** Unit rankings and notices (通报). */
  rankings: true,
  /** Compiling briefings (简报) from accepted items. */
  briefings: true,
  /** Records of use: adoption by an upper level, publication in the media. */
  recordsOfUse: true,
} as const;
export type Feature = keyof typeof FEATURES;

/** A line of text and the features it promises. */
export type Promised = { key: MessageKey; requires?: readonly Feature[] };

/** The lines whose features are all built. */
export function keep(lines: readonly Promised[], built: Record<Feature, boolean> = FEATURES): MessageKey[] {
  return lines.filter((l) => (l.requires ?? []).every((f) => built[f])).map((l) => l.key);
}

/** The sign-in page's points. */
export const SIGN_IN_POINTS: readonly Promised[] = [
  { key: 'signIn.point1' },
  { key: 'signIn.point2' },
  { key: 'signIn.pointScoring', requires: ['scoring'] },
  { key: 'signIn.point3', requires: ['rankings', 'briefings'] },
  { key: 'signIn.point4' },
];
