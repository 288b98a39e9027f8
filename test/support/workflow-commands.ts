// Reads what an action tells the runner: `::command props::data` lines on stdout and the
// key/value files (GITHUB_OUTPUT). Mirrors @actions/core's encoding so tests see what the runner
// would show, not the raw escapes.

export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  message: string;
  properties: Record<string, string>;
}

export interface WorkflowCommand {
  command: string;
  properties: Record<string, string>;
  data: string;
  /** Index of the line in stdout. */
  line: number;
}

const ESCAPES: Record<string, string> = { '%25': '%', '%0D': '\r', '%0A': '\n', '%3A': ':', '%2C': ',' };

/** Undoes @actions/core's escapeData (%25 %0D %0A): one pass, so "%250A" stays "%0A". */
export function unescapeData(value: string): string {
  return value.replace(/%(?:25|0D|0A)/gi, (m) => ESCAPES[m.toUpperCase()] ?? m);
}

/** Undoes escapeProperty, which also escapes ':' and ','. */
export function unescapeProperty(value: string): string {
  return value.replace(/%(?:25|0D|0A|3A|2C)/gi, (m) => ESCAPES[m.toUpperCase()] ?? m);
}

export function parseCommands(stdout: string): WorkflowCommand[] {
  const commands: WorkflowCommand[] = [];
  stdout.split(/\r?\n/).forEach((text, line) => {
    if (!text.startsWith('::')) return;
    const rest = text.slice(2);
    const end = rest.indexOf('::');
    if (end < 0) return;
    const head = rest.slice(0, end);
    const space = head.indexOf(' ');
    const command = space < 0 ? head : head.slice(0, space);
    const properties: Record<string, string> = {};
    if (space >= 0) {
      for (const pair of head.slice(space + 1).split(',')) {
        const eq = pair.indexOf('=');
        if (eq > 0) properties[pair.slice(0, eq).trim()] = unescapeProperty(pair.slice(eq + 1));
      }
    }
    commands.push({ command, properties, data: unescapeData(rest.slice(end + 2)), line });
  });
  return commands;
}

export function annotationsOf(commands: readonly WorkflowCommand[]): Annotation[] {
  return commands
    .filter((c): c is WorkflowCommand & { command: Annotation['level'] } =>
      ['error', 'warning', 'notice'].includes(c.command),
    )
    .map((c) => ({ level: c.command, message: c.data, properties: c.properties }));
}

export function masksOf(commands: readonly WorkflowCommand[]): string[] {
  return commands.filter((c) => c.command === 'add-mask').map((c) => c.data);
}

/** Parses GITHUB_OUTPUT-style files: `name<<DELIM` ... `DELIM` blocks and plain `name=value` lines. */
export function parseKeyValueFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name = '', delimiter = ''] = heredoc;
      const end = lines.indexOf(delimiter, i + 1);
      if (end < 0) throw new Error(`GITHUB_OUTPUT: no closing delimiter for '${name}'`);
      out[name] = lines.slice(i + 1, end).join('\n');
      i = end;
      continue;
    }
    const eq = line.indexOf('=');
    if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

const LEVEL_PREFIX: Record<string, string> = { error: 'Error', warning: 'Warning', notice: 'Notice' };

/**
 * Roughly what the runner's log viewer shows for this stdout: workflow commands rendered or hidden,
 * and every `::add-mask::` value (and each of its lines) replaced by *** from that point on.
 */
export function renderLog(stdout: string, options: { debug?: boolean } = {}): string {
  const masks: string[] = [];
  const shown: string[] = [];
  const hide = (text: string): string => masks.reduce((acc, mask) => acc.split(mask).join('***'), text);
  for (const line of stdout.replace(/\n$/, '').split(/\r?\n/)) {
    const [cmd] = parseCommands(line);
    if (!cmd) {
      shown.push(hide(line));
      continue;
    }
    if (cmd.command === 'add-mask') {
      const parts = [cmd.data, ...cmd.data.split(/\r?\n/)].filter((m) => m.length > 0);
      masks.push(...parts);
      masks.sort((a, b) => b.length - a.length);
    } else if (cmd.command === 'debug') {
      if (options.debug) shown.push(hide(`[debug] ${cmd.data}`));
    } else if (cmd.command in LEVEL_PREFIX) {
      const title = cmd.properties.title ? `${cmd.properties.title}: ` : '';
      shown.push(hide(`${LEVEL_PREFIX[cmd.command] ?? cmd.command}: ${title}${cmd.data}`));
    } else if (cmd.command === 'group') shown.push(hide(`> ${cmd.data}`));
    else if (cmd.command !== 'endgroup') shown.push(hide(line));
  }
  return shown.join('\n');
}
