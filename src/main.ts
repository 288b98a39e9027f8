// run(): wires the stages in their one order, with the one error boundary. No feature logic here.
//
//   inputs -> the run (@actions/github's context) -> GitHub API reads (read-only) -> notify-when gate
//          -> message (rendered, addressed, batched; no network) -> [dry run stops here]
//          -> credential -> token -> send (SMTP or Microsoft Graph; retries, pacing) -> report
//
// The message is built before any token request so that a template or attachment error costs none,
// and so that a dry run can stop with everything validated. The GitHub API is read before that: what
// it says decides whether a mail goes out at all, and a mail that is not sent requests no token.
import { describeTokenClaims } from './auth/claims.js';
import { idTokenAvailable } from './auth/id-token.js';
import { createTokenProvider } from './auth/load.js';
import type { TokenProviderFactory } from './auth/token.js';
import { TokenSource } from './auth/token-source.js';
import { systemClock, type Clock } from './clock.js';
import { ActionError, failureTitle, toFailureMessage } from './errors.js';
import { decide, resolveConclusion } from './gate.js';
import { createOctokitReader, readAlertFacts, type GithubReaderFactory } from './github/index.js';
import { parseInputs } from './inputs/index.js';
import {
  addCommitters,
  alertTarget,
  assertWithinSize,
  buildContent,
  composeMessages,
  readWorkflowRun,
  runIdentity,
  writeDryRun,
} from './message/index.js';
import { reportDelivery, reportFailure, reportNotSent, reportPreview } from './report.js';
import type { Env } from './config.js';
import { createRunner, type Runner } from './runner/index.js';
import { deliverAll, PartialDeliveryError } from './delivery/deliver.js';
import { recipientCount } from './delivery/recipient-limit.js';
import { proxySecrets } from './net/proxy.js';
import { timeoutsFor } from './timeouts.js';
import { createTransport } from './transport/load.js';
import { describeTransport, type TransportFactory } from './transport/port.js';

export interface Deps {
  /** The action's entry script: render workers run it (see src/index.ts). */
  readonly renderWorker: URL;
  readonly runner: Runner;
  readonly env: Env;
  readonly tokenProvider: TokenProviderFactory;
  readonly transport: TransportFactory;
  /** The GitHub REST API, read-only: the run's jobs, annotations, earlier runs and commits. */
  readonly github: GithubReaderFactory;
  readonly clock: Clock;
}

function defaultDeps(): Omit<Deps, 'renderWorker'> {
  return {
    runner: createRunner(),
    env: process.env,
    tokenProvider: createTokenProvider,
    transport: createTransport,
    github: createOctokitReader,
    clock: systemClock,
  };
}

export async function run(overrides: Partial<Deps> & Pick<Deps, 'renderWorker'>): Promise<void> {
  const deps: Deps = { ...defaultDeps(), ...overrides };
  const { runner, env, clock } = deps;
  routeProcessWarnings(runner);
  maskProxyCredentials(env, runner);
  const started = clock.now();
  // Named in the job summary of a send that failed part-way, too.
  let via = '';
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
    const target = alertTarget(workflowRun, env);
    const facts = await readAlertFacts(config.message, config.alerts, target, {
      reader: deps.github,
      clock,
      deadline,
      maxAttempts: config.delivery.maxAttempts,
      apiUrl: workflowRun.apiUrl,
      repository: workflowRun.repository,
      warn: runner.warning,
      info: runner.info,
      debug: runner.debug,
    });
    const conclusion = resolveConclusion(config.message.status, target, facts);
    const verdict = decide(config.alerts.notifyWhen, conclusion, facts?.previous);
    if (!verdict.send) {
      await reportNotSent(runner, verdict);
      return;
    }
    if (verdict.reason) runner.info(verdict.reason);
    const committers = addCommitters(config.message, config.alerts, facts);
    const settings = committers?.settings ?? config.message;
    const alert = { verdict, committers };

    const content = await buildContent(settings, {
      run: workflowRun,
      env,
      alert: facts ? { facts, verdict } : undefined,
      warn: runner.warning,
      debug: runner.debug,
      now: clock.now,
      renderWorker: deps.renderWorker,
      renderBudgetMs: renderBudgetMs(config.delivery.timeoutSeconds),
    });
    const messages = composeMessages(
      settings,
      content,
      runIdentity(workflowRun),
      config.delivery.maxRecipients,
      clock.now(),
    );
    // Before any request: a message Exchange (or Graph's 4 MB request cap) would refuse after the upload
    // costs no token and no connection.
    await assertWithinSize(messages, config.message.maxSizeBytes, config.transport.kind);
    const credentialIo = {
      env,
      mask: runner.setSecret,
      debug: runner.debug,
      warn: runner.warning,
      now: clock.now,
      getIdToken: runner.getIdToken,
    };
    if (config.dryRun) {
      // What a dry run can check of the credential it checks offline (a certificate); none is needed.
      if (config.auth) await (await import('./auth/credential.js')).loadCredential(config.auth, credentialIo);
      await reportPreview(runner, messages, await writeDryRun(messages, env), alert);
      return;
    }

    const auth = config.auth ?? missing('credentials');
    const timeouts = timeoutsFor(config.delivery.timeoutSeconds);
    const requestTimeoutMs = timeouts.connectionMs;
    const { loadCredential } = await import('./auth/credential.js');
    const credential = await loadCredential(auth, credentialIo);
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
    via = describeTransport(config.transport);
    runner.info(
      `Sending ${messages.length === 1 ? 'the message' : `${messages.length} messages`} to ${recipients} recipient${recipients === 1 ? '' : 's'} through ${via} as ${config.transport.mailbox}`,
    );
    const sent = await deliverAll(messages, {
      transport,
      tokens,
      delivery: config.delivery,
      clock,
      deadline,
      log: runner.info,
      onTokenRejected: (token) =>
        runner.debug(describeTokenClaims(token.token, clock.now(), config.transport)),
    });
    await reportDelivery(runner, sent, config.delivery.failOnRejected, via, alert);
  } catch (err) {
    if (err instanceof PartialDeliveryError) await reportFailure(runner, err.sent, via);
    else runner.setOutput('sent', 'false');
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

/** A proxy URL in the environment may carry a password: masked, like every secret, before anything runs. */
function maskProxyCredentials(env: Env, runner: Runner): void {
  for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'])
    proxySecrets(env[name] ?? '').forEach((secret) => runner.setSecret(secret));
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
