import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  formatAddress,
  isValidAddress,
  parseAddress,
  parseAddressList,
  splitAddressList,
} from '../../src/inputs/addresses.js';

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
    ['empty', '', []],
  ];
  for (const [name, input, expected] of cases) {
    test(name, () => assert.deepEqual(parseAddressList(input), expected));
  }

  const invalid: [string, string, RegExp][] = [
    ['missing @', 'not-an-address', /not a valid address/],
    ['missing domain dot', 'a@localhost', /not a valid address/],
    ['space in address', 'a b@contoso.com', /not a valid address/],
    ['unclosed quote', '"Doe <a@contoso.com>', /quote/],
    ['unclosed angle', 'Doe <a@contoso.com', /angle bracket/],
    [
      'header injection through a line break',
      'Evil\r\nBcc: x@evil.example <a@contoso.com>',
      /not a valid address/,
    ],
    ['two @', 'a@b@contoso.com', /not a valid address/],
    ['numeric TLD', 'a@10.0.0.1', /not a valid address/],
    ['control char in name', '"Bad\u0007Name" <a@contoso.com>', /control character/],
  ];
  for (const [name, input, pattern] of invalid) {
    test(`rejects ${name}`, () => assert.throws(() => parseAddressList(input), pattern));
  }
});

test('parseAddress refuses a line break even in a single address', () => {
  assert.throws(() => parseAddress('a@contoso.com\r\nBcc: x@evil.example'), /line break/);
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
