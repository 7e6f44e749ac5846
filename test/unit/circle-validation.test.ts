import {
  CIRCLE_DEFAULTS,
  CIRCLE_ERROR_CODES,
  CIRCLE_LIMITS,
  type CircleInput,
  type CircleMember,
  formatPhone,
  inRange,
  type MemberInput,
  parseClockTime,
  parsePhone,
  validateMember,
  validateMembers,
  validateRange,
  validateSettings,
} from '../../src/domain/circles/circle';

const NOW = new Date('2027-03-01T09:15:00.000Z');

/** Synthetic member input: the names and numbers belong to nobody. */
function memberInput(n = 1, overrides: Partial<MemberInput> = {}): MemberInput {
  const two = String(n).padStart(2, '0');
  return {
    firstName: `Testlid${two}`,
    phone: `06 000000${two}`,
    keyHolder: { name: `Sleutel${two} Testpersoon`, phone: `06 100000${two}`, relation: 'buurvrouw' },
    consent: true,
    ...overrides,
  };
}

function member(n: number, overrides: Partial<CircleMember> = {}): CircleMember {
  const result = validateMember(memberInput(n), `m${n}`, NOW);
  if (!result.ok) throw new Error(`fixture member ${n} is invalid: ${result.code}`);
  return { ...result.value, ...overrides };
}

function settings(overrides: Partial<CircleInput> = {}): CircleInput {
  return { name: 'Belcirkel Testwijk', startTime: '09:00', weekdays: [1, 2, 3, 4, 5], mode: 'chain', skipHolidays: true, ...overrides };
}

describe('parseClockTime', () => {
  test.each([
    ['9:00', '09:00'],
    ['09:00', '09:00'],
    ['09.00', '09:00'],
    ['9 uur', '09:00'],
    ['9 UUR', '09:00'],
    ['9uur', '09:00'],
    ['0900', '09:00'],
    ['9', '09:00'],
    ['9u30', '09:30'],
    ['8.45', '08:45'],
    ['  8:30  ', '08:30'],
    ['0:00', '00:00'],
    ['00:00', '00:00'],
    ['23:59', '23:59'],
    ['2359', '23:59'],
    ['02:30', '02:30'],
  ])('When the time typed is %p, then it is read as %s', (input, expected) => {
    expect(parseClockTime(input)).toEqual({ ok: true, value: expected });
  });

  test.each([
    '25:00',
    '24:00',
    'morgen',
    '9:75',
    '9:60',
    '',
    '   ',
    'uur',
    '9:5',
    '9.5',
    '12345',
    '900',
    '2400',
    '-9:00',
    '9:00 morgen',
    'negen uur',
    '9:00:00',
    '09:00pm',
  ])('When the time typed is %p, then it is refused with TIME_INVALID', (input) => {
    expect(parseClockTime(input)).toEqual({ ok: false, code: 'TIME_INVALID' });
  });
});

describe('phone numbers', () => {
  test.each([
    ['06-12345678', '+31612345678'],
    ['0612345678', '+31612345678'],
    ['06 12 34 56 78', '+31612345678'],
    ['010 123 4567', '+31101234567'],
    ['(020) 123 45 67', '+31201234567'],
    ['+31 6 12345678', '+31612345678'],
    ['+31 (0)6 12345678', '+31612345678'],
    ['0031 (0)10 123 4567', '+31101234567'],
    ['+31612345678', '+31612345678'],
    ['0031612345678', '+31612345678'],
    ['0031 10 123 4567', '+31101234567'],
    ['+32 470 12 34 56', '+32470123456'],
    ['0032 470 12 34 56', '+32470123456'],
    ['+49 30 1234567', '+49301234567'],
    ['06 00000001', '+31600000001'],
  ])('When the number typed is %p, then it is stored as %s (E.164)', (input, e164) => {
    expect(parsePhone(input)).toEqual({ ok: true, value: e164 });
  });

  test.each([
    '12345',
    '+31 6 1234',
    'abc',
    '06123456789', // one digit too many for a Dutch number
    '061234567', // one too few
    '',
    '0612345678x',
    '+31 06 12345678', // the 0 stays out after +31
    '+310612345678',
    '003106123456',
    '+31 6 123456789',
    '+0 123 4567890',
    '00 0 1234567',
    '112',
    '+1234567', // too short for any country
    '+1234567890123456', // longer than E.164 allows
  ])('When the number typed is %p, then it is refused with PHONE_INVALID', (input) => {
    expect(parsePhone(input)).toEqual({ ok: false, code: 'PHONE_INVALID' });
  });

  test.each([
    ['+31612345678', '06 12345678'],
    ['+31600000001', '06 00000001'],
    ['+31101234567', '010 1234567'],
    ['+31201234567', '020 1234567'],
    ['+32470123456', '+32470123456'],
    ['+49301234567', '+49301234567'],
  ])('When %s is shown, then it reads %s', (e164, shown) => {
    expect(formatPhone(e164)).toBe(shown);
  });

  test.each(['06-12345678', '010 123 4567', '+32 470 12 34 56', '0031612345678'])(
    'When %p is stored and shown, then what is shown reads back as the same number',
    (input) => {
      const stored = parsePhone(input);
      if (!stored.ok) throw new Error('fixture');
      expect(parsePhone(formatPhone(stored.value))).toEqual(stored);
    },
  );
});

