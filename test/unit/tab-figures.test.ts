import {
  checkPeriod,
  computeFigures,
  csvField,
  defaultPeriod,
  figuresToRows,
  isOverdue,
  isoWeek,
  percentile,
  toCsv,
  type KeyCount,
} from '../../src/domain/figures';
import type { HistoryEntry, Signal } from '../../src/domain/signal';
import { makeSignal } from '../helpers/signal-fixtures';

const H = 3_600_000;
const at = (iso: string, hours = 0) => new Date(Date.parse(iso) + hours * H).toISOString();
const member = { kind: 'teamMember' as const, id: 'aad-anna' };

/** A signal with a claim (and maybe a close) `claimH`/`closeH` hours after creation. */
function synthetic(id: string, createdAt: string, extra: Partial<Signal> & { claimH?: number[]; closeH?: number } = {}): Signal {
  const { claimH = [], closeH, ...overrides } = extra;
  const history: HistoryEntry[] = [{ at: createdAt, action: 'created', by: { kind: 'reporter' }, toStatus: 'new' }];
  claimH.forEach((h, i) => {
    if (i > 0) history.push({ at: at(createdAt, h - 0.5), action: 'release', by: member, fromStatus: 'claimed', toStatus: 'new' });
    history.push({ at: at(createdAt, h), action: 'claim', by: member, fromStatus: 'new', toStatus: 'claimed' });
  });
  if (closeH !== undefined) history.push({ at: at(createdAt, closeH), action: 'close', by: member, fromStatus: 'claimed', toStatus: 'closed' });
  const lastClaim = claimH.at(-1);
  return makeSignal({
    id,
    reference: `SIG-2026-${id}`,
    createdAt,
    status: closeH !== undefined ? 'closed' : lastClaim !== undefined ? 'claimed' : 'new',
    ...(lastClaim !== undefined ? { claimedAt: at(createdAt, lastClaim), claimedBy: member } : {}),
    ...(closeH !== undefined ? { closedAt: at(createdAt, closeH) } : {}),
    history,
    ...overrides,
  });
}

/**
 * The hand-worked set (period 2 to 15 March 2026, ISO weeks 10 and 11; "now" is 20 March):
 *   A  Mon 02-03 09:00Z  claim +1h   close +24h (03-03, deadline 03-04: within)   pharmacy  senior75  social+outside
 *   B  Tue 03-03 09:00Z  claim +2h   close +48h (03-05, deadline 03-05: within)   homeCare  adult     psychological
 *   C  Wed 04-03 09:00Z  claim +3h, released, claimed again +50h (first claim counts)  pharmacy adult  social (two signs)
 *   D  Mon 09-03 09:00Z  claim +72h (03-12 > deadline 03-11) close +96h           shop      young     lifeEvents
 *   E  Tue 10-03 09:00Z  never claimed, deadline 03-12: overdue now               pharmacy  senior75  outside
 *   H  Sun 01-03 23:30Z = Mon 02-03 00:30 in Amsterdam: inside; never claimed, overdue   other  adult  physical
 *   G  Sun 15-03 23:30Z = Mon 16-03 00:30 in Amsterdam: outside the period
 *   F  Mon 16-03: outside the period
 * Time to claim (h): 1, 2, 3, 72 -> median 2.5; p90: rank 3*0.9 = 2.7 -> 3 + 0.7*(72-3) = 51.3
 * Time to close (h): 24, 48, 96  -> median 48;  p90: rank 2*0.9 = 1.8 -> 48 + 0.8*(96-48) = 86.4
 */
const SET: Signal[] = [
  synthetic('A', '2026-03-02T09:00:00.000Z', {
    deadline: '2026-03-04',
    claimH: [1],
    closeH: 24,
    outcome: 'contactMade',
    reporterSector: 'pharmacy',
    ageGroup: 'senior75',
    signs: ['fewContacts', 'curtainsClosed'],
  }),
  synthetic('B', '2026-03-03T09:00:00.000Z', {
    deadline: '2026-03-05',
    claimH: [2],
    closeH: 48,
    outcome: 'referred',
    reporterSector: 'homeCare',
    ageGroup: 'adult',
    signs: ['sadness'],
  }),
  synthetic('C', '2026-03-04T09:00:00.000Z', {
    deadline: '2026-03-06',
    claimH: [3, 50],
    reporterSector: 'pharmacy',
    ageGroup: 'adult',
    signs: ['fewContacts', 'noSupport'],
  }),
  synthetic('D', '2026-03-09T09:00:00.000Z', {
    deadline: '2026-03-11',
    claimH: [72],
    closeH: 96,
    outcome: 'notReachable',
    reporterSector: 'shop',
    ageGroup: 'young',
    signs: ['move'],
  }),
  synthetic('E', '2026-03-10T09:00:00.000Z', { deadline: '2026-03-12', reporterSector: 'pharmacy', ageGroup: 'senior75', signs: ['letterbox'] }),
  synthetic('H', '2026-03-01T23:30:00.000Z', { deadline: '2026-03-04', reporterSector: 'other', ageGroup: 'adult', signs: ['fatigue'] }),
  synthetic('G', '2026-03-15T23:30:00.000Z', { deadline: '2026-03-18', reporterSector: 'library', ageGroup: 'young', signs: ['fatigue'] }),
  synthetic('F', '2026-03-16T09:00:00.000Z', { deadline: '2026-03-18', reporterSector: 'library', ageGroup: 'young', signs: ['fatigue'] }),
];
const PERIOD = { from: '2026-03-02', to: '2026-03-15' };
const NOW = new Date('2026-03-20T12:00:00.000Z');

