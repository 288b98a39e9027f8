// The built-in templates checked against caniemail's data (through @jsx-email/doiuse-email) for the
// clients this action's mail is read in: Outlook everywhere (Exchange Online's own users), Gmail and
// Apple Mail (release announcements reach customers). Every finding is listed below with the reason it
// is accepted; a new unsupported feature, or a finding for another client, fails this test.
// docs/design.md ("Dark mode and small screens") has the same list.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DoIUseEmail } from '@jsx-email/doiuse-email';
import type { BuiltinTemplate, JobStatus } from '../../../src/config.js';
import { buildContent } from '../../../src/message/index.js';
import { envOf, fixture, recordingIo, settingsWith } from './support.js';

const CLIENTS = ['outlook.*', 'gmail.*', 'apple-mail.*'];
/** In caniemail's data but missing from doiuse-email's list: Outlook on the web and the new Outlook for Windows. */
const OUTLOOK_COM = 'outlook.outlook-com';

const GMAIL_APPS = ['gmail.android', 'gmail.ios'];
const GMAIL = ['gmail.android', 'gmail.desktop-webmail', 'gmail.ios', 'gmail.mobile-webmail'];
/** Outlook for Windows (Word) and Windows Mail. */
const WORD = ['outlook.windows', 'outlook.windows-mail'];
const OUTLOOK_APPS = ['outlook.android', 'outlook.ios'];

/** feature -> clients that lack it (none) or have part of it (partial), and why the mail is still right there. */
const ACCEPTED: Readonly<Record<string, { none?: string[]; partial?: string[]; why: string }>> = {
  '@media': {
    none: ['gmail.mobile-webmail', ...WORD],
    partial: [...GMAIL_APPS, 'gmail.desktop-webmail', ...OUTLOOK_APPS, OUTLOOK_COM],
    why: 'the media queries only refine (small screens, dark mode); the inline styles are the complete design',
  },
  '@media (prefers-color-scheme)': {
    none: [...GMAIL, ...WORD],
    why: 'Gmail and Outlook for Windows apply their own dark mode: mid-tone buttons and badges with white text keep contrast there',
  },
  '<body> element': {
    none: ['outlook.android', 'outlook.ios', 'outlook.macos'],
    partial: [...GMAIL, OUTLOOK_COM],
    why: 'clients replace <body>: the outer table carries the same background (and dark-mode class)',
  },
  'Class selector': {
    none: ['gmail.mobile-webmail'],
    partial: GMAIL_APPS,
    why: 'classes only hook the media queries; Gmail without them shows the inline design',
  },
  'Descendant combinator': {
    none: ['gmail.mobile-webmail'],
    partial: GMAIL_APPS,
    why: 'used in the dark-mode block only, which these clients do not apply anyway',
  },
  'Type selector': {
    none: ['gmail.mobile-webmail'],
    partial: GMAIL_APPS,
    why: 'used in the dark-mode block only, which these clients do not apply anyway',
  },
  '!important keyword': {
    partial: [...GMAIL, ...WORD],
    why: 'only in the media queries, to win over inline styles where they apply',
  },
  'border-radius': {
    none: WORD,
    why: 'square corners in Word: the card, button and badge look the same otherwise',
  },
  'word-spacing': {
    none: WORD,
    why: 'word-spacing:normal on <body> is for clients that inherit a stray value; Word needs none',
  },
  'role attribute': {
    none: ['outlook.windows-mail'],
    why: 'role="presentation" helps screen readers where it is read; Windows Mail renders the tables the same',
  },
  'word-break': {
    none: ['outlook.windows-mail'],
    partial: [
      'apple-mail.ios',
      'apple-mail.macos',
      ...GMAIL_APPS,
      'gmail.mobile-webmail',
      ...OUTLOOK_APPS,
      'outlook.macos',
      OUTLOOK_COM,
    ],
    why: 'lets long URLs and branch names wrap where supported; elsewhere they overflow a little, as in any mail',
  },
  'white-space': {
    none: WORD,
    partial: GMAIL_APPS,
    why: 'nowrap labels and pre-wrap code blocks wrap normally in Word: still readable',
  },
  'display:none': {
    none: ['gmail.mobile-webmail'],
    partial: WORD,
    why: 'the hidden preheader is also 1px, zero-height, transparent and mso-hide:all: one of them hides it everywhere',
  },
  display: {
    partial: [...GMAIL_APPS, ...WORD],
    why: 'display:none on the preheader only (see display:none)',
  },
  opacity: {
    none: ['gmail.mobile-webmail', ...WORD],
    why: 'the preheader is hidden by its other properties (see display:none)',
  },
  overflow: {
    none: ['outlook.android', ...WORD],
    partial: ['apple-mail.macos'],
    why: 'the preheader is hidden by its other properties (see display:none)',
  },
  margin: {
    partial: [...GMAIL, ...OUTLOOK_APPS, OUTLOOK_COM, ...WORD],
    why: 'no negative or auto margins are used (the partial support is about those); spacing inside cells is padding',
  },
  padding: { partial: WORD, why: 'padding sits on table cells, which Word honours (not on <div> or <p>)' },
  border: {
    partial: WORD,
    why: 'Word draws borders on cells; a border lost on <pre> or <kbd> keeps the text',
  },
  'max-width': {
    partial: ['apple-mail.ios', ...WORD],
    why: 'the card is 100% wide with max-width 640px; Word gets a fixed 640px table through the mso conditional',
  },
  'font-size': {
    partial: WORD,
    why: 'px sizes, which Word applies (the partial support is about keywords and rem)',
  },
  'line-height': { partial: WORD, why: 'px and unitless line heights render close enough in Word' },
  'font-weight': { partial: WORD, why: '600 is shown as bold in Word' },
  'text-align': {
    partial: [...GMAIL_APPS, ...WORD],
    why: 'left, right and center only, which these clients keep',
  },
  'text-decoration': { partial: [...GMAIL_APPS, ...WORD], why: 'underline and none only' },
  'width attribute': {
    partial: ['outlook.windows'],
    why: 'pixel and 100% widths on tables and cells, which Word reads',
  },
  'height attribute': {
    partial: ['outlook.windows'],
    why: 'the 4px accent bar also sets height, font-size and line-height inline',
  },
  'align attribute': {
    partial: ['outlook.macos'],
    why: 'centring the card is also done by the table; nothing depends on it',
  },
  '<ul>, <ol> and <dl>': {
    partial: [...GMAIL, ...OUTLOOK_APPS, 'outlook.macos', OUTLOOK_COM, ...WORD],
    why: 'lists keep their items everywhere; only the indentation differs (padding-left is inline)',
  },
};

