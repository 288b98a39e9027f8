// One error type for everything the user should read: what failed, and what to do about it.

/** Which stage failed; used to title the annotation. */
export type Stage = 'input' | 'credential' | 'token' | 'message' | 'smtp' | 'graph' | 'internal';

export interface ActionErrorOptions {
  /** A stable, searchable code: the Entra AADSTS number, the SMTP reply code, Graph's error code, an input name. */
  readonly code: string;
  readonly stage: Stage;
  /** What to do about it: printed on its own lines under the message. */
  readonly hint?: string;
  /** Worth another attempt (throttling, a dropped connection); permanent errors are not. */
  readonly transient?: boolean;
  /** Milliseconds the server asked us to wait before the next attempt (Retry-After). */
  readonly retryAfterMs?: number;
  /** The server refused the access token (SMTP 535, Graph 401): a fresh one may help if it was stale. */
  readonly tokenRejected?: boolean;
  /**
   * The token's decoded claims (aud, roles, tid, appid, exp) explain this refusal, though a fresh token
   * would not help (Graph 403: the app lacks the permission). Implied by `tokenRejected`.
   */
  readonly explainToken?: boolean;
  readonly cause?: unknown;
}

export class ActionError extends Error {
  readonly code: string;
  readonly stage: Stage;
  readonly hint: string | undefined;
  readonly transient: boolean;
  readonly retryAfterMs: number | undefined;
  readonly tokenRejected: boolean;
  readonly explainToken: boolean;

  constructor(message: string, options: ActionErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ActionError';
    this.code = options.code;
    this.stage = options.stage;
    this.hint = options.hint;
    this.transient = options.transient ?? false;
    this.retryAfterMs = options.retryAfterMs;
    this.tokenRejected = options.tokenRejected ?? false;
    this.explainToken = this.tokenRejected || (options.explainToken ?? false);
  }
}

/** A bad input: names the input, says the expected form and what was given. */
export function inputError(input: string, message: string, hint?: string): ActionError {
  return new ActionError(`Invalid '${input}': ${message}`, { code: `input:${input}`, stage: 'input', hint });
}

const TITLES: Readonly<Record<Stage, string>> = {
  input: 'Invalid input: nothing was sent',
  credential: 'Credential problem: nothing was sent',
  token: 'Could not get an access token from Microsoft Entra ID: nothing was sent',
  message: 'Could not build the message: nothing was sent',
  smtp: 'Sending through Exchange Online failed',
  graph: 'Sending through Microsoft Graph failed',
  internal: 'Unexpected error',
};

export function failureTitle(err: unknown): string {
  return err instanceof ActionError ? TITLES[err.stage] : TITLES.internal;
}

/** The text of the one annotation a failed run prints. Handles anything that was thrown. */
export function toFailureMessage(err: unknown): string {
  if (err instanceof ActionError) {
    return err.hint ? `${err.message}\n${err.hint}` : err.message;
  }
  if (err instanceof Error) {
    const cause = describeCause(err.cause);
    return cause ? `${err.message} (cause: ${cause})` : err.message;
  }
  if (typeof err === 'string') return err;
  return `Unexpected failure: ${safeStringify(err)}`;
}

/** The innermost useful reason of a chained error: "connect ECONNREFUSED 127.0.0.1:1" rather than "fetch failed". */
export function describeCause(cause: unknown, depth = 0): string | undefined {
  if (depth > 5 || cause === undefined || cause === null) return undefined;
  if (cause instanceof Error) {
    const inner = describeCause(cause.cause, depth + 1);
    const code = (cause as { code?: unknown }).code;
    const own =
      typeof code === 'string' && !cause.message.includes(code) ? `${code}: ${cause.message}` : cause.message;
    return inner ? `${own}; ${inner}` : own;
  }
  return safeStringify(cause);
}

function safeStringify(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    const json = JSON.stringify(value) as string | undefined;
    return json ?? String(value);
  } catch {
    return String(value);
  }
}
