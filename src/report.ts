// Outputs and the job summary. Every value that reaches the summary is HTML-escaped.
import type { Address } from './config.js';
import { ActionError } from './errors.js';
import type { Verdict } from './gate.js';
import { escapeHtml, formatAddress } from './text.js';
import type { CommitterChoice, MessagePreview, OutgoingMessage } from './message/index.js';
import type { Runner } from './runner/index.js';
import type { Sent } from './delivery/deliver.js';
import type { RejectedRecipient } from './transport/port.js';

/** What the alert stage decided: the `conclusion` outputs, and the committers added to `to`. */
export interface AlertOutcome {
  readonly verdict: Verdict;
  readonly committers?: CommitterChoice | undefined;
}

/** `notify-when` said no: nothing is sent, the step succeeds, and the log and the summary say why. */
export async function reportNotSent(runner: Runner, verdict: Verdict): Promise<void> {
  runner.setOutput('sent', 'false');
  setAlertOutputs(runner, { verdict });
  runner.info(verdict.reason);
  await runner.appendSummary(`<h3>No mail sent</h3>\n<p>${escapeHtml(verdict.reason)}</p>\n`);
}

/** Sets the outputs and the summary for everything sent; fails the step on rejected recipients unless told not to. */
export async function reportDelivery(
  runner: Runner,
  sent: readonly Sent[],
  failOnRejected: boolean,
  via: string,
  alert?: AlertOutcome,
): Promise<void> {
  const rejected = setOutputs(runner, sent);
  runner.setOutput('sent', sent.length > 0 ? 'true' : 'false');
  setAlertOutputs(runner, alert);
  const accepted = sent.reduce((n, s) => n + s.delivery.accepted.length, 0);
  const ids = sent.map((s) => s.delivery.messageId);
  runner.info(
    `Sent ${sent.length === 1 ? `"${sent[0]?.message.subject ?? ''}"` : `${sent.length} messages`} to ${accepted} recipient${accepted === 1 ? '' : 's'} through ${via} (Message-ID ${ids.join(', ')})`,
  );
  await runner.appendSummary(
    summary(
      'Mail sent',
      sent.map((s) => s.message),
      ids,
      rejected,
      via,
    ) + committersSummary(alert?.committers),
  );
  if (rejected.length === 0) return;
  const list = rejected.map((r) => `${r.address}${r.reply ? ` (${r.reply})` : ''}`).join('\n');
  const text = `${rejected.length} recipient${rejected.length === 1 ? ' was' : 's were'} rejected; the others received the message:\n${list}`;
  if (failOnRejected) {
    throw new ActionError(text, {
      code: 'REJECTED_RECIPIENTS',
      stage: 'smtp',
      hint: 'Check the addresses. Set fail-on-rejected: false to report rejected recipients without failing the step.',
    });
  }
  runner.warning(text, { title: 'Some recipients were rejected' });
}

/** After a failure part-way through a multi-message send: say what did go out. */
export async function reportFailure(runner: Runner, sent: readonly Sent[], via: string): Promise<void> {
  setOutputs(runner, sent);
  runner.setOutput('sent', sent.length > 0 ? 'true' : 'false');
  const ids = sent.map((s) => s.delivery.messageId);
  await runner.appendSummary(
    summary(
      'Mail partly sent (the step failed)',
      sent.map((s) => s.message),
      ids,
      [],
      via,
    ),
  );
}

export async function reportPreview(
  runner: Runner,
  messages: readonly OutgoingMessage[],
  previews: readonly MessagePreview[],
  alert?: AlertOutcome,
): Promise<void> {
  const paths = previews.map((p) => p.emlPath);
  runner.setOutput('sent', 'false');
  setAlertOutputs(runner, alert);
  runner.setOutput('message-id', messages.map((m) => m.messageId).join(','));
  runner.setOutput('accepted', '');
  runner.setOutput('rejected', '');
  runner.setOutput('eml-path', paths.join(','));
  runner.info(
    `Dry run: "${messages[0]?.subject ?? ''}" was rendered and validated; nothing was sent. Message: ${paths.join(', ')}`,
  );
  await runner.appendSummary(
    summary(
      'Mail preview (dry run, not sent)',
      messages,
      messages.map((m) => m.messageId),
      [],
    ) +
      committersSummary(alert?.committers) +
      previewDetails(previews[0]),
  );
}

function setAlertOutputs(runner: Runner, alert: AlertOutcome | undefined): void {
  if (!alert) return;
  runner.setOutput('conclusion', alert.verdict.conclusion);
  runner.setOutput('previous-conclusion', alert.verdict.previousConclusion);
}

