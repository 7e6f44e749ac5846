import { formatReference, parseReference } from '../../src/domain/reference';

describe('references', () => {
  test('When a sequence is formatted, then it is padded to six digits', () => {
    expect(formatReference(2026, 123)).toBe('SIG-2026-000123');
    expect(formatReference(2026, 1)).toBe('SIG-2026-000001');
    expect(formatReference(2027, 999999)).toBe('SIG-2027-999999');
  });

  test('When a year has more than 999999 signals, then the reference grows instead of failing', () => {
    expect(formatReference(2026, 1_000_000)).toBe('SIG-2026-1000000');
    expect(parseReference('SIG-2026-1000000')?.sequence).toBe(1_000_000);
  });

  test.each([
    [2026, 0],
    [2026, -1],
    [2026, 1.5],
    [1999, 1],
    [10000, 1],
  ])('When year %d and sequence %d are formatted, then a RangeError is thrown', (year, sequence) => {
    expect(() => formatReference(year, sequence)).toThrow(RangeError);
  });

  test.each([
    ['status SIG-2026-000123', 'SIG-2026-000123'],
    ['Status sig-2026-000123?', 'SIG-2026-000123'],
    ['SIG 2026 000123', 'SIG-2026-000123'],
    ['status SIG\u20132026\u2013000123', 'SIG-2026-000123'],
    ['wat is de status van (SIG-2027-000042).', 'SIG-2027-000042'],
    ['SIG-2026-000000 en SIG-2026-000007', 'SIG-2026-000007'],
  ])('When the text is %j, then the reference %s is found', (text, reference) => {
    expect(parseReference(text)?.reference).toBe(reference);
  });

  test('When a reference is found, then year and sequence are numbers', () => {
    expect(parseReference('status SIG-2026-000123')).toEqual({ reference: 'SIG-2026-000123', year: 2026, sequence: 123 });
  });

  test.each(['status', 'SIG-2026-12345', 'XSIG-2026-000123', 'SIG-2026-000123A', 'SIG-26-000123', 'SIG-1999-000001', ''])(
    'When the text is %j, then no reference is found',
    (text) => {
      expect(parseReference(text)).toBeUndefined();
    },
  );
});
