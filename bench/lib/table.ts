// A plain-text table that lines up in any terminal and in a Markdown code block.

export interface Row {
  figure: string;
  value: string;
  target: string;
  holds: string;
}

export function formatTable(rows: readonly Row[]): string {
  const head: Row = { figure: 'figure', value: 'value', target: 'target', holds: 'holds' };
  const all = [head, ...rows];
  const keys = ['figure', 'value', 'target', 'holds'] as const;
  const width = Object.fromEntries(keys.map((k) => [k, Math.max(...all.map((r) => r[k].length))])) as Record<
    (typeof keys)[number],
    number
  >;
  const line = (r: Row) =>
    keys
      .map((k) => r[k].padEnd(width[k]))
      .join(' | ')
      .trimEnd();
  const rule = keys.map((k) => '-'.repeat(width[k])).join('-|-');
  return [line(head), rule, ...rows.map(line)].join('\n');
}

export const yesNo = (holds: boolean | undefined): string =>
  holds === undefined ? '' : holds ? 'yes' : 'NO';
export const ms = (value: number): string => `${value.toFixed(1)} ms`;
export const times = (value: number): string => `${value.toFixed(2)}x`;
export const mb = (kb: number): string => `${(kb / 1024).toFixed(1)} MB`;
export const bytes = (n: number): string => n.toLocaleString('en-US');
