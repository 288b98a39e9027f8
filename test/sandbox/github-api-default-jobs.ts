// Jobs and annotations of the default scenario's runs (see github-api-default.ts): the current
// run's build / lint / test / e2e / notify, and the same five jobs for each earlier run.
import { annotation, buildJob, later } from './github-api-builders.js';
import type { JobSpec } from './github-api-builders.js';
import type { Conclusion, ScenarioAnnotation, ScenarioJob } from './github-api-scenario.js';

/** Check run (= job) ids of the current run's jobs. */
export const DEFAULT_JOB_IDS = {
  build: 4839201734,
  lint: 4839201741,
  test: 4839201781,
  e2e: 4839201812,
  notify: 4839205120,
};

const NODE = 'Run actions/setup-node@v4';
const STEPS: Record<string, JobSpec['steps']> = {
  build: [NODE, 'Run npm ci', 'Run npm run build'],
  lint: [NODE, 'Run npm ci', 'Run npm run lint'],
  test: [NODE, 'Run npm ci', 'Run npm test', 'Upload coverage'],
  e2e: [NODE, 'Run npm ci', 'Run e2e tests', 'Upload Playwright report'],
  // The notifier uses the published action: no checkout, so no post step either.
  notify: ['Send failure alert'],
};

function job(
  id: number,
  name: string,
  conclusion: Conclusion | null,
  start: string,
  seconds: number,
  more: Partial<JobSpec> = {},
) {
  const spec = { id, name, conclusion, startedAt: start, durationSeconds: seconds, steps: STEPS[name] };
  return buildJob({ ...spec, ...(name === 'notify' ? { checkout: false } : {}), ...more });
}

/** The five jobs of an earlier run that ended `outcome`; notify has `if: failure()`. */
export function pastJobs(
  runNumber: number,
  start: string,
  outcome: 'success' | 'failure' | 'cancelled',
): ScenarioJob[] {
  const id = DEFAULT_JOB_IDS.build - (42 - runNumber) * 37_211;
  const second = later(start, 130);
  return [
    job(id, 'build', 'success', start, 118),
    job(id + 7, 'lint', 'success', start, 64),
    job(id + 47, 'test', outcome, second, 201, { stopAt: 'Run npm test' }),
    job(id + 78, 'e2e', outcome === 'cancelled' ? 'cancelled' : 'success', second, 412, {
      stopAt: 'Run e2e tests',
    }),
    job(id + 3386, 'notify', outcome === 'failure' ? 'success' : 'skipped', later(second, 420), 9),
  ];
}

export function currentJobs(): ScenarioJob[] {
  const start = '2026-11-27T15:21:19Z';
  const afterBuild = later(start, 128);
  const ids = DEFAULT_JOB_IDS;
  return [
    job(ids.build, 'build', 'success', start, 120),
    job(ids.lint, 'lint', 'cancelled', start, 51),
    job(ids.test, 'test', 'failure', afterBuild, 207, {
      // Type-check has `continue-on-error: true`: its errors are annotations, its conclusion success.
      steps: [
        NODE,
        'Run npm ci',
        { name: 'Type-check', conclusion: 'success' },
        'Run npm test',
        'Upload coverage',
      ],
      stopAt: 'Run npm test',
    }),
    // `timeout-minutes: 15`: GitHub ends such a job `cancelled` and says why only in annotations.
    job(ids.e2e, 'e2e', 'cancelled', afterBuild, 904, { stopAt: 'Run e2e tests' }),
    job(ids.notify, 'notify', null, later(afterBuild, 913), 6, { runnerName: 'GitHub Actions 12' }),
  ];
}

const failure = (where: string, message: string, title: string | null = null) =>
  annotation('failure', where, message, title);
const assertion = (where: string, title: string, detail: string) =>
  failure(where, `AssertionError [ERR_ASSERTION]: ${detail}`, title);
const strictEqual = (diff: string) => `Expected values to be strictly equal:\n\n${diff}\n`;
const canceled = failure('.github:1', 'The operation was canceled.');

/** 12 failures and 2 warnings on the test job: 2 from type-check, 10 (the per-step cap) from npm test. */
function testAnnotations(): ScenarioAnnotation[] {
  return [
    failure(
      'src/smtp/transport.ts:57:24',
      "TS2345: Argument of type 'string' is not assignable to parameter of type 'number'.",
    ),
    failure('src/message/render.ts:112:7', "TS2322: Type 'undefined' is not assignable to type 'string'."),
    annotation(
      'warning',
      'test/unit/fuzz/headers.test.ts:14:3',
      'Test skipped: SKIP_SLOW is set',
      'fuzz > header folding',
    ),
    assertion(
      'test/unit/inputs.test.ts:42:5',
      'parseInputs > smtp-port > accepts 587',
      strictEqual("'587' !== 587"),
    ),
    assertion(
      'test/unit/inputs.test.ts:58:5',
      'parseInputs > smtp-port > rejects 0',
      'Missing expected exception (Error).',
    ),
    assertion('test/unit/retry.test.ts:88:7', 'retry > stops after the time budget', strictEqual('4 !== 3')),
    failure(
      'test/unit/retry.test.ts:104:7',
      'Error: test timed out after 5000ms',
      'retry > sleeps with the injected clock',
    ),
    assertion(
      'test/unit/message/markdown.test.ts:31:5',
      'markdown > escapes raw HTML',
      "The input did not match the regular expression /&lt;script&gt;/. Input:\n\n'<p><script>alert(1)</script></p>\\n'\n",
    ),
    failure(
      'test/unit/message/compose.test.ts:77:5',
      "TypeError: Cannot read properties of undefined (reading 'split')",
      'compose > folds long subjects',
    ),
    assertion(
      'test/unit/message/compose.test.ts:95:5',
      'compose > keeps Message-ID stable',
      "Expected values to be strictly equal:\n+ actual - expected\n\n+ '<a1@contoso.example>'\n- '<a0@contoso.example>'\n",
    ),
    assertion(
      'test/unit/smtp-errors.test.ts:23:3',
      'smtp errors > maps 535 5.7.139 to a hint',
      strictEqual("'auth' !== 'smtp-auth-disabled'"),
    ),
    assertion(
      'test/integration/send.test.ts:61:5',
      'send > delivers to 3 recipients',
      strictEqual('2 !== 3'),
    ),
    annotation(
      'warning',
      '.github:1',
      'The `set-output` command is deprecated and will be disabled soon. Please upgrade to using Environment Files. ' +
        'For more information see: https://github.blog/changelog/2022-10-11-github-actions-deprecating-save-state-and-set-output-commands/',
    ),
    failure('.github:1', 'Process completed with exit code 1.'),
  ];
}

export function currentAnnotations(): Record<number, ScenarioAnnotation[]> {
  return {
    [DEFAULT_JOB_IDS.lint]: [canceled],
    [DEFAULT_JOB_IDS.test]: testAnnotations(),
    [DEFAULT_JOB_IDS.e2e]: [
      failure('.github:1', 'The job has exceeded the maximum execution time of 15m0s'),
      canceled,
    ],
  };
}