describe('date ranges', () => {
  test.each([
    ['2027-07-01', '2027-07-14'],
    ['2027-07-01', '2027-07-01'], // one day
    ['2027-12-20', '2028-01-05'], // over the year boundary
    ['2028-02-28', '2028-03-01'], // over a leap day
    ['2028-01-01', '2028-12-31'], // a whole leap year: 366 days
    ['2027-01-01', '2027-12-31'],
  ])('When a pause runs from %s to %s, then it is accepted as it is', (from, to) => {
    expect(validateRange(from, to)).toEqual({ ok: true, value: { from, to } });
  });

  test.each([
    ['2027-07-14', '2027-07-01', 'RANGE_REVERSED', undefined], // ends before it starts
    ['2028-01-01', '2027-12-31', 'RANGE_REVERSED', undefined],
    ['2027-01-01', '2028-01-03', 'RANGE_TOO_LONG', undefined],
    ['2027-01-01', '2029-01-01', 'RANGE_TOO_LONG', undefined],
    ['2028-01-01', '2029-01-01', 'RANGE_TOO_LONG', undefined], // 367 days, both ends included
    ['2027-02-29', '2027-03-05', 'DATE_INVALID', 'from'],
    ['2027-03-01', '2027-02-30', 'DATE_INVALID', 'to'],
    ['1-7-2027', '2027-07-14', 'DATE_INVALID', 'from'],
    ['2027-07-01', 'morgen', 'DATE_INVALID', 'to'],
    ['', '', 'DATE_INVALID', 'from'],
  ])('When a pause runs from %p to %p, then it is refused with %s', (from, to, code, field) => {
    expect(validateRange(from, to)).toEqual(field === undefined ? { ok: false, code } : { ok: false, code, field });
  });

  test.each([
    ['2027-06-30', false],
    ['2027-07-01', true],
    ['2027-07-07', true],
    ['2027-07-14', true],
    ['2027-07-15', false],
  ])('When the date is %s, then being in 1-14 July (both ends included) is %p', (date, expected) => {
    expect(inRange(date, { from: '2027-07-01', to: '2027-07-14' })).toBe(expected);
  });
});

