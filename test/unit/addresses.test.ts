import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  isValidAddress,
  parseAddress,
  parseAddressList,
  splitAddressList,
} from '../../src/inputs/addresses.js';
import { formatAddress } from '../../src/text.js';

describe('parseAddressList', () => {
  const cases: [string, string, { name: string; address: string }[]][] = [
    ['single', 'a@contoso.com', [{ name: '', address: 'a@contoso.com' }]],
    [
      'commas',
      'a@contoso.com, b@contoso.com',
      [
        { name: '', address: 'a@contoso.com' },
        { name: '', address: 'b@contoso.com' },
      ],
    ],
    [
      'semicolons',
      'a@contoso.com;b@contoso.com',
      [
        { name: '', address: 'a@contoso.com' },
        { name: '', address: 'b@contoso.com' },
      ],
    ],
    [
      'newlines',
      'a@contoso.com\nb@contoso.com\r\n',
      [
        { name: '', address: 'a@contoso.com' },
        { name: '', address: 'b@contoso.com' },
      ],
    ],
    ['display name', 'Dev Team <dev@contoso.com>', [{ name: 'Dev Team', address: 'dev@contoso.com' }]],
    [
      'quoted name with comma',
      '"Doe, Jane" <jane@contoso.com>, b@contoso.com',
      [
        { name: 'Doe, Jane', address: 'jane@contoso.com' },
        { name: '', address: 'b@contoso.com' },
      ],
    ],
    [
      'escaped quote',
      '"Jane \\"JD\\" Doe" <jane@contoso.com>',
      [{ name: 'Jane "JD" Doe', address: 'jane@contoso.com' }],
    ],
    ['bare angle', '<a@contoso.com>', [{ name: '', address: 'a@contoso.com' }]],
    ['empty items skipped', ' , ;\n a@contoso.com ,', [{ name: '', address: 'a@contoso.com' }]],
    [
      'duplicates removed, case-insensitive',
      'a@contoso.com, A@Contoso.com',
      [{ name: '', address: 'a@contoso.com' }],
    ],
    ['IDN domain', 'info@bücher.example', [{ name: '', address: 'info@bücher.example' }]],
    [
      'a group is its members',
      'Team: a@contoso.com, "Doe, Jane" <jane@contoso.com>;, c@contoso.com',
      [
        { name: '', address: 'a@contoso.com' },
        { name: 'Doe, Jane', address: 'jane@contoso.com' },
        { name: '', address: 'c@contoso.com' },
      ],
    ],
    [
      'a group over several lines',
      'Team: a@contoso.com,\n  b@contoso.com;\nc@contoso.com',
      [
        { name: '', address: 'a@contoso.com' },
        { name: '', address: 'b@contoso.com' },
        { name: '', address: 'c@contoso.com' },
      ],
    ],
    ['an empty group', 'undisclosed-recipients:;', []],
    ['a comment is not a recipient', 'a@contoso.com (on call)', [{ name: '', address: 'a@contoso.com' }]],
    [
      'a name with dots (obsolete phrase)',
      'John Q. Public <jqp@contoso.com>',
      [{ name: 'John Q. Public', address: 'jqp@contoso.com' }],
    ],
    [
      'a quoted name with a colon',
      '"Ops: night" <ops@contoso.com>',
      [{ name: 'Ops: night', address: 'ops@contoso.com' }],
    ],
    ['empty', '', []],
  ];
  for (const [name, input, expected] of cases) {
    test(name, () => assert.deepEqual(parseAddressList(input), expected));
  }

  const NOT_ONE = /'.*' is not one valid address/;
  const NOT_DELIVERABLE = /is not an address Exchange delivers to/;
  const invalid: [string, string, RegExp][] = [
    ['missing @', 'not-an-address', NOT_ONE],
    ['missing domain dot', 'a@localhost', NOT_DELIVERABLE],
    ['space in address', 'a b@contoso.com', NOT_ONE],
    ['unclosed quote', '"Doe <a@contoso.com>', /quote/],
    ['unclosed angle', 'Doe <a@contoso.com', /angle bracket/],
    ['unclosed comment', 'a@contoso.com (on call', /comment/],
    [
      'unended group',
      'Team: a@contoso.com, b@contoso.com',
      /group 'Team: a@contoso\.com, b@contoso\.com' does not end/,
    ],
    // The line break separates entries; the error names the entry that does not parse.
    [
      'header injection through a line break',
      'Evil\r\nBcc: x@evil.example <a@contoso.com>',
      /'Bcc: x@evil\.example <a@contoso\.com>' does not end with ';'/,
    ],
    ['two @', 'a@b@contoso.com', NOT_ONE],
    ['numeric TLD', 'a@10.0.0.1', NOT_DELIVERABLE],
    ['IP literal', 'a@[10.0.0.1]', NOT_DELIVERABLE],
    ['quoted local part', '"a b"@contoso.com', NOT_DELIVERABLE],
    ['control char in name', '"Bad\u0007Name" <a@contoso.com>', /control character/],
    ['NEL in the address', 'a@contoso.com\u0085x', /control character/],
    ['line separator in a name', '"Bad\u2028Name" <a@contoso.com>', /control character/],
    ['a line break inside quotes', '"Evil\r\nBcc: x@evil.example" <a@contoso.com>', /control character/],
    // Two angle addresses after one name: never guess which one was meant.
    [
      'two addresses in one entry',
      'Ops <ops@example.com> <other@example.net>',
      /'Ops <ops@example\.com> <other@example\.net>' is not one valid address/,
    ],
    ['two bare addresses without a separator', 'x@contoso.com y@contoso.com', NOT_ONE],
  ];
  for (const [name, input, pattern] of invalid) {
    test(`rejects ${name}`, () => assert.throws(() => parseAddressList(input), pattern));
  }
});

