import {
  addWorkingDays,
  amsterdamDate,
  deadlineDate,
  easterSunday,
  isPublicHoliday,
  isWorkingDay,
  publicHolidays,
  workingDaysBetween,
} from '../../src/domain/working-days';

describe('Easter and public holidays', () => {
  test.each([
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
    [2285, '2285-03-22'],
  ])('When the year is %d, then Easter Sunday is %s', (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });

  test('When the holidays of 2026 are listed, then they are the known Dutch dates in order', () => {
    expect(publicHolidays(2026)).toEqual([
      { date: '2026-01-01', name: 'nieuwjaarsdag' },
      { date: '2026-04-05', name: 'eerstePaasdag' },
      { date: '2026-04-06', name: 'tweedePaasdag' },
      { date: '2026-04-27', name: 'koningsdag' },
      { date: '2026-05-05', name: 'bevrijdingsdag' },
      { date: '2026-05-14', name: 'hemelvaartsdag' },
      { date: '2026-05-24', name: 'eerstePinksterdag' },
      { date: '2026-05-25', name: 'tweedePinksterdag' },
      { date: '2026-12-25', name: 'eersteKerstdag' },
      { date: '2026-12-26', name: 'tweedeKerstdag' },
    ]);
  });

  test('When 27 April is a Sunday, then Koningsdag is on Saturday 26 April', () => {
    expect(publicHolidays(2025).find((h) => h.name === 'koningsdag')?.date).toBe('2025-04-26');
    expect(publicHolidays(2031).find((h) => h.name === 'koningsdag')?.date).toBe('2031-04-26');
    expect(isPublicHoliday('2025-04-27')).toBe(false);
  });

  test('When 2027 is checked, then Hemelvaart and Pinksteren follow Easter on 28 March', () => {
    expect(isPublicHoliday('2027-03-29')).toBe(true); // 2e Paasdag
    expect(isPublicHoliday('2027-05-06')).toBe(true); // Hemelvaartsdag
    expect(isPublicHoliday('2027-05-17')).toBe(true); // 2e Pinksterdag
  });

  test('When it is Goede Vrijdag, then it is a working day (not a general day off)', () => {
    expect(isPublicHoliday('2026-04-03')).toBe(false);
    expect(isWorkingDay('2026-04-03')).toBe(true);
  });

  test('When Bevrijdingsdag is excluded by option, then 5 May is a working day', () => {
    expect(isWorkingDay('2026-05-05')).toBe(false);
    expect(isWorkingDay('2026-05-05', { includeLiberationDay: false })).toBe(true);
    expect(publicHolidays(2026, { includeLiberationDay: false }).map((h) => h.name)).not.toContain('bevrijdingsdag');
  });

  test('When a date is not a real date, then a RangeError is thrown', () => {
    expect(() => isWorkingDay('2026-02-30')).toThrow(RangeError);
    expect(() => isWorkingDay('26-1-1')).toThrow(RangeError);
    expect(() => addWorkingDays('2026-01-01', 1.5)).toThrow(RangeError);
  });
});

describe('working days', () => {
  test('When it is a weekend or a holiday, then it is not a working day', () => {
    expect(isWorkingDay('2026-03-02')).toBe(true); // Monday
    expect(isWorkingDay('2026-03-07')).toBe(false); // Saturday
    expect(isWorkingDay('2026-03-08')).toBe(false); // Sunday
    expect(isWorkingDay('2026-12-25')).toBe(false);
  });

  test.each([
    ['2026-03-06', 1, '2026-03-09'], // Friday + 1 = Monday
    ['2026-03-06', 0, '2026-03-06'],
    ['2026-03-07', 1, '2026-03-09'], // from a Saturday
    ['2026-04-02', 2, '2026-04-07'], // Thu + 2: Goede Vrijdag counts, 2e Paasdag does not
    ['2026-05-13', 1, '2026-05-15'], // over Hemelvaart
    ['2026-05-22', 1, '2026-05-26'], // over Pinksteren
    ['2026-12-24', 1, '2026-12-28'], // over Christmas and a weekend
    ['2026-12-31', 1, '2027-01-04'], // over New Year's Day and a weekend (year boundary)
    ['2026-04-24', 2, '2026-04-29'], // over Koningsdag (Monday 27 April)
    ['2026-03-09', -1, '2026-03-06'], // backwards
  ])('When %s + %d working days, then it is %s', (date, n, expected) => {
    expect(addWorkingDays(date, n)).toBe(expected);
  });

  test('When counting between two dates, then the start is left out and the end counted', () => {
    expect(workingDaysBetween('2026-03-06', '2026-03-09')).toBe(1);
    expect(workingDaysBetween('2026-03-06', '2026-03-06')).toBe(0);
    expect(workingDaysBetween('2026-12-24', '2027-01-04')).toBe(5); // 28-31 Dec and 4 Jan
    expect(workingDaysBetween('2026-03-09', '2026-03-06')).toBe(-1);
  });

  test('When adding then counting back, then they agree for every start date of a year', () => {
    for (let day = 0; day < 366; day += 1) {
      const start = new Date(Date.UTC(2026, 0, 1 + day)).toISOString().slice(0, 10);
      for (const n of [1, 2, 5, 30]) expect(workingDaysBetween(start, addWorkingDays(start, n))).toBe(n);
    }
  });
});

describe('Amsterdam dates', () => {
  test('When it is 23:30 UTC in winter, then it is already the next day in Amsterdam', () => {
    expect(amsterdamDate(new Date('2026-01-05T23:30:00Z'))).toBe('2026-01-06');
    expect(amsterdamDate(new Date('2026-01-05T22:59:59Z'))).toBe('2026-01-05');
  });

  test('When it is 22:30 UTC in summer time, then it is already the next day in Amsterdam', () => {
    expect(amsterdamDate(new Date('2026-07-05T22:30:00Z'))).toBe('2026-07-06');
    expect(amsterdamDate(new Date('2026-07-05T21:59:00Z'))).toBe('2026-07-05');
  });

  test('When a signal comes in on Friday evening with 2 working days, then the deadline is Tuesday', () => {
    expect(deadlineDate(new Date('2026-03-06T20:00:00Z'), 2)).toBe('2026-03-10');
    // Sunday 00:30 in Amsterdam is Saturday in UTC: still counts from Sunday.
    expect(deadlineDate(new Date('2026-03-07T23:30:00Z'), 1)).toBe('2026-03-09');
  });

  test('When the instant is invalid, then a RangeError is thrown', () => {
    expect(() => amsterdamDate(new Date('nonsense'))).toThrow(RangeError);
  });
});
