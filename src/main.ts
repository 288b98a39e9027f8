// run(): wires the stages in their one order, with the one error boundary. No feature logic here.
//
//   inputs -> message (rendered, addressed, batched; no network) -> [dry run stops here]
//          -> credential -> token -> send (retries, pacing) -> report
//
// The message is built before any request so that a template or attachment error costs no token
// request, and so that a dry run can stop with everything validated and nothing contacted.
import { describeTokenClaims } from './auth/claims.js';
import { idTokenAvailable } from './auth/id-token.js';
import { createTokenProvider } from './auth/load.js';
import type { TokenProviderFactory } from './auth/token.js';
import { TokenSource } from './auth/token-source.js';
import { systemClock, type Clock } from './clock.js';
import { ActionError, failureTitle, toFailureMessage } from './errors.js';
import { parseInputs } from './inputs/index.js';
import {
  assertWithinSize,
  buildContent,
  composeMessages,
  readWorkflowRun,
  runIdentity,
  writeDryRun,
} from './message/index.js';
import { reportDelivery, reportFailure, reportPreview } from './report.js';
import type { Env } from './config.js';
import { createRunner, type Runner } from './runner/index.js';
import { deliverAll, PartialDeliveryError } from './delivery/deliver.js';
import { recipientCount } from './delivery/recipient-limit.js';
import { timeoutsFor } from './timeouts.js';
import { createTransport } from './transport/load.js';
import type { TransportFactory } from './transport/port.js';

export interface Deps {
  /** The action's entry script: render workers run it (see src/index.ts). */
  readonly renderWorker: URL;
  readonly runner: Runner;
  readonly env: Env;
  readonly tokenProvider: TokenProviderFactory;
  readonly transport: TransportFactory;
  readonly clock: Clock;
}

function defaultDeps(): Omit<Deps, 'renderWorker'> {
  return {
    runner: createRunner(),
    env: process.env,
    tokenProvider: createTokenProvider,
    transport: createTransport,
    clock: systemClock,
  };
}

export async function run(overrides: Partial<Deps> & Pick<Deps, 'renderWorker'>): Promise<void> {
  const deps: Deps = { ...defaultDeps(), ...overrides };
  const { runner, env, clock } = deps;
  routeProcessWarnings(runner);
  const started = clock.now();
  try {
    const config = await parseInputs(
      runner.input,
      runner.setSecret,
      { canRequestIdToken: idTokenAvailable(env) },
      runner.rawInput,
    );
    config.warnings.forEach((warning) => runner.warning(warning));
    const deadline = started + config.delivery.timeoutSeconds * 1000;
    const protocolLog = config.delivery.debug ? runner.info : undefined;

    // The run and its event, as @actions/github's context reads them: what the templates show.
    const workflowRun = await readWorkflowRun(env, runner.warning);
    const content = await buildContent(config.message, {
      run: workflowRun,
      env,
      warn: runner.warning,
      debug: runner.debug,
      now: clock.now,
      renderWorker: deps.renderWorker,
      renderBudgetMs: renderBudgetMs(config.delivery.timeoutSeconds),
    });
    const messages = composeMessages(
      config.message,
      content,
      runIdentity(workflowRun),
      config.delivery.maxRecipients,
    );
    // Before any request: a message Exchange would refuse after the upload costs no token and no connection.
    await assertWithinSize(messages, config.message.maxSizeBytes);
    if (config.dryRun) {
      await reportPreview(runner, messages, await writeDryRun(messages, env));
      return;
    }

    const auth = config.auth ?? missing('credentials');
    const timeouts = timeoutsFor(config.delivery.timeoutSeconds);
    const requestTimeoutMs = timeouts.connectionMs;
    // Loaded here, after the dry-run exit: the credential code brings the HTTPS client with it.
    const { loadCredential } = await import('./auth/credential.js');
    const credential = await loadCredential(auth, {
      env,
      mask: runner.setSecret,
      debug: runner.debug,
      warn: runner.warning,
      now: clock.now,
      requestTimeoutMs,
    });
    const how = credential.kind === 'assertion' ? credential.description : 'a client secret';
    runner.info(
      `Signing in to ${auth.authorityHost} as app ${auth.clientId} (tenant ${auth.tenantId}) with ${how}`,
    );
    const provider = await deps.tokenProvider(auth, credential, {
      mask: runner.setSecret,
      debug: runner.debug,
      requestTimeoutMs,
      now: clock.now,
      protocolLog,
    });
    const budget = { maxAttempts: config.delivery.maxAttempts, deadline };
    const tokens = new TokenSource(provider, { clock, budget, log: runner.info });
    const transport = await deps.transport(config.transport, {
      tokens,
      timeouts,
      maxConnections: config.delivery.maxConnections,
      protocolLog,
      mask: runner.setSecret,
      debug: runner.debug,
    });

    const recipients = messages.reduce((n, m) => n + recipientCount(m), 0);
    const { host, port, mailbox } = config.transport;
    runner.info(
      `Sending ${messages.length === 1 ? 'the message' : `${messages.length} messages`} to ${recipients} recipient${recipients === 1 ? '' : 's'} through ${host}:${port} as ${mailbox}`,
    );
    const sent = await deliverAll(messages, {
      transport,
      tokens,
      delivery: config.delivery,
      clock,
      deadline,
      log: runner.info,
      onTokenRejected: (token) => runner.debug(describeTokenClaims(token.token, clock.now())),
    });
    await reportDelivery(runner, sent, config.delivery.failOnRejected);
  } catch (err) {
    if (err instanceof PartialDeliveryError) await reportFailure(runner, err.sent);
    runner.setFailed(toFailureMessage(err), { title: failureTitle(err) });
  }
}

/**
 * Node prints process warnings (a library's deprecation, a parser's complaint with an excerpt of its
 * input) straight to stderr, which the runner reads for workflow commands too. They go through the
 * runner seam instead, as debug lines.
 */
function routeProcessWarnings(runner: Runner): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    runner.debug(`Node.js ${warning.name}: ${warning.message}`);
  });
}

/** User templates get a quarter of the step's budget, and never more than 10 s: rendering takes milliseconds. */
function renderBudgetMs(timeoutSeconds: number): number {
  return Math.min(10_000, (timeoutSeconds * 1000) / 4);
}

function missing(what: string): never {
  throw new ActionError(`Internal error: ${what} missing after validation`, {
    code: 'INTERNAL',
    stage: 'internal',
  });
}