const counts = (list: KeyCount[]) => Object.fromEntries(list.map((c) => [c.key, c.count]));

describe('computeFigures on a hand-worked set', () => {
  const figures = computeFigures(SET, PERIOD, NOW);

  test('When signals fall around the period edges, then only Amsterdam dates inside it count', () => {
    expect(figures.total).toBe(6);
    expect(figures.perWeek).toEqual([
      { week: '2026-W10', weekStart: '2026-03-02', count: 4 },
      { week: '2026-W11', weekStart: '2026-03-09', count: 2 },
    ]);
  });

  test('When counting by status, sector, sign group, age group and outcome, then every known key is listed, zeros included', () => {
    expect(counts(figures.byStatus)).toEqual({ new: 2, claimed: 1, closed: 3 });
    expect(figures.overdueNow).toBe(2);
    expect(counts(figures.bySector)).toEqual({
      homeCare: 1,
      pharmacy: 3,
      hairdresser: 0,
      shop: 1,
      courier: 0,
      housing: 0,
      library: 0,
      neighbourhoodTeam: 0,
      healthcare: 0,
      volunteer: 0,
      private: 0,
      other: 1,
    });
    expect(counts(figures.bySignGroup)).toEqual({ physical: 1, psychological: 1, social: 2, behaviour: 0, lifeEvents: 1, outside: 2 });
    expect(counts(figures.byAgeGroup)).toEqual({ young: 1, adult: 3, senior75: 2 });
    expect(counts(figures.byOutcome)).toEqual({ contactMade: 1, referred: 1, notReachable: 1, noFollowUpWanted: 0 });
  });

  test('When timing claims and closes, then median and p90 match the hand computation (first claim counts)', () => {
    expect(figures.timeToClaim).toEqual({ count: 4, medianHours: 2.5, p90Hours: 51.3 });
    expect(figures.timeToClose).toEqual({ count: 3, medianHours: 48, p90Hours: 86.4 });
  });

  test('When sharing within deadline, then due signals are the done ones plus those past their deadline', () => {
    // Claimed: A, B, C in time, D late; E and H past their deadline unclaimed: 3 of 6.
    expect(figures.claimedWithinDeadline).toEqual({ due: 6, within: 3, share: 0.5 });
    // Closed: A and B in time, D late; C, E and H past their deadline and still open: 2 of 6.
    expect(figures.closedWithinDeadline).toEqual({ due: 6, within: 2, share: 0.3333 });
  });

  test('When the figures are serialized, then no personal detail or note is in them', () => {
    const text = JSON.stringify(figures) + toCsv(figuresToRows(figures, 'GM0718'));
    for (const value of ['Jantje', 'Testpersoon', '0612345678', 'Marietje', 'verhuizing', 'SIG-2026', 'aad-anna']) {
      expect(text).not.toContain(value);
    }
  });
});

describe('computeFigures edge cases', () => {
  test('When nothing was reported, then counts are zero and durations and shares are null', () => {
    const figures = computeFigures([], { from: '2026-03-04', to: '2026-03-04' }, NOW);
    expect(figures.total).toBe(0);
    expect(figures.perWeek).toEqual([{ week: '2026-W10', weekStart: '2026-03-02', count: 0 }]);
    expect(figures.timeToClaim).toEqual({ count: 0, medianHours: null, p90Hours: null });
    expect(figures.closedWithinDeadline).toEqual({ due: 0, within: 0, share: null });
  });

  test('When a stored value is outside the known lists, then it counts as "unknown" and is never echoed', () => {
    const odd = synthetic('X', '2026-03-03T09:00:00.000Z', { reporterSector: '=HYPERLINK("x")' as never, signs: ['=cmd' as never] });
    const figures = computeFigures([odd], PERIOD, NOW);
    expect(figures.bySector.at(-1)).toEqual({ key: 'unknown', count: 1 });
    expect(figures.bySignGroup.at(-1)).toEqual({ key: 'unknown', count: 1 });
    expect(JSON.stringify(figures)).not.toContain('HYPERLINK');
    expect(JSON.stringify(figures)).not.toContain('cmd');
  });

  test('When a period is checked, then bad dates, reversed and too long periods are refused', () => {
    expect(checkPeriod({ from: '2026-03-01', to: '2026-03-31' }, 731)).toBe('ok');
    expect(checkPeriod({ from: '2026-02-30', to: '2026-03-31' }, 731)).toBe('PERIOD_INVALID');
    expect(checkPeriod({ from: '2026-04-01', to: '2026-03-31' }, 731)).toBe('PERIOD_INVALID');
    expect(checkPeriod({ from: '2020-01-01', to: '2026-03-31' }, 731)).toBe('PERIOD_TOO_LONG');
    expect(() => computeFigures([], { from: 'x', to: '2026-01-01' }, NOW)).toThrow(RangeError);
  });

  test('When no period is given, then the default is the 12 ISO weeks up to today', () => {
    expect(defaultPeriod('2026-03-20')).toEqual({ from: '2025-12-29', to: '2026-03-20' });
  });
});