test('parseAddress takes exactly one mailbox', () => {
  assert.deepEqual(parseAddress(' Build Bot <bot@contoso.com> '), {
    name: 'Build Bot',
    address: 'bot@contoso.com',
  });
  assert.throws(() => parseAddress('a@contoso.com\r\nBcc: x@evil.example'), /'Bcc: x@evil\.example'/);
  assert.throws(() => parseAddress('a@contoso.com, b@contoso.com'), /not exactly one address/);
  assert.throws(() => parseAddress('Team: a@contoso.com;'), /not exactly one address/);
});

test('splitAddressList keeps a group whole', () => {
  assert.deepEqual(splitAddressList('Team: a@x.yz; b@x.yz, c@x.yz;d@x.yz'), [
    'Team: a@x.yz;',
    'b@x.yz',
    'c@x.yz',
    'd@x.yz',
  ]);
});

test('splitAddressList keeps separators inside quotes and angle brackets', () => {
  assert.deepEqual(splitAddressList('"a;b" <x@y.z>; c@d.ef'), ['"a;b" <x@y.z>', 'c@d.ef']);
});

test('isValidAddress enforces length limits', () => {
  assert.equal(isValidAddress(`${'a'.repeat(64)}@contoso.com`), true);
  assert.equal(isValidAddress(`${'a'.repeat(65)}@contoso.com`), false);
  assert.equal(
    isValidAddress(`a@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.${'e'.repeat(63)}.com`),
    false,
  );
});

test('formatAddress quotes names that need it', () => {
  assert.equal(formatAddress({ name: '', address: 'a@b.cd' }), 'a@b.cd');
  assert.equal(formatAddress({ name: 'Dev Team', address: 'a@b.cd' }), 'Dev Team <a@b.cd>');
  assert.equal(formatAddress({ name: 'Doe, Jane', address: 'a@b.cd' }), '"Doe, Jane" <a@b.cd>');
  assert.equal(formatAddress({ name: 'say "hi"', address: 'a@b.cd' }), '"say \\"hi\\"" <a@b.cd>');
});
