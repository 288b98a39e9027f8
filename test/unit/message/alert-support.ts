// An alert built the way run() builds it, from the sandbox's default scenario (run 1658821493, #42, a
// push to main with build / lint / test / e2e / notify) served in-process by a scenario reader: the
// jobs, annotations, earlier runs and commits in GitHub's own payload shapes, no network.
import type { MessageSettings, NotifyWhen } from '../../../src/config.js';
import { decide, resolveConclusion, type Verdict } from '../../../src/gate.js';
import { readRunFacts, type RunFacts, type Wanted } from '../../../src/github/facts.js';
import { alertTarget } from '../../../src/message/context/target.js';
import { readWorkflowRun } from '../../../src/message/context/toolkit.js';
import { buildContent } from '../../../src/message/index.js';
import type { MessageContent } from '../../../src/message/compose/types.js';
import { defaultScenario } from '../../sandbox/github-api-default.js';
import type { GithubScenario } from '../../sandbox/github-api-scenario.js';
import { runnerEnv } from '../../sandbox/github-api-env.js';
import { scenarioReader, type ScenarioReader } from '../../support/scenario-reader.js';
import { envOf, NOW, recordingIo, settingsWith, type Fixture } from './support.js';

export const PUSH: Fixture = { file: 'push', event: 'push', env: {} };

/** The runner variables of the scenario's current run, as the notifier job sees them. */
export function scenarioEnv(
  scenario: GithubScenario,
  extra: Record<string, string> = {},
): Record<string, string> {
  return envOf(PUSH, {
    ...runnerEnv(scenario, 'https://api.github.com', ''),
    RUNNER_NAME: 'GitHub Actions 12',
    ...extra,
  });
}

export const ALL_READS: Wanted = { jobs: true, annotations: true, history: true, changes: true };

export const fixedClock = {
  now: () => NOW,
  sleep: () => Promise.resolve(),
  random: () => 0.5,
};

export interface Alert {
  readonly facts: RunFacts;
  readonly verdict: Verdict;
  readonly content: MessageContent;
  readonly reader: ScenarioReader;
  readonly warnings: string[];
}

export async function buildAlert(
  options: {
    scenario?: GithubScenario;
    settings?: Partial<MessageSettings>;
    notifyWhen?: NotifyWhen[];
    env?: Record<string, string>;
    reader?: ScenarioReader;
  } = {},
): Promise<Alert> {
  const scenario = options.scenario ?? defaultScenario();
  const env = scenarioEnv(scenario, options.env);
  const io = recordingIo(env);
  const settings = settingsWith({
    template: { kind: 'builtin', name: 'status' },
    thread: true,
    ...options.settings,
  });
  const run = await readWorkflowRun(env, io.warn);
  const target = alertTarget(run, env);
  const reader = options.reader ?? scenarioReader(() => scenario);
  const facts = await readRunFacts(reader, target, ALL_READS, {
    clock: fixedClock,
    deadline: NOW + 20_000,
    maxAttempts: 3,
    log: () => undefined,
  });
  const verdict = decide(
    options.notifyWhen ?? ['always'],
    resolveConclusion(settings.status, target, facts),
    facts.previous,
  );
  const content = await buildContent(settings, { ...io, run, alert: { facts, verdict } });
  return { facts, verdict, content, reader, warnings: io.warnings };
}