describe('percentile (PERCENTILE.INC)', () => {
  test.each([
    [[1, 2, 3, 4, 10], 0.5, 3],
    [[1, 2, 3, 4, 10], 0.9, 7.6],
    [[10, 4, 3, 2, 1], 0.9, 7.6],
    [[1, 2, 3, 4], 0.5, 2.5],
    [[5], 0.9, 5],
    [[1, 2], 1, 2],
    [[1, 2], 0, 1],
  ])('When the values are %j and p is %d, then it is %d', (values, p, expected) => {
    expect(percentile(values, p)).toBeCloseTo(expected, 10);
  });

  test('When there are no values, then there is no percentile; a p outside 0..1 throws', () => {
    expect(percentile([], 0.5)).toBeUndefined();
    expect(() => percentile([1], 1.5)).toThrow(RangeError);
  });
});

describe('isoWeek and isOverdue', () => {
  test.each([
    ['2026-03-02', '2026-W10', '2026-03-02'],
    ['2026-03-08', '2026-W10', '2026-03-02'],
    ['2021-01-03', '2020-W53', '2020-12-28'],
    ['2024-12-30', '2025-W01', '2024-12-30'],
    ['2026-01-01', '2026-W01', '2025-12-29'],
  ])('When the date is %s, then the ISO week is %s starting %s', (date, week, weekStart) => {
    expect(isoWeek(date)).toEqual({ week, weekStart });
  });

  test('When a new signal is past its deadline date, then it is overdue; claimed or on the day it is not', () => {
    expect(isOverdue({ status: 'new', deadline: '2026-03-04' }, '2026-03-05')).toBe(true);
    expect(isOverdue({ status: 'new', deadline: '2026-03-04' }, '2026-03-04')).toBe(false);
    expect(isOverdue({ status: 'claimed', deadline: '2026-03-04' }, '2026-03-10')).toBe(false);
  });
});

describe('CSV', () => {
  test.each([
    ['=cmd', "'=cmd"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@x', "'@x"],
    ['\tx', "'\tx"],
    ['\rx', `"'\rx"`],
    ['=1+2,3', `"'=1+2,3"`],
    ['=HYPERLINK("http://evil.example","x")', `"'=HYPERLINK(""http://evil.example"",""x"")"`],
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    [' padded', '" padded"'],
  ])('When a text field is %j, then it is written as %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  test('When a field is a number or null, then it is written as is (a negative number is data) or empty', () => {
    expect(csvField(-1)).toBe('-1');
    expect(csvField(0.3333)).toBe('0.3333');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField(null)).toBe('');
  });

  test('When rows are written, then lines end in CRLF and every field is escaped', () => {
    expect(toCsv([['section', 'key', 'value'], ['x', '=cmd', -1], ['y', '@x', null]])).toBe("section,key,value\r\nx,'=cmd,-1\r\ny,'@x,\r\n");
  });

  test('When the figures become rows, then there is one figure per row in a fixed order', () => {
    const rows = figuresToRows(computeFigures(SET, PERIOD, NOW), 'GM0718');
    expect(rows.slice(0, 6)).toEqual([
      ['section', 'key', 'value'],
      ['signaalpunt', 'id', 'GM0718'],
      ['period', 'from', '2026-03-02'],
      ['period', 'to', '2026-03-15'],
      ['total', 'signals', 6],
      ['total', 'overdueNow', 2],
    ]);
    expect(rows).toContainEqual(['week', '2026-W10', 4]);
    expect(rows).toContainEqual(['timeToClaim', 'p90Hours', 51.3]);
    expect(rows).toContainEqual(['closedWithinDeadline', 'share', 0.3333]);
    expect(rows.every((r) => r.length === 3)).toBe(true);
  });
});