describe('validateMember', () => {
  test('When a member is valid, then names are tidied, numbers are E.164, consent is timestamped and there are no pauses', () => {
    const input = memberInput(1, {
      firstName: '  Testlid01   Junior ',
      keyHolder: { name: ' Sleutel01  Testpersoon ', phone: '010 000 0001', relation: ' dochter ' },
    });
    expect(validateMember(input, 'member-id-1', NOW)).toEqual({
      ok: true,
      value: {
        id: 'member-id-1',
        firstName: 'Testlid01 Junior',
        phone: '+31600000001',
        keyHolder: { name: 'Sleutel01 Testpersoon', phone: '+31100000001', relation: 'dochter' },
        consentAt: '2027-03-01T09:15:00.000Z',
        pauses: [],
      },
    });
  });

  test.each([
    ['consent is not given', { consent: false }, 'CONSENT_MISSING', undefined],
    ['the phone number is wrong', { phone: '12345' }, 'PHONE_INVALID', 'phone'],
    ['the key holder phone number is wrong', { keyHolder: { name: 'Sleutel01', phone: '+31 6 1234', relation: 'buurman' } }, 'PHONE_INVALID', 'keyHolder.phone'],
    ['the first name holds <', { firstName: '<script>' }, 'NAME_INVALID', 'firstName'],
    ['the first name holds >', { firstName: 'Testlid>01' }, 'NAME_INVALID', 'firstName'],
    ['the first name is empty', { firstName: '   ' }, 'NAME_INVALID', 'firstName'],
    ['the first name is too long', { firstName: 'T'.repeat(CIRCLE_LIMITS.firstNameMax + 1) }, 'NAME_INVALID', 'firstName'],
    ['the key holder name holds < >', { keyHolder: { name: '<b>Sleutel</b>', phone: '06 10000001', relation: 'buurman' } }, 'NAME_INVALID', 'keyHolder.name'],
    ['the key holder name is empty', { keyHolder: { name: '', phone: '06 10000001', relation: 'buurman' } }, 'NAME_INVALID', 'keyHolder.name'],
    ['the relation is empty', { keyHolder: { name: 'Sleutel01', phone: '06 10000001', relation: ' ' } }, 'NAME_INVALID', 'keyHolder.relation'],
    ['the relation holds <', { keyHolder: { name: 'Sleutel01', phone: '06 10000001', relation: '<buur>' } }, 'NAME_INVALID', 'keyHolder.relation'],
  ])('When %s, then the member is refused with %s', (_what, overrides, code, field) => {
    const result = validateMember(memberInput(1, overrides as Partial<MemberInput>), 'm1', NOW);
    expect(result).toEqual(field === undefined ? { ok: false, code } : { ok: false, code, field });
  });

  test('When the first name is exactly the maximum length, then it is accepted', () => {
    const result = validateMember(memberInput(1, { firstName: 'T'.repeat(CIRCLE_LIMITS.firstNameMax) }), 'm1', NOW);
    expect(result.ok).toBe(true);
  });
});

describe('validateMembers', () => {
  test('When the members are valid, then they come back in the same order, as a new array', () => {
    const members = [member(1), member(2), member(3)];
    const result = validateMembers(members);
    expect(result).toEqual({ ok: true, value: members });
    if (result.ok) expect(result.value).not.toBe(members);
  });

  test.each([
    ['nobody', [], 'CIRCLE_EMPTY'],
    ['the same phone number twice', [member(1), member(2), member(3, { phone: '+31600000001' })], 'MEMBER_TWICE'],
    ['the same member id twice', [member(1), member(2, { id: 'm1' })], 'MEMBER_TWICE'],
    ['one more than the limit', Array.from({ length: CIRCLE_LIMITS.membersMax + 1 }, (_, i) => member(i + 1)), 'TOO_MANY_MEMBERS'],
  ])('When the circle has %s, then it is refused with %s', (_what, members, code) => {
    expect(validateMembers(members)).toEqual({ ok: false, code });
  });

  test('When the circle has exactly the maximum number of members, then it is accepted', () => {
    const members = Array.from({ length: CIRCLE_LIMITS.membersMax }, (_, i) => member(i + 1));
    expect(validateMembers(members).ok).toBe(true);
  });

  test('When two members share a key holder, then that is fine (a neighbour can hold two keys)', () => {
    const shared = { name: 'Sleutel99 Testpersoon', phone: '+31610000099', relation: 'buurman' };
    expect(validateMembers([member(1, { keyHolder: shared }), member(2, { keyHolder: shared })]).ok).toBe(true);
  });
});

