// The bench's report: figures from the samples, each with its target, as a table, notes and JSON.
import type { Bundle } from './bundle.js';
import type { Download } from './download.js';
import { BULK_EXPECTED_MESSAGES, BULK_MAX_PER_MESSAGE, BULK_RECIPIENTS } from './bulk.js';
import type { BulkFigures } from './bulk.js';
import type { TimedCase } from './cases.js';
import type { Samples } from './measure.js';
import type { NodeChoice } from './node.js';
import { round, summarize } from './stats.js';
import type { Summary } from './stats.js';
import { bytes, mb, ms, times, yesNo } from './table.js';
import type { Row } from './table.js';

export const TARGETS = {
  /** Issue 11's target. Not met since issues 12 and 14 (octokit, the HTML sanitizer): see docs/design.md. */
  bundleBytes: 1_600_000,
  /** The most used mail action's download, measured the same way (tar.gz of the tagged tree). */
  downloadBytes: 885_000,
  dryRunOverBare: 5,
  sendOverFloor: 3,
  sendOverFloorRtt: 1.3,
  bulkRatio: 1.2,
} as const;
/** smtp-server waits this long before its greeting ("early talker" detection); both sides pay it. */
const SANDBOX_GREETING_DELAY_MS = 100;

export interface BulkResult {
  action: BulkFigures & { exitCode: number | null; ms: number; error?: string };
  floor: BulkFigures & { ms: number };
  /** nodemailer alone (bench/library-floor.mjs): the gap the chosen mailer leaves by itself. */
  library: BulkFigures & { ms: number };
}

export interface Results {
  node: NodeChoice;
  runs: number;
  bundle: Omit<Bundle, 'dir'>;
  timingsMs: Record<TimedCase, Summary>;
  rss: Partial<Record<TimedCase, { medianKb: number; maxKb: number; runs: number; cpuMs: Summary }>>;
  /** What the RSS preload adds to a run: median of paired differences on node -e 0. */
  rssPreloadCostMs: Summary;
  bulk: BulkResult;
  download: Download;
}

export function summarizeAll(
  samples: Samples,
  runs: number,
  node: NodeChoice,
  bundle: Bundle,
  bulk: BulkResult,
  download: Download,
): Results {
  const timingsMs = Object.fromEntries(
    Object.entries(samples.ms).map(([name, values]) => [name, summarize(values)]),
  ) as Record<TimedCase, Summary>;
  const rss: Results['rss'] = {};
  for (const [name, kbs] of Object.entries(samples.rssKb) as Array<[TimedCase, number[]]>) {
    rss[name] = {
      medianKb: summarize(kbs).median,
      maxKb: Math.max(...kbs),
      runs: kbs.length,
      cpuMs: summarize(samples.cpuMs[name] ?? []),
    };
  }
  return {
    node,
    runs,
    bundle: { files: bundle.files, runningBytes: bundle.runningBytes },
    timingsMs,
    rss,
    rssPreloadCostMs: summarize(samples.preloadCostMs),
    bulk,
    download,
  };
}

export function figures(r: Results) {
  const t = r.timingsMs;
  return {
    bundleBytes: {
      value: r.bundle.runningBytes,
      target: TARGETS.bundleBytes,
      holds: r.bundle.runningBytes <= TARGETS.bundleBytes,
    },
    downloadBytes: {
      value: r.download.gzipBytes,
      target: TARGETS.downloadBytes,
      holds: r.download.gzipBytes <= TARGETS.downloadBytes,
    },
    dryRunOverBare: ratio(t.dryRun.median, t.bare.median, TARGETS.dryRunOverBare),
    sendOverFloor: ratio(t.send.median, t.floor.median, TARGETS.sendOverFloor),
    sendOverFloorRtt: ratio(t.sendRtt.median, t.floorRtt.median, TARGETS.sendOverFloorRtt),
    sendOverFloorOverlap: ratio(t.send.median, t.floorOverlap.median),
    sendOverBare: ratio(t.send.median, t.bare.median),
    floorOverBare: ratio(t.floor.median, t.bare.median),
    bulkClientTimeRatio: {
      value: round(r.bulk.action.ratio, 3),
      target: TARGETS.bulkRatio,
      holds: r.bulk.action.shapeHolds && r.bulk.action.ratio <= TARGETS.bulkRatio,
    },
    bulkActionOverFloorPerMessage: ratio(r.bulk.action.perMessageMs, r.bulk.floor.perMessageMs),
  };
}

