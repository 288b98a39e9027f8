// A small seeded PRNG (mulberry32) so fuzz failures reproduce: the seed is printed with each case.
export class Random {
  constructor(private state: number) {}
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(max: number): number {
    return Math.floor(this.next() * max);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
  /** A string of `length` pieces drawn from `pieces`. */
  string(pieces: readonly string[], maxLength: number): string {
    return Array.from({ length: this.int(maxLength + 1) }, () => this.pick(pieces)).join('');
  }
}

/** Pieces that have broken mail software before: separators, quotes, brackets, line breaks, encodings. */
export const NASTY = [
  'a',
  'b',
  'Z',
  '0',
  '.',
  '-',
  '_',
  '+',
  '@',
  '@@',
  ',',
  ';',
  ':',
  ' ',
  '  ',
  '\t',
  '\r',
  '\n',
  '\r\n',
  '\0',
  '"',
  "'",
  '\\',
  '<',
  '>',
  '(',
  ')',
  '[',
  ']',
  '{{',
  '}}',
  '{{{',
  '#',
  '%',
  '%0A',
  '=?utf-8?b?',
  '?=',
  'é',
  'ü',
  '日本',
  '🙂',
  '\u2028',
  '\u0085',
  '\u202e',
  'Bcc:',
  'To:',
  'Subject:',
  'evil.example',
  'contoso.com',
  'x'.repeat(70),
  'javascript:',
  '<script>',
  '&amp;',
  '../',
  '/etc/passwd',
  '*',
  '**',
  '!',
];
