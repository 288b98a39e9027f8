// Message-IDs that stay the same when the same step sends the same message again (a retry after a
// lost reply), so recipients' clients and Exchange can recognise the duplicate; see README "Delivery guarantee".
import { createHash, randomUUID } from 'node:crypto';
import type { RunIdentity } from '../context/context.js';

export function messageIdFor(
  run: RunIdentity | undefined,
  fromAddress: string,
  batch: number,
  content: string,
): string {
  const domain = (fromAddress.split('@')[1] ?? 'localhost').toLowerCase();
  if (!run) return `<${randomUUID()}@${domain}>`;
  const digest = createHash('sha256')
    .update([run.repository, run.runId, run.runAttempt, run.job, run.step, String(batch), content].join('\n'))
    .digest('base64url')
    .slice(0, 22);
  return `<gh-${run.runId}.${run.runAttempt}.${digest}@${domain}>`;
}
