import {
  addDays,
  addMinutes,
  CIRCLE_TIME_ZONE,
  isClockTime,
  isIsoDate,
  localParts,
  mondayOf,
  offsetMs,
  weekdayOf,
  zonedToUtc,
} from '../../src/domain/circles/zoned-time';

const HOUR = 3_600_000;

/** Every calendar date from `from` to `to`, both included. */
function datesFrom(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)) out.push(d);
  return out;
}

describe('zoned time: wall clock in Amsterdam to an instant', () => {
  test('When the zone is asked, then it is Europe/Amsterdam', () => {
    expect(CIRCLE_TIME_ZONE).toBe('Europe/Amsterdam');
  });

  test.each([
    // The spring change (Sunday 28 March 2027, 02:00 CET -> 03:00 CEST).
    ['2027-03-28', '02:30', '2027-03-28T01:30:00.000Z'], // does not exist: moved forward to 03:30 CEST
    ['2027-03-28', '02:00', '2027-03-28T01:00:00.000Z'], // the first minute of the gap: 03:00 CEST
    ['2027-03-28', '02:59', '2027-03-28T01:59:00.000Z'], // the last minute of the gap: 03:59 CEST
    ['2027-03-28', '01:59', '2027-03-28T00:59:00.000Z'], // just before the gap, still CET
    ['2027-03-28', '03:00', '2027-03-28T01:00:00.000Z'], // just after the gap, CEST
    ['2027-03-28', '09:00', '2027-03-28T07:00:00.000Z'], // summer time
    ['2027-03-27', '02:30', '2027-03-27T01:30:00.000Z'], // the day before: winter time
    ['2027-03-27', '09:00', '2027-03-27T08:00:00.000Z'],
    ['2027-03-29', '02:30', '2027-03-29T00:30:00.000Z'], // the day after: summer time
    // The autumn change (Sunday 31 October 2027, 03:00 CEST -> 02:00 CET).
    ['2027-10-31', '02:30', '2027-10-31T00:30:00.000Z'], // happens twice: the first (CEST)
    ['2027-10-31', '02:00', '2027-10-31T00:00:00.000Z'], // happens twice: the first (CEST)
    ['2027-10-31', '02:59', '2027-10-31T00:59:00.000Z'],
    ['2027-10-31', '01:59', '2027-10-30T23:59:00.000Z'], // before the repeat, CEST
    ['2027-10-31', '03:00', '2027-10-31T02:00:00.000Z'], // after the repeat, CET
    ['2027-10-31', '09:00', '2027-10-31T08:00:00.000Z'], // winter time
    ['2027-10-30', '02:30', '2027-10-30T00:30:00.000Z'], // the day before: summer time
    ['2027-10-30', '09:00', '2027-10-30T07:00:00.000Z'],
    ['2027-11-01', '02:30', '2027-11-01T01:30:00.000Z'], // the day after: winter time
    // Ordinary days and the date line in UTC.
    ['2027-01-01', '00:00', '2026-12-31T23:00:00.000Z'],
    ['2027-07-01', '00:30', '2027-06-30T22:30:00.000Z'],
    ['2027-07-01', '23:59', '2027-07-01T21:59:00.000Z'],
    ['2028-02-29', '08:30', '2028-02-29T07:30:00.000Z'],
  ])('When it is %s at %s in Amsterdam, then the instant is %s', (date, time, iso) => {
    expect(zonedToUtc(date, time).toISOString()).toBe(iso);
  });

  test('When every date of 2027 is converted at several times and back, then the wall clock is the same, except in the spring gap', () => {
    for (const date of datesFrom('2027-01-01', '2027-12-31')) {
      for (const time of ['00:00', '00:05', '01:30', '02:30', '03:30', '09:00', '12:00', '23:59']) {
        const back = localParts(zonedToUtc(date, time));
        const inGap = date === '2027-03-28' && time.startsWith('02:');
        expect({ date: back.date, time: back.time }).toEqual({ date, time: inGap ? `03:${time.slice(3)}` : time });
      }
    }
  });

  test('When the same time is asked twice and a caller changes the first answer, then the second answer is still right', () => {
    const first = zonedToUtc('2027-10-31', '02:30');
    first.setTime(0);
    expect(zonedToUtc('2027-10-31', '02:30').toISOString()).toBe('2027-10-31T00:30:00.000Z');
  });

  test.each([
    ['2027-03-28', '25:00'],
    ['2027-03-28', '24:00'],
    ['2027-03-28', '9:00'],
    ['2027-03-28', 'morgen'],
    ['28-03-2027', '09:00'],
    ['2027-3-28', '09:00'],
    ['2027-02-29', '09:00'], // not a leap year: no such date
    ['2027-13-01', '09:00'],
    ['2027-04-31', '09:00'],
  ])('When the date %s or the time %s is not real, then a RangeError is thrown', (date, time) => {
    expect(() => zonedToUtc(date, time)).toThrow(RangeError);
  });
});