function ratio(a: number, b: number, target?: number) {
  const value = round(a / b, 3);
  return target === undefined ? { value } : { value, target, holds: value <= target };
}

export function rows(r: Results): Row[] {
  const t = r.timingsMs;
  const f = figures(r);
  const b = r.bulk.action;
  const timing = (s: Summary) => `${ms(s.median)} (min ${s.min.toFixed(1)}, p90 ${s.p90.toFixed(1)})`;
  const rssText = (name: TimedCase) => {
    const x = r.rss[name];
    return x ? `${mb(x.medianKb)} (max ${mb(x.maxKb)}), CPU ${ms(x.cpuMs.median)}` : 'n/a';
  };
  return [
    {
      figure: 'dist/*.js bytes (what runs)',
      value: bytes(r.bundle.runningBytes),
      target: `<= ${bytes(TARGETS.bundleBytes)}`,
      holds: yesNo(f.bundleBytes.holds),
    },
    {
      figure: `download: tar.gz of HEAD (${r.download.commit})`,
      value: bytes(r.download.gzipBytes),
      target: `<= ${bytes(TARGETS.downloadBytes)}`,
      holds: yesNo(f.downloadBytes.holds),
    },
    { figure: 'node -e 0, median', value: timing(t.bare), target: 'reference', holds: '' },
    { figure: 'dry-run to exit, median', value: timing(t.dryRun), target: '', holds: '' },
    {
      figure: 'dry-run / node -e 0',
      value: `${times(f.dryRunOverBare.value)} (of mins ${times(t.dryRun.min / t.bare.min)})`,
      target: `<= ${TARGETS.dryRunOverBare}x`,
      holds: yesNo(f.dryRunOverBare.holds),
    },
    { figure: 'floor (raw sockets), median', value: timing(t.floor), target: 'reference', holds: '' },
    { figure: 'full send, median', value: timing(t.send), target: '', holds: '' },
    {
      figure: 'full send / floor',
      value: `${times(f.sendOverFloor.value)} (of mins ${times(t.send.min / t.floor.min)})`,
      target: `<= ${TARGETS.sendOverFloor}x`,
      holds: yesNo(f.sendOverFloor.holds),
    },
    { figure: 'full send - floor', value: ms(t.send.median - t.floor.median), target: 'info', holds: '' },
    { figure: 'floor, 30 ms round trips, median', value: timing(t.floorRtt), target: 'reference', holds: '' },
    { figure: 'full send, 30 ms round trips, median', value: timing(t.sendRtt), target: '', holds: '' },
    {
      figure: 'full send / floor, 30 ms round trips',
      value: `${times(f.sendOverFloorRtt.value)} (of mins ${times(t.sendRtt.min / t.floorRtt.min)})`,
      target: `<= ${TARGETS.sendOverFloorRtt}x`,
      holds: yesNo(f.sendOverFloorRtt.holds),
    },
    { figure: 'floor, SMTP during token POST', value: timing(t.floorOverlap), target: 'info', holds: '' },
    { figure: 'peak RSS, CPU: node -e 0', value: rssText('bare'), target: 'reference', holds: '' },
    { figure: 'peak RSS, CPU: dry-run', value: rssText('dryRun'), target: 'report', holds: '' },
    { figure: 'peak RSS, CPU: full send', value: rssText('send'), target: 'report', holds: '' },
    { figure: 'peak RSS, CPU: floor', value: rssText('floor'), target: 'reference', holds: '' },
    {
      figure: '2,000 rcpts: messages',
      value: `${b.messages} (largest ${b.largestMessage} rcpts)`,
      target: `${BULK_EXPECTED_MESSAGES}, each <= ${BULK_MAX_PER_MESSAGE}`,
      holds: yesNo(b.messages === BULK_EXPECTED_MESSAGES && b.largestMessage <= BULK_MAX_PER_MESSAGE),
    },
    {
      figure: '2,000 rcpts: each address once',
      value: `${b.deliveredOnce} once, ${b.duplicated} dup, ${b.missing} missing`,
      target: `${BULK_RECIPIENTS} once`,
      holds: yesNo(b.deliveredOnce === BULK_RECIPIENTS && b.duplicated === 0),
    },
    {
      figure: '2,000 rcpts: token requests',
      value: String(b.tokenRequests),
      target: '1',
      holds: yesNo(b.tokenRequests === 1),
    },
    {
      figure: '2,000 rcpts: SMTP connections',
      value: String(b.connections),
      target: '1',
      holds: yesNo(b.connections === 1),
    },
    {
      figure: '2,000 rcpts: per message / server txn',
      value: Number.isFinite(b.ratio)
        ? `${times(b.ratio)} (${ms(b.perMessageMs)} / ${ms(b.meanTransactionMs)})`
        : 'n/a',
      target: `<= ${TARGETS.bulkRatio}x`,
      holds: yesNo(f.bulkClientTimeRatio.holds),
    },
    {
      figure: '2,000 rcpts: idle between transactions',
      value: `${ms(b.gapMs)} (floor ${ms(r.bulk.floor.gapMs)})`,
      target: 'info',
      holds: '',
    },
    {
      figure: '2,000 rcpts: nodemailer alone, same',
      value: `${times(r.bulk.library.ratio)} (idle ${ms(r.bulk.library.gapMs)} between transactions)`,
      target: 'reference',
      holds: '',
    },
    {
      figure: '2,000 rcpts: floor, same ratio',
      value: `${times(r.bulk.floor.ratio)} (${ms(r.bulk.floor.perMessageMs)} / ${ms(r.bulk.floor.meanTransactionMs)})`,
      target: 'reference',
      holds: '',
    },
    {
      figure: '2,000 rcpts: action / floor per message',
      value: Number.isFinite(f.bulkActionOverFloorPerMessage.value)
        ? times(f.bulkActionOverFloorPerMessage.value)
        : 'n/a',
      target: 'info',
      holds: '',
    },
  ];
}

