// What a dry run shows in the job summary: the exact subject, recipients, text part and attachments of
// the message written to the .eml file. src/report.ts renders it (and escapes it).
import type { Address } from '../../config.js';
import { formatBytes } from '../render/helpers.js';
import type { OutgoingMessage } from './types.js';

export interface MessagePreview {
  readonly subject: string;
  readonly from: Address;
  readonly to: readonly Address[];
  readonly cc: readonly Address[];
  /** Bcc addresses stay out of the summary, which everyone with read access to the repository sees. */
  readonly bccCount: number;
  /** The text part, cut at `MAX_PREVIEW_CHARS`. */
  readonly text: string;
  readonly textTruncated: boolean;
  readonly attachments: readonly {
    readonly name: string;
    readonly size: number;
    readonly sizeText: string;
  }[];
  readonly emlPath: string;
}

/** The job summary holds 1 MiB per step; the text part of a mail rarely needs more than this. */
export const MAX_PREVIEW_CHARS = 20_000;

export function previewOf(message: OutgoingMessage, emlPath: string): MessagePreview {
  const truncated = message.text.length > MAX_PREVIEW_CHARS;
  return {
    subject: message.subject,
    from: message.from,
    to: message.to,
    cc: message.cc,
    bccCount: message.bcc.length,
    text: truncated ? message.text.slice(0, MAX_PREVIEW_CHARS) : message.text,
    textTruncated: truncated,
    attachments: message.attachments.map((a) => ({
      name: a.filename,
      size: a.size,
      sizeText: formatBytes(a.size),
    })),
    emlPath,
  };
}
