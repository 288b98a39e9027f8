// A nodemailer logger that writes the SMTP transaction log (commands and replies) through a redactor:
// known secrets are replaced, AUTH lines are cut after the mechanism, and message content is dropped.
import { format } from 'node:util';

interface Entry {
  readonly tnx?: string;
  readonly cid?: string | number;
}

type LogFn = (entry: Entry | undefined, message: string, ...args: unknown[]) => void;

export interface NodemailerLogger {
  readonly level: (level: string) => void;
  readonly trace: LogFn;
  readonly debug: LogFn;
  readonly info: LogFn;
  readonly warn: LogFn;
  readonly error: LogFn;
  readonly fatal: LogFn;
}

export function redact(line: string, secrets: readonly string[]): string {
  let out = line;
  for (const secret of secrets) {
    if (secret.length >= 8) {
      out = out.split(secret).join('***');
      out = out.split(Buffer.from(secret).toString('base64')).join('***');
    }
  }
  // Whatever the library printed after an AUTH mechanism is credential material.
  return out.replace(/\b(AUTH\s+\S+)\s+\S.*$/i, '$1 ***');
}

export function protocolLogger(
  write: (line: string) => void,
  secrets: () => readonly string[],
): NodemailerLogger {
  const log: LogFn = (entry, message, ...args) => {
    if (entry?.tnx === 'message') return; // message content never reaches the log
    const prefix = entry?.tnx === 'server' ? 'S: ' : entry?.tnx === 'client' ? 'C: ' : '';
    const id = entry?.cid === undefined ? '' : `[#${String(entry.cid)}] `;
    for (const line of format(message, ...args).split(/\r?\n/)) {
      if (line.trim() !== '') write(`smtp: ${id}${prefix}${redact(line, secrets())}`);
    }
  };
  return { level: () => undefined, trace: log, debug: log, info: log, warn: log, error: log, fatal: log };
}