describe('validateSettings', () => {
  test('When only the required settings are given, then window, reminder and acknowledgement get their defaults 30, 10 and 15', () => {
    expect(CIRCLE_DEFAULTS).toEqual({ windowMinutes: 30, reminderMinutes: 10, ackMinutes: 15 });
    expect(validateSettings(settings({ startTime: '9 uur', weekdays: [5, 1, 3], name: '  Belcirkel   Testwijk ' }))).toEqual({
      ok: true,
      value: {
        name: 'Belcirkel Testwijk',
        startTime: '09:00',
        weekdays: [1, 3, 5],
        mode: 'chain',
        windowMinutes: 30,
        reminderMinutes: 10,
        ackMinutes: 15,
        skipHolidays: true,
      },
    });
  });

  test('When all settings are given, then they are kept', () => {
    const input = settings({ mode: 'star', weekdays: [7], windowMinutes: 45, reminderMinutes: 0, ackMinutes: 5, skipHolidays: false });
    expect(validateSettings(input)).toMatchObject({
      ok: true,
      value: { mode: 'star', weekdays: [7], windowMinutes: 45, reminderMinutes: 0, ackMinutes: 5, skipHolidays: false },
    });
  });

  test.each([
    [{ weekdays: [] }, 'WEEKDAYS_EMPTY', 'weekdays'],
    [{ weekdays: [1, 1] }, 'WEEKDAYS_EMPTY', 'weekdays'],
    [{ weekdays: [1, 2, 2, 3] }, 'WEEKDAYS_EMPTY', 'weekdays'],
    [{ weekdays: [0] }, 'WEEKDAYS_EMPTY', 'weekdays'],
    [{ weekdays: [8] }, 'WEEKDAYS_EMPTY', 'weekdays'],
    [{ weekdays: [1, 1.5] }, 'WEEKDAYS_EMPTY', 'weekdays'],
    [{ startTime: '25:00' }, 'TIME_INVALID', 'startTime'],
    [{ startTime: 'morgen' }, 'TIME_INVALID', 'startTime'],
    [{ name: '' }, 'NAME_INVALID', 'name'],
    [{ name: '<b>Belcirkel</b>' }, 'NAME_INVALID', 'name'],
    [{ name: 'B'.repeat(CIRCLE_LIMITS.nameMax + 1) }, 'NAME_INVALID', 'name'],
    [{ windowMinutes: CIRCLE_LIMITS.windowMin - 1 }, 'WINDOW_INVALID', 'windowMinutes'],
    [{ windowMinutes: CIRCLE_LIMITS.windowMax + 1 }, 'WINDOW_INVALID', 'windowMinutes'],
    [{ windowMinutes: 30.5 }, 'WINDOW_INVALID', 'windowMinutes'],
    [{ windowMinutes: 0 }, 'WINDOW_INVALID', 'windowMinutes'],
    [{ reminderMinutes: -1 }, 'REMINDER_INVALID', 'reminderMinutes'],
    [{ reminderMinutes: CIRCLE_LIMITS.reminderMax + 1 }, 'REMINDER_INVALID', 'reminderMinutes'],
    [{ reminderMinutes: 2.5 }, 'REMINDER_INVALID', 'reminderMinutes'],
    [{ ackMinutes: CIRCLE_LIMITS.ackMin - 1 }, 'ACK_INVALID', 'ackMinutes'],
    [{ ackMinutes: CIRCLE_LIMITS.ackMax + 1 }, 'ACK_INVALID', 'ackMinutes'],
  ])('When the settings have %o, then they are refused with %s', (overrides, code, field) => {
    expect(validateSettings(settings(overrides as Partial<CircleInput>))).toEqual({ ok: false, code, field });
  });

  test('When the mode is not chain or star, then the settings are refused on the mode', () => {
    const result = validateSettings(settings({ mode: 'ring' as never }));
    expect(result).toMatchObject({ ok: false, field: 'mode' });
  });

  test.each([
    { windowMinutes: CIRCLE_LIMITS.windowMin },
    { windowMinutes: CIRCLE_LIMITS.windowMax },
    { reminderMinutes: 0 },
    { reminderMinutes: CIRCLE_LIMITS.reminderMax },
    { ackMinutes: CIRCLE_LIMITS.ackMin },
    { ackMinutes: CIRCLE_LIMITS.ackMax },
    { weekdays: [1, 2, 3, 4, 5, 6, 7] },
    { name: 'B'.repeat(CIRCLE_LIMITS.nameMax) },
  ])('When the settings have the boundary value %o, then they are accepted', (overrides) => {
    expect(validateSettings(settings(overrides)).ok).toBe(true);
  });

  test('When any refusal is given, then its code is one the dialogs know', () => {
    const codes = [validateSettings(settings({ weekdays: [] })), validateMembers([]), parsePhone('x'), parseClockTime('x'), validateRange('x', 'y')];
    for (const r of codes) expect(r.ok ? undefined : CIRCLE_ERROR_CODES.includes(r.code)).toBe(true);
  });
});
