// Checks a parsed template before it runs: every helper call names a known helper and every partial
// exists. Handlebars itself reports a missing helper only when the line is reached, without a line
// number; checking the whole tree up front reports it with its line, even in a branch not taken.
import { BUILTIN_HELPERS, HELPER_NAMES } from './helpers.js';

export interface TemplateProblem {
  readonly line: number;
  readonly message: string;
}

interface Node {
  readonly type: string;
  readonly loc?: { readonly start?: { readonly line?: number } };
  readonly [key: string]: unknown;
}

const KNOWN_HELPERS = new Set([...BUILTIN_HELPERS, ...HELPER_NAMES]);
const CALLS = new Set(['MustacheStatement', 'BlockStatement', 'SubExpression']);
const PARTIALS = new Set(['PartialStatement', 'PartialBlockStatement']);
const DECORATORS = new Set(['Decorator', 'DecoratorBlock']);

/** The first problem in the tree, or undefined. `partials` are the partials the template may use. */
export function checkTemplate(ast: unknown, partials: ReadonlySet<string>): TemplateProblem | undefined {
  const nodes: Node[] = [];
  collect(ast, nodes);
  const defined = new Set(partials);
  // `{{#*inline "name"}}` defines a partial for the rest of the template.
  for (const node of nodes) {
    if (node.type === 'DecoratorBlock' && nameOf(node.path) === 'inline') {
      const first = (node.params as Node[] | undefined)?.[0];
      if (typeof first?.value === 'string') defined.add(first.value);
    }
  }
  for (const node of nodes) {
    const problem = check(node, defined);
    if (problem) return { line: node.loc?.start?.line ?? 0, message: problem };
  }
  return undefined;
}

function check(node: Node, partials: ReadonlySet<string>): string | undefined {
  if (CALLS.has(node.type)) {
    const params = Array.isArray(node.params) ? node.params.length : 0;
    const pairs = (node.hash as { pairs?: unknown[] } | undefined)?.pairs?.length ?? 0;
    // `{{name}}` and `{{#name}}…{{/name}}` without arguments read a value; only a call needs a helper.
    const isCall = node.type === 'SubExpression' || params > 0 || pairs > 0;
    const name = nameOf(node.path);
    if (isCall && !KNOWN_HELPERS.has(name)) {
      return `unknown helper '${name}' (available: ${[...KNOWN_HELPERS].join(', ')})`;
    }
  } else if (PARTIALS.has(node.type)) {
    const name = nameOf(node.name);
    if (name !== '@partial-block' && !partials.has(name)) return `unknown partial '${name}'`;
  } else if (DECORATORS.has(node.type) && nameOf(node.path) !== 'inline') {
    return `unknown decorator '${nameOf(node.path)}'`;
  }
  return undefined;
}

function nameOf(path: unknown): string {
  const node = path as Node | undefined;
  if (typeof node?.original === 'string') return node.original;
  if (typeof node?.value === 'string') return node.value;
  return node?.type ?? '';
}

function collect(value: unknown, into: Node[]): void {
  if (Array.isArray(value)) {
    for (const item of value) collect(item, into);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const node = value as Node;
  if (typeof (node as { type?: unknown }).type === 'string') into.push(node);
  for (const [key, child] of Object.entries(node)) {
    if (key !== 'loc' && key !== 'strip' && key !== 'openStrip' && key !== 'closeStrip') collect(child, into);
  }
}