/** Who `notify-committers` added, and who it left out and why (the addresses are in the commits already). */
function committersSummary(choice: CommitterChoice | undefined): string {
  if (!choice) return '';
  if (choice.unknown) return `<p>notify-committers: nobody added: ${escapeHtml(choice.unknown)}.</p>\n`;
  const added = choice.added.map((a) => `<li>${escapeHtml(formatAddress(a))}</li>`).join('');
  const skipped = choice.skipped
    .map((s) => `<li>${escapeHtml(s.address)}: ${escapeHtml(s.reason)}</li>`)
    .join('');
  return (
    `<p>notify-committers added ${choice.added.length === 1 ? '1 person' : `${choice.added.length} people`} to To.</p>\n` +
    (added ? `<p>Added:</p>\n<ul>${added}</ul>\n` : '') +
    (skipped ? `<p>Skipped:</p>\n<ul>${skipped}</ul>\n` : '')
  );
}

function previewDetails(preview: MessagePreview | undefined): string {
  if (!preview) return '';
  const attachments = preview.attachments
    .map((a) => `<li>${escapeHtml(a.name)} (${escapeHtml(a.sizeText)})</li>`)
    .join('');
  const parts = [
    attachments ? `<p>Attachments:</p>\n<ul>${attachments}</ul>` : '',
    `<details open><summary>Text part${preview.textTruncated ? ' (shortened)' : ''}</summary>\n\n<pre>${escapeHtml(preview.text)}</pre>\n</details>`,
    `<p>Complete message: <code>${escapeHtml(preview.emlPath)}</code></p>`,
  ];
  return `${parts.filter((p) => p !== '').join('\n')}\n`;
}

function setOutputs(runner: Runner, sent: readonly Sent[]): RejectedRecipient[] {
  const rejected = sent.flatMap((s) => s.delivery.rejected);
  runner.setOutput('message-id', sent.map((s) => s.delivery.messageId).join(','));
  runner.setOutput('accepted', sent.flatMap((s) => s.delivery.accepted).join(','));
  runner.setOutput('rejected', rejected.map((r) => r.address).join(','));
  runner.setOutput('rejected-details', JSON.stringify(rejected));
  return rejected;
}

function summary(
  title: string,
  messages: readonly OutgoingMessage[],
  ids: readonly string[],
  rejected: readonly RejectedRecipient[],
  via = '',
): string {
  const first = messages[0];
  if (!first) return `<h3>${escapeHtml(title)}</h3>\n`;
  const all = (pick: (m: OutgoingMessage) => readonly Address[]): Address[] => messages.flatMap(pick);
  const list = (addresses: readonly Address[]): string =>
    addresses.length > 20
      ? `${addresses
          .slice(0, 20)
          .map((a) => escapeHtml(formatAddress(a)))
          .join('<br>')}<br>… and ${addresses.length - 20} more`
      : addresses.map((a) => escapeHtml(formatAddress(a))).join('<br>');
  const bcc = all((m) => m.bcc).length;
  const rows: [string, string][] = [
    ['Subject', escapeHtml(first.subject)],
    ['From', escapeHtml(formatAddress(first.from))],
    ['To', list(all((m) => m.to))],
    ['Cc', list(all((m) => m.cc))],
    // Bcc recipients stay hidden from the other recipients; the summary, readable by everyone with
    // access to the repository, shows only how many there were.
    ['Bcc', bcc > 0 ? `${bcc} hidden recipient${bcc === 1 ? '' : 's'}` : ''],
    ['Attachments', first.attachments.map((a) => escapeHtml(a.filename)).join('<br>')],
    ['Sent through', escapeHtml(via)],
    [
      messages.length > 1 ? `Message-IDs (${messages.length} messages)` : 'Message-ID',
      ids.map((id) => `<code>${escapeHtml(id)}</code>`).join('<br>'),
    ],
    [
      'Rejected',
      rejected
        .map((r) => `${escapeHtml(r.address)}${r.reply ? ` — ${escapeHtml(r.reply)}` : ''}`)
        .join('<br>'),
    ],
  ];
  const body = rows
    .filter(([, value]) => value !== '')
    .map(([name, value]) => `<tr><th align="left">${name}</th><td>${value}</td></tr>`)
    .join('\n');
  return `<h3>${escapeHtml(title)}</h3>\n<table>\n${body}\n</table>\n`;
}
