import { eq } from 'drizzle-orm';
import type { Tx } from '../db/client';
import type { Ctx } from '../http/context';
import { submissionForwards, submissions } from './tables';

/**
 * What happens when an upper office accepts (passes the last step of) an item a lower office
 * forwarded to it. Records of use register a listener that writes the `upper_adoption` record on the
 * original item; it runs in the same transaction as the acceptance, so both commit or neither does
 * (a listener that throws refuses the acceptance).
 */
export type ForwardedItemAccepted = {
  /** The item the lower office forwarded (in the lower organisation). */
  originalId: string;
  /**
   * The first item of the chain when the original was itself forwarded from further below
   * (所队 → 旗局 → 市局 → 厅): the work as its own unit and authors submitted it. Equal to originalId otherwise.
   */
  sourceId: string;
  /** The copy in the upper office that was accepted now. */
  forwardedId: string;
  upperOrgId: string;
  /** The upper office's level as the link named it when the item was forwarded (旗县局 / 市局 / 厅 / 部), or null. */
  upperLevel: string | null;
  acceptedAt: Date;
};
export type ForwardedItemAcceptedListener = (tx: Tx, ctx: Ctx, e: ForwardedItemAccepted) => Promise<void>;

const listeners = new Set<ForwardedItemAcceptedListener>();

/** Registers a listener; returns the function that removes it (tests). */
export function onForwardedItemAccepted(listener: ForwardedItemAcceptedListener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** Runs every listener, in registration order, in the acceptance's transaction. */
export async function emitForwardedItemAccepted(tx: Tx, ctx: Ctx, e: ForwardedItemAccepted): Promise<void> {
  for (const l of listeners) await l(tx, ctx, e);
}

/**
 * Called by the review (review.ts applyReviewAction) when an item with `forwardedFrom` becomes
 * adopted: reads the forward and fires the listeners, exactly once per acceptance (adopted is final).
 */
export async function fireForwardedItemAccepted(tx: Tx, ctx: Ctx, forwardedId: string, acceptedAt: Date): Promise<void> {
  const [f] = await tx.select().from(submissionForwards).where(eq(submissionForwards.forwardedId, forwardedId));
  if (!f) return;
  // The source: follow forwardedFrom down from the original (a few levels at most; a guard against a loop).
  let sourceId = f.originalId;
  for (let i = 0; i < 10; i++) {
    const [row] = await tx.select({ from: submissions.forwardedFrom }).from(submissions).where(eq(submissions.id, sourceId));
    if (!row?.from) break;
    sourceId = row.from;
  }
  await emitForwardedItemAccepted(tx, ctx, { originalId: f.originalId, sourceId, forwardedId, upperOrgId: f.upperOrgId, upperLevel: f.upperLevel, acceptedAt });
}