describe('zoned time: an instant to the wall clock in Amsterdam', () => {
  test.each([
    ['2027-03-28T00:59:59.000Z', 1],
    ['2027-03-28T01:00:00.000Z', 2],
    ['2027-10-31T00:59:59.000Z', 2],
    ['2027-10-31T01:00:00.000Z', 1],
    ['2027-01-15T12:00:00.000Z', 1],
    ['2027-07-15T12:00:00.000Z', 2],
  ])('When the instant is %s, then Amsterdam is %d hour(s) ahead of UTC', (iso, hours) => {
    expect(offsetMs(Date.parse(iso))).toBe(hours * HOUR);
  });

  test.each([
    ['2027-03-28T00:59:00.000Z', { date: '2027-03-28', time: '01:59', weekday: 7 }],
    ['2027-03-28T01:00:00.000Z', { date: '2027-03-28', time: '03:00', weekday: 7 }], // 02:00 never shows
    ['2027-03-28T01:30:00.000Z', { date: '2027-03-28', time: '03:30', weekday: 7 }],
    ['2027-10-31T00:30:00.000Z', { date: '2027-10-31', time: '02:30', weekday: 7 }], // the first 02:30
    ['2027-10-31T01:30:00.000Z', { date: '2027-10-31', time: '02:30', weekday: 7 }], // the second 02:30
    ['2026-12-31T23:30:00.000Z', { date: '2027-01-01', time: '00:30', weekday: 5 }], // already Friday in Amsterdam
    ['2027-03-28T22:30:00.000Z', { date: '2027-03-29', time: '00:30', weekday: 1 }], // already Monday in Amsterdam
    ['2027-06-01T07:00:59.999Z', { date: '2027-06-01', time: '09:00', weekday: 2 }], // seconds are dropped, not rounded
    ['2028-02-29T11:00:00.000Z', { date: '2028-02-29', time: '12:00', weekday: 2 }],
  ])('When the instant is %s, then the local parts are %o', (iso, parts) => {
    expect(localParts(new Date(iso))).toEqual(parts);
  });
});

describe('zoned time: calendar dates', () => {
  test.each([
    ['2027-03-22', 1],
    ['2027-03-26', 5], // Goede Vrijdag
    ['2027-03-27', 6],
    ['2027-03-28', 7], // Easter Sunday and the spring change
    ['2027-03-29', 1], // Easter Monday
    ['2027-04-27', 2], // Koningsdag
    ['2027-10-31', 7],
    ['2027-12-25', 6],
    ['2027-01-01', 5],
    ['2028-02-29', 2],
  ])('When the date is %s, then the ISO weekday is %d', (date, weekday) => {
    expect(weekdayOf(date)).toBe(weekday);
  });

  test.each([
    ['2027-03-27', 1, '2027-03-28'], // over the spring change: still whole days
    ['2027-03-27', 2, '2027-03-29'],
    ['2027-10-30', 1, '2027-10-31'], // over the autumn change
    ['2027-10-31', 1, '2027-11-01'],
    ['2027-02-28', 1, '2027-03-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2027-12-31', 1, '2028-01-01'],
    ['2028-01-01', -1, '2027-12-31'],
    ['2027-03-29', -7, '2027-03-22'],
    ['2027-05-05', 0, '2027-05-05'],
    ['2027-01-01', 365, '2028-01-01'],
  ])('When %s plus %d days, then it is %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });

  test('When days are added one at a time through a whole year, then each step is the next calendar date', () => {
    const dates = datesFrom('2027-01-01', '2028-12-31');
    for (let i = 1; i < dates.length; i++) expect(addDays(dates[i - 1]!, 1)).toBe(dates[i]);
  });

  test.each([
    ['2027-03-22', '2027-03-22'], // a Monday is its own Monday
    ['2027-03-24', '2027-03-22'],
    ['2027-03-28', '2027-03-22'], // Sunday belongs to the week before (ISO)
    ['2027-03-29', '2027-03-29'],
    ['2027-01-01', '2026-12-28'], // over the year boundary
    ['2027-10-31', '2027-10-25'],
    ['2028-03-01', '2028-02-28'],
  ])('When the date is %s, then the Monday of its week is %s', (date, monday) => {
    expect(mondayOf(date)).toBe(monday);
    expect(weekdayOf(mondayOf(date))).toBe(1);
  });

  test('When minutes are added, then the instant moves by exactly that many real minutes, also over a DST change', () => {
    const start = new Date('2027-03-28T00:50:00.000Z'); // 01:50 CET
    expect(addMinutes(start, 10).toISOString()).toBe('2027-03-28T01:00:00.000Z'); // 03:00 CEST
    expect(addMinutes(start, -10).toISOString()).toBe('2027-03-28T00:40:00.000Z');
    expect(addMinutes(start, 0).getTime()).toBe(start.getTime());
    expect(start.toISOString()).toBe('2027-03-28T00:50:00.000Z'); // the argument is not changed
  });

  test.each([
    ['2027-02-28', true],
    ['2027-02-29', false],
    ['2028-02-29', true],
    ['2100-02-29', false],
    ['2000-02-29', true],
    ['2027-04-31', false],
    ['2027-13-01', false],
    ['2027-00-10', false],
    ['2027-01-00', false],
    ['2027-1-01', false],
    ['27-01-01', false],
    ['2027-01-01T00:00', false],
    [' 2027-01-01', false],
    ['', false],
    ['morgen', false],
  ])('When the date text is %p, then isIsoDate is %p', (value, expected) => {
    expect(isIsoDate(value)).toBe(expected);
  });

  test.each([
    ['00:00', true],
    ['09:00', true],
    ['23:59', true],
    ['02:30', true],
    ['24:00', false],
    ['25:00', false],
    ['9:00', false],
    ['09:60', false],
    ['09.00', false],
    ['0900', false],
    ['09:00 ', false],
    ['', false],
    ['morgen', false],
  ])('When the time text is %p, then isClockTime is %p', (value, expected) => {
    expect(isClockTime(value)).toBe(expected);
  });
});