const SCENARIOS: readonly { template: BuiltinTemplate; file: string; status?: JobStatus; body: string }[] = [
  {
    template: 'plain',
    file: 'push-multi',
    body: '## Deployed\n\n- **v1.5.0** to `production`\n\n> all green',
  },
  { template: 'status', file: 'workflow-run-failure', status: 'failure', body: 'Ping **@oncall**.' },
  { template: 'release', file: 'release-generated-notes', body: '' },
];

type Findings = Record<string, { none?: string[]; partial?: string[] }>;

function findings(checker: DoIUseEmail): Findings {
  const out: Record<string, { none?: Set<string>; partial?: Set<string> }> = {};
  const add = (message: string, kind: 'none' | 'partial'): void => {
    const match = /^`(.+)` is (?:not|only partially) supported by `(.+)`$/.exec(message);
    assert.ok(match, message);
    const [, feature = '', client = ''] = match;
    ((out[feature] ??= {})[kind] ??= new Set()).add(client);
  };
  checker.errors.forEach((m) => add(m, 'none'));
  checker.warnings.forEach((m) => add(m, 'partial'));
  return Object.fromEntries(
    Object.entries(out).map(([feature, kinds]) => [
      feature,
      Object.fromEntries(Object.entries(kinds).map(([kind, set]) => [kind, [...set].sort()])),
    ]),
  );
}

test('the built-in templates use only CSS and HTML whose gaps are known and accepted', async () => {
  const checker = new DoIUseEmail({ emailClients: CLIENTS });
  (checker.emailClients as string[]).push(OUTLOOK_COM);
  for (const s of SCENARIOS) {
    const { html } = await buildContent(
      settingsWith({ template: { kind: 'builtin', name: s.template }, status: s.status, body: s.body }),
      recordingIo(envOf(fixture(s.file))),
    );
    checker.check(html);
    // doiuse-email checks the rules at the top of a <style> block only: check what the media queries
    // hold as well, and the media features themselves.
    for (const [, css = ''] of html.matchAll(/<style>\s*(@media[^]*?)<\/style>/g)) {
      for (const [, query = '', rules = ''] of css.matchAll(/@media\s*([^{]+)\{([^]*?\})\s*\}/g)) {
        checker.check(`<style>${rules}</style>`);
        checker.checkFeaturesSupport(
          /prefers-color-scheme/.test(query) ? '@media (prefers-color-scheme)' : '@media',
        );
      }
    }
  }
  const accepted = Object.fromEntries(
    Object.entries(ACCEPTED).map(([feature, { none, partial }]) => [
      feature,
      { ...(none ? { none: [...none].sort() } : {}), ...(partial ? { partial: [...partial].sort() } : {}) },
    ]),
  );
  const actual = findings(checker);
  assert.deepEqual(actual, accepted, JSON.stringify(actual, null, 2));
  for (const [feature, { why }] of Object.entries(ACCEPTED))
    assert.ok(why.length > 10, `a reason for ${feature}`);
});

/** WCAG relative luminance and contrast of #rrggbb colours. */
function luminance(hex: string): number {
  const [r = 0, g = 0, b = 0] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
const invert = (hex: string): string =>
  `#${(0xffffff ^ parseInt(hex.slice(1), 16)).toString(16).padStart(6, '0')}`;

test('buttons and badges stay readable in light mode, dark mode and when a client inverts colours', async () => {
  const colours = new Set<string>();
  for (const s of SCENARIOS) {
    for (const status of ['success', 'failure', 'cancelled', 'action_required'] as const) {
      const { html } = await buildContent(
        settingsWith({ template: { kind: 'builtin', name: s.template }, status, body: s.body }),
        recordingIo(envOf(fixture(s.file))),
      );
      for (const [, colour = ''] of html.matchAll(/bgcolor="(#[0-9a-f]{6})" class="mx-(?:btn|badge)"/g)) {
        colours.add(colour);
      }
    }
  }
  assert.ok(colours.has('#0969da') && colours.has('#1f883d'), 'the View run and View release buttons');
  for (const colour of colours) {
    // White text on the colour (WCAG AA for bold 14px text asks 4.5:1 to be safe).
    assert.ok(contrast('#ffffff', colour) >= 4.5, `white on ${colour}`);
    // The shape stands out from the light card and from GitHub's dark card (Apple Mail, Outlook for Mac).
    assert.ok(contrast(colour, '#ffffff') >= 3, `${colour} on the light card`);
    assert.ok(contrast(colour, '#151b23') >= 2, `${colour} on the dark card`);
    // A full inversion (the Gmail iOS app) turns it and its text into their opposites: still readable.
    assert.ok(contrast(invert(colour), invert('#ffffff')) >= 4.5, `inverted ${colour}`);
  }
});
