import { formatHouseNumber, formatPc6, isPc4, isPc6, parseHouseNumber, parsePostcode } from '../../src/domain/postcode';

describe('parsePostcode', () => {
  test.each([
    ['1234 AB', '1234', '1234AB'],
    ['1234ab', '1234', '1234AB'],
    ['  4331  aB ', '4331', '4331AB'],
    ['1000\u00a0AA', '1000', '1000AA'],
    ['9999 ZZ', '9999', '9999ZZ'],
  ])('When "%s" is typed, then it is pc4 %s and pc6 %s', (input, pc4, pc6) => {
    expect(parsePostcode(input)).toEqual({ ok: true, pc4, pc6 });
  });

  test('When only four digits are typed, then it is a pc4 without pc6', () => {
    expect(parsePostcode('4381')).toEqual({ ok: true, pc4: '4381' });
  });

  test.each(['0000 AA', '0123', '0999AB', '12345', '123', 'ABCD', '1234 A', '1234 ABC', '1234-AB', '', '   ',
    '1234 SA', '1234 sd', '1234SS', '😀', '1234 😀', '１２３４ AB', '1234 ΑΒ', '12 34 AB', `${'1'.repeat(30)}`])(
    'When "%s" is typed, then it is POSTCODE_INVALID',
    (input) => {
      expect(parsePostcode(input)).toEqual({ ok: false, code: 'POSTCODE_INVALID' });
    },
  );

  test('When letters SA, SD or SS come up, then only those pairs are refused', () => {
    expect(parsePostcode('1234 SB').ok).toBe(true);
    expect(parsePostcode('1234 AS').ok).toBe(true);
  });

  test('When a pc6 is formatted, then it gets a space and upper case', () => {
    expect(formatPc6('1234ab')).toBe('1234 AB');
    expect(formatPc6('1234 AB')).toBe('1234 AB');
    expect(formatPc6('nonsense')).toBe('nonsense');
  });

  test('When canonical forms are checked, then isPc4 and isPc6 accept only those', () => {
    expect(isPc4('1234')).toBe(true);
    expect(isPc4('0123')).toBe(false);
    expect(isPc6('1234AB')).toBe(true);
    expect(isPc6('1234 AB')).toBe(false);
    expect(isPc6('1234ab')).toBe(false);
    expect(isPc6('1234SS')).toBe(false);
  });
});

describe('parseHouseNumber', () => {
  test.each([
    ['12', 12, undefined, '12'],
    ['1', 1, undefined, '1'],
    ['99999', 99999, undefined, '99999'],
    ['12a', 12, 'A', '12A'],
    ['12 A', 12, 'A', '12A'],
    ['12-2', 12, '2', '12-2'],
    ['12 2', 12, '2', '12-2'],
    ['12/3', 12, '3', '12-3'],
    ['12 bis', 12, 'BIS', '12-BIS'],
    ['12-hs', 12, 'HS', '12-HS'],
    [' 7 ', 7, undefined, '7'],
  ])('When "%s" is typed, then it is number %d with addition %s', (input, number, addition, value) => {
    const result = parseHouseNumber(input);
    expect(result).toEqual({ ok: true, number, value, ...(addition ? { addition } : {}) });
  });

  test.each(['0', '012', '100000', '123456', '', 'a12', '12 abcde', '12--2', '-12', '12 😀', '١٢'])(
    'When "%s" is typed, then it is HOUSE_NUMBER_INVALID',
    (input) => {
      expect(parseHouseNumber(input)).toEqual({ ok: false, code: 'HOUSE_NUMBER_INVALID' });
    },
  );

  test('When a house number is formatted, then a single letter sticks to the number and others get a hyphen', () => {
    expect(formatHouseNumber({ number: 5 })).toBe('5');
    expect(formatHouseNumber({ number: 5, addition: 'B' })).toBe('5B');
    expect(formatHouseNumber({ number: 5, addition: '1' })).toBe('5-1');
  });
});
