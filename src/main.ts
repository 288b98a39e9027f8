// run(): wires the stages in their one order. No feature logic lives here.
import type { AuthSettings } from './config.js';
import { ActionError, failureTitle, toFailureMessage } from './errors.js';
import { parseInputs } from './inputs/index.js';
import { createTokenProvider, type TokenProviderFactory } from './auth/token.js';
import { composeMessage } from './message/compose.js';
import { readRunIdentity } from './message/context.js';
import { loadMarkdownRenderer } from './message/markdown.js';
import { messageIdFor } from './message/message-id.js';
import { reportDelivery, reportPreview } from './report.js';
import { createRunner, type Env, type Runner } from './runner/index.js';
import { createMailer, type MailerFactory } from './smtp/mailer.js';
import { DEFAULT_TIMEOUTS } from './smtp/options.js';

export interface Deps {
  readonly runner: Runner;
  readonly env: Env;
  readonly tokenProvider: TokenProviderFactory;
  readonly mailer: MailerFactory;
  readonly now: () => number;
}

function defaultDeps(): Deps {
  return {
    runner: createRunner(),
    env: process.env,
    tokenProvider: createTokenProvider,
    mailer: createMailer,
    now: Date.now,
  };
}

export async function run(overrides: Partial<Deps> = {}): Promise<void> {
  const deps: Deps = { ...defaultDeps(), ...overrides };
  const { runner } = deps;
  try {
    const config = parseInputs(runner.input, runner.setSecret);
    const render = await loadMarkdownRenderer();
    const identity = readRunIdentity(deps.env);
    const m = config.message;
    const messageId = messageIdFor(
      identity,
      m.from.address,
      0,
      JSON.stringify([m.to, m.cc, m.bcc, m.subject, m.body, m.htmlBody]),
    );
    const message = composeMessage(config.message, render, messageId);

    if (config.dryRun) {
      reportPreview(runner, message);
      return;
    }
    const auth: AuthSettings = config.auth ?? missing('credentials');
    runner.info(
      `Requesting a token from ${auth.authorityHost} for app ${auth.clientId} in tenant ${auth.tenantId}`,
    );
    const tokens = await deps.tokenProvider(auth, {
      mask: runner.setSecret,
      debug: runner.debug,
      requestTimeoutMs: 30_000,
      now: deps.now,
    });
    const token = await tokens.getToken();

    runner.info(`Sending through ${config.smtp.host}:${config.smtp.port} as ${config.smtp.mailbox}`);
    const mailer = await deps.mailer(config.smtp, token.token, { timeouts: DEFAULT_TIMEOUTS });
    try {
      reportDelivery(runner, message, await mailer.send(message));
    } finally {
      mailer.close();
    }
  } catch (err) {
    runner.setFailed(toFailureMessage(err), { title: failureTitle(err) });
  }
}

function missing(what: string): never {
  throw new ActionError(`Internal error: ${what} missing after validation`, {
    code: 'INTERNAL',
    stage: 'internal',
  });
}
