// Outputs and the job summary. Every value that reaches the summary is HTML-escaped.
import type { Address } from './config.js';
import { formatAddress } from './inputs/addresses.js';
import { escapeHtml } from './message/markdown.js';
import type { OutgoingMessage } from './message/types.js';
import type { Runner } from './runner/index.js';
import type { Delivery } from './smtp/mailer.js';

export function reportDelivery(runner: Runner, message: OutgoingMessage, delivery: Delivery): void {
  runner.setOutput('message-id', delivery.messageId);
  runner.setOutput('accepted', delivery.accepted.join(','));
  runner.setOutput('rejected', delivery.rejected.map((r) => r.address).join(','));
  const count = delivery.accepted.length;
  runner.info(
    `Sent "${message.subject}" to ${count} recipient${count === 1 ? '' : 's'} (Message-ID ${delivery.messageId})`,
  );
  for (const r of delivery.rejected) runner.warning(`Recipient ${r.address} was rejected: ${r.reply}`);
  runner.appendSummary(
    summary(
      'Mail sent',
      message,
      delivery.messageId,
      delivery.rejected.map((r) => r.address),
    ),
  );
}

export function reportPreview(runner: Runner, message: OutgoingMessage): void {
  runner.setOutput('message-id', message.messageId);
  runner.setOutput('accepted', '');
  runner.setOutput('rejected', '');
  runner.info(`Dry run: "${message.subject}" was rendered and validated; nothing was sent.`);
  runner.appendSummary(summary('Mail preview (dry run, not sent)', message, message.messageId, []));
}

function summary(
  title: string,
  message: OutgoingMessage,
  messageId: string,
  rejected: readonly string[],
): string {
  const list = (addresses: readonly Address[]): string =>
    addresses.map((a) => escapeHtml(formatAddress(a))).join('<br>');
  const rows: [string, string][] = [
    ['Subject', escapeHtml(message.subject)],
    ['From', escapeHtml(formatAddress(message.from))],
    ['To', list(message.to)],
    ['Cc', list(message.cc)],
    // Bcc recipients stay hidden from the other recipients; the summary, readable by everyone with
    // access to the repository, shows only how many there were.
    [
      'Bcc',
      message.bcc.length > 0
        ? `${message.bcc.length} hidden recipient${message.bcc.length === 1 ? '' : 's'}`
        : '',
    ],
    ['Message-ID', `<code>${escapeHtml(messageId)}</code>`],
    ['Rejected', rejected.map(escapeHtml).join('<br>')],
  ];
  const body = rows
    .filter(([, value]) => value !== '')
    .map(([name, value]) => `<tr><th align="left">${name}</th><td>${value}</td></tr>`)
    .join('\n');
  return `<h3>${escapeHtml(title)}</h3>\n<table>\n${body}\n</table>\n`;
}
