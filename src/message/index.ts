// The message stage's entry points: content from the workflow context and templates, attachments, the
// MIME bytes, the size check and the dry run's .eml. Nothing here opens a socket.
import type { Env, MessageSettings } from '../config.js';
import { resolveAttachments } from './files/attachments.js';
import { readWorkspaceTemplate } from './files/template-file.js';
import { openWorkspace, type Workspace } from './files/workspace.js';
import { readContext, readTempDir, readWorkspace } from './context/context.js';
import type { WorkflowContext } from './context/context-types.js';
import { loadMarkdownRenderer, type MarkdownRenderer } from './render/markdown.js';
import { writeEml } from './compose/mime.js';
import { previewOf, type MessagePreview } from './compose/preview.js';
import type { RenderRequest } from './render/worker.js';
import type { WorkflowRun } from './context/toolkit.js';
import type { RunFacts } from '../github/facts.js';
import { aboutRun, conclusionOf } from './context/about.js';
import type { ReportVerdict } from './context/report.js';
import type { MessageContent, OutgoingMessage } from './compose/types.js';

export { buildMime, composerOptions, writeEml } from './compose/mime.js';
export { composeMessages } from './compose/batches.js';
export { runIdentity, type RunIdentity } from './context/context.js';
export { readWorkflowRun, type WorkflowRun } from './context/toolkit.js';
export { alertTarget } from './context/target.js';
export { addCommitters, type CommitterChoice } from './compose/committers.js';
export type { RunAbout } from './context/about.js';
export type { Attachment, MessageContent, OutgoingMessage } from './compose/types.js';
export { assertWithinSize } from './compose/size.js';
export { GRAPH_REQUEST_LIMIT_BYTES, graphRequestBody } from './compose/graph-body.js';
export { previewOf, type MessagePreview } from './compose/preview.js';

export interface MessageIo {
  /** The run and its event from @actions/github's context (readWorkflowRun); read from `env` when absent. */
  readonly run?: WorkflowRun;
  /** The runner's environment: GITHUB_*, RUNNER_TEMP, GITHUB_WORKSPACE, GITHUB_EVENT_PATH. */
  readonly env: Env;
  /** What the GitHub API said about the run and what the gate made of it: the templates' `report`. */
  readonly alert?: { readonly facts: RunFacts; readonly verdict: ReportVerdict } | undefined;
  readonly warn: (message: string) => void;
  readonly debug: (message: string) => void;
  /** The clock for the context's `timestamp`; Date.now when not given. */
  readonly now?: () => number;
  /** The script a render worker runs (the action's entry); user templates render only there. */
  readonly renderWorker: URL;
  /** How long the user's templates may take to render. */
  readonly renderBudgetMs: number;
  /** The OS whose path rules apply to the workspace; the runner's own by default. */
  readonly platform?: NodeJS.Platform;
}

/** Renders subject, text and HTML and resolves attachments. Opens no socket. */
export async function buildContent(settings: MessageSettings, io: MessageIo): Promise<MessageContent> {
  const markdown = once(loadMarkdownRenderer);
  const usesFiles = settings.attachments.length > 0 || settings.template.kind === 'file';
  const workspace = usesFiles ? await openWorkspace(readWorkspace(io.env), io.platform) : undefined;
  const [context, attachments, file] = await Promise.all([
    readContext({
      ...(io.run ? { run: io.run } : {}),
      env: io.env,
      status: settings.status,
      alert: io.alert,
      vars: settings.vars,
      now: io.now?.() ?? Date.now(),
      warn: io.warn,
    }),
    workspace
      ? resolveAttachments({
          patterns: settings.attachments,
          ifMissing: settings.attachmentsIfMissing,
          workspace,
          maxBytes: settings.maxSizeBytes,
          warn: io.warn,
          debug: io.debug,
        })
      : [],
    settings.template.kind === 'file'
      ? readWorkspaceTemplate(settings.template.path, workspace as Workspace)
      : undefined,
  ]);
  warnAboutTemplate(settings, context, io.warn);
  const request: RenderRequest = { settings, context, file, maxChars: settings.maxSizeBytes };
  // The Handlebars runtime and the precompiled templates: one bundle chunk, loaded when needed.
  const { needsCompiler, renderContent } = await import('./render/content.js');
  const rendered = needsCompiler(settings)
    ? await (
        await import('./render/sandbox.js')
      ).renderInSandbox(request, {
        entry: io.renderWorker,
        budgetMs: io.renderBudgetMs,
        warn: io.warn,
        debug: io.debug,
      })
    : await renderContent({ ...request, markdown, warn: io.warn, debug: io.debug });
  return { ...rendered, attachments, about: aboutRun(context) };
}

/** Dry run: writes each message's .eml to RUNNER_TEMP and returns what the job summary shows. */
export async function writeDryRun(messages: readonly OutgoingMessage[], env: Env): Promise<MessagePreview[]> {
  const dir = readTempDir(env);
  const previews: MessagePreview[] = [];
  for (const message of messages) previews.push(previewOf(message, await writeEml(message, dir)));
  return previews;
}

/** A built-in template without the data it is about still renders, but the user should know. */
function warnAboutTemplate(
  settings: MessageSettings,
  context: WorkflowContext,
  warn: (message: string) => void,
): void {
  if (settings.template.kind !== 'builtin') return;
  // With a report, the GitHub API stage has already said what it could not read.
  if (settings.template.name === 'status' && conclusionOf(context) === '' && !context.report) {
    warn(
      "template: status has no status to show: set status: ${{ job.status }}, or let the action read the run's jobs (github-token, permissions: actions: read); the mail says 'finished'",
    );
  }
  if (settings.template.name === 'release' && !context.release && !context.ref.startsWith('refs/tags/')) {
    warn(
      `template: release on a '${context.event_name}' event without a release or a tag: the mail names ${context.ref_name || 'no release'}`,
    );
  }
}

function once(load: () => Promise<MarkdownRenderer>): () => Promise<MarkdownRenderer> {
  let loaded: Promise<MarkdownRenderer> | undefined;
  return () => (loaded ??= load());
}