export function notes(r: Results): string[] {
  const lines = [
    `Node: ${r.node.version} (${r.node.isNode24 ? 'Node 24' : 'NOT Node 24'}) from ${r.node.source}: ${r.node.bin}`,
    `Timings: whole child process, spawn to exit, ${r.runs} interleaved runs each; median (min, p90). Targets use medians; ratios of minimums are shown for a noisy machine.`,
    `Both the send and the floor include the sandbox's fixed ${SANDBOX_GREETING_DELAY_MS} ms before the SMTP greeting (smtp-server).`,
    `30 ms round trips: a second sandbox behind latency relays (every chunk delayed 15 ms each way, connections held one round trip); the action and the floor talk to the same relays.`,
    `Download: git archive of HEAD (${r.download.commit}, export-ignore honoured, as GitHub's tarball is), gzip -9: ${bytes(r.download.tarBytes)} tar, ${bytes(r.download.gzipBytes)} gzipped.`,
    `dist/ files: ${r.bundle.files.map((f) => `${f.name} ${bytes(f.bytes)}${f.runs ? '' : ' (not counted)'}`).join(', ')}`,
  ];
  const cost = r.rssPreloadCostMs;
  lines.push(
    `Peak RSS and CPU (user+sys, median): getrusage figures written at exit by a --require preload, in runs kept apart from the timed ones; ` +
      `the preload adds ${cost.median.toFixed(1)} ms (median of ${cost.n} paired differences on node -e 0).`,
  );
  if (r.bulk.action.error) lines.push(`2,000 recipients: the action failed: ${r.bulk.action.error}`);
  return lines;
}
