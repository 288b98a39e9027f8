// Builds the outgoing message from the validated settings: pure, no I/O.
import type { MessageSettings } from '../config.js';
import type { MarkdownRenderer } from './markdown.js';
import type { OutgoingMessage } from './types.js';

export function composeMessage(
  settings: MessageSettings,
  render: MarkdownRenderer,
  messageId: string,
): OutgoingMessage {
  const text = settings.body.replace(/\r\n?/g, '\n');
  const html =
    settings.htmlBody !== '' ? settings.htmlBody : text.trim() === '' ? '' : htmlDocument(render(text));
  return {
    messageId,
    from: settings.from,
    replyTo: settings.replyTo,
    to: settings.to,
    cc: settings.cc,
    bcc: settings.bcc,
    subject: settings.subject,
    text,
    html,
    priority: settings.priority,
  };
}

function htmlDocument(content: string): string {
  return [
    '<!DOCTYPE html>',
    '<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"></head>',
    '<body style="margin:0;padding:16px;font-family:Segoe UI,Helvetica,Arial,sans-serif;font-size:14px;line-height:1.5;color:#1f2328;">',
    content.trimEnd(),
    '</body></html>',
  ].join('\n');
}
