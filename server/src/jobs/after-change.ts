// Work queued after a change is stored, outside a transaction (inside one,
// tx.afterCommit is the same rule): the change stands whatever happens here,
// and the reconciler finds the work again from PostgreSQL, so a failure is
// logged, once, and not thrown.
import { redisWarner, type Context } from '../context.js';

export async function queueAfterChange(ctx: Context, work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (err) {
    redisWarner(ctx.config)(`work after a commit failed (the reconciler will redo it): ${err instanceof Error ? err.message : String(err)}`);
  }
}
