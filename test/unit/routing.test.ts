import { AGE_GROUPS } from '../../src/domain/signal';
import {
  matchesAddress,
  normaliseMunicipalityCode,
  parseAddressRule,
  parsePostcodeRule,
  route,
  sharedPostcodes,
  type Signaalpunt,
  type SignaalpuntenConfig,
} from '../../src/domain/routing';

function sp(id: string, municipalityCode: string, postcodes: string[], extra: Partial<Signaalpunt> = {}): Signaalpunt {
  return {
    id,
    municipalityCode,
    name: id,
    postcodes,
    ageGroups: ['young', 'adult', 'senior75'],
    deadlineWorkingDays: 2,
    targets: [{ kind: 'teams' }],
    active: true,
    ...extra,
  };
}

const config: SignaalpuntenConfig = {
  tenantId: 'tenant',
  fallback: 'regio',
  signaalpunten: [
    sp('GM0718-jeugd', 'GM0718', ['4380-4389'], { ageGroups: ['young'] }),
    sp('GM0718', 'GM0718', ['4380-4389']),
    sp('GM0687', 'GM0687', ['4330-4339'], { addresses: ['4331AB:1-99:odd', '4331AC'] }),
    sp('GM0717', 'GM0717', ['4331', '4351-4357'], { addresses: ['4331AA:1-49', '4331AB:2-48:even'] }),
    sp('GM0654-old', 'GM0654', ['4413'], { active: false }),
    sp('GM0654', 'GM0654', ['4413'], { ageGroups: ['adult'] }),
    sp('regio', 'GM0687', []),
  ],
};

describe('route: the table', () => {
  test('When one signaalpunt covers the postcode, then it is routed there by postcode', () => {
    expect(route({ pc4: '4354', ageGroup: 'adult' }, config)).toEqual({ kind: 'routed', signaalpuntId: 'GM0717', reason: 'postcode' });
  });

  test('When a range covers the postcode at either end, then it matches', () => {
    expect(route({ pc4: '4380', ageGroup: 'adult' }, config)).toMatchObject({ signaalpuntId: 'GM0718' });
    expect(route({ pc4: '4389', ageGroup: 'adult' }, config)).toMatchObject({ signaalpuntId: 'GM0718' });
    expect(route({ pc4: '4390', ageGroup: 'adult' }, config)).toMatchObject({ kind: 'fallback' });
  });

  test('When two signaalpunten of one municipality match, then the first in the file wins', () => {
    expect(route({ pc4: '4382', ageGroup: 'young' }, config)).toEqual({ kind: 'routed', signaalpuntId: 'GM0718-jeugd', reason: 'postcode' });
    const swapped = { ...config, signaalpunten: [config.signaalpunten[1]!, config.signaalpunten[0]!, ...config.signaalpunten.slice(2)] };
    expect(route({ pc4: '4382', ageGroup: 'young' }, swapped)).toMatchObject({ signaalpuntId: 'GM0718' });
  });

  test('When the age group is not accepted, then the next rule that accepts it wins', () => {
    expect(route({ pc4: '4382', ageGroup: 'senior75' }, config)).toMatchObject({ signaalpuntId: 'GM0718' });
  });

  test('When a signaalpunt is inactive, then it is skipped', () => {
    expect(route({ pc4: '4413', ageGroup: 'adult' }, config)).toMatchObject({ signaalpuntId: 'GM0654' });
  });

  test('When only an inactive or age-excluded signaalpunt covers it, then the fallback gets the signal', () => {
    expect(route({ pc4: '4413', ageGroup: 'senior75' }, config)).toEqual({ kind: 'fallback', signaalpuntId: 'regio', reason: 'noMatch' });
  });

  test('When nothing matches and there is no lookup, then the fallback gets it (noMatch)', () => {
    expect(route({ pc4: '9999', ageGroup: 'adult' }, config)).toEqual({ kind: 'fallback', signaalpuntId: 'regio', reason: 'noMatch' });
  });

  test('When nothing matches but the lookup knows the municipality, then it is routed by lookup', () => {
    expect(route({ pc4: '4400', ageGroup: 'adult' }, config, { municipalityCode: '0654' })).toEqual({
      kind: 'routed',
      signaalpuntId: 'GM0654',
      reason: 'lookup',
    });
  });

  test('When the looked-up municipality does not accept the age group, then the fallback gets it', () => {
    expect(route({ pc4: '4400', ageGroup: 'young' }, config, { municipalityCode: 'GM0654' })).toMatchObject({ kind: 'fallback' });
  });

  test('When one rule matches, then a lookup saying otherwise does not overrule the table', () => {
    expect(route({ pc4: '4354', ageGroup: 'adult' }, config, { municipalityCode: '0718' })).toMatchObject({ signaalpuntId: 'GM0717' });
  });

  test('When the postcode is garbage, then the signal still goes to the fallback', () => {
    expect(route({ pc4: 'abcd', ageGroup: 'adult' }, config)).toMatchObject({ kind: 'fallback', signaalpuntId: 'regio' });
  });
});

describe('route: a postcode shared by two municipalities', () => {
  test('When only the 4 digits are known, then the full address is needed', () => {
    expect(route({ pc4: '4331', ageGroup: 'adult' }, config)).toEqual({ kind: 'needsAddress' });
    expect(route({ pc4: '4331', pc6: '4331AB', ageGroup: 'adult' }, config)).toEqual({ kind: 'needsAddress' });
  });

  test.each([
    ['4331AA', '12', 'GM0717'],
    ['4331AA', '49', 'GM0717'],
    ['4331AB', '7', 'GM0687'],
    ['4331AB', '8', 'GM0717'],
    ['4331AB', '8a', 'GM0717'],
    ['4331AC', '250', 'GM0687'],
  ])('When the address is %s %s, then the address rule sends it to %s', (pc6, houseNumber, id) => {
    expect(route({ pc4: '4331', pc6, houseNumber, ageGroup: 'senior75' }, config)).toEqual({
      kind: 'routed',
      signaalpuntId: id,
      reason: 'address',
    });
  });

  test('When no address rule matches but the lookup does, then it is routed by lookup among the candidates', () => {
    expect(route({ pc4: '4331', pc6: '4331AA', houseNumber: '51', ageGroup: 'adult' }, config, { municipalityCode: '0687' })).toEqual({
      kind: 'routed',
      signaalpuntId: 'GM0687',
      reason: 'lookup',
    });
  });

  test('When the lookup names a municipality that is not a candidate, then the fallback gets it', () => {
    expect(route({ pc4: '4331', pc6: '4331AA', houseNumber: '51', ageGroup: 'adult' }, config, { municipalityCode: '0718' })).toEqual({
      kind: 'fallback',
      signaalpuntId: 'regio',
      reason: 'sharedUnresolved',
    });
  });

  test('When nothing resolves the address, then the fallback gets it (sharedUnresolved)', () => {
    expect(route({ pc4: '4331', pc6: '4331AB', houseNumber: '50', ageGroup: 'adult' }, config)).toEqual({
      kind: 'fallback',
      signaalpuntId: 'regio',
      reason: 'sharedUnresolved',
    });
  });

  test('When a report without name gives only the 4 digits of a shared postcode, then the fallback gets it and no address is asked', () => {
    // Issue 14 point 8: on the "zonder naam" path the address may not be asked, so the safety net decides.
    expect(route({ pc4: '4331', ageGroup: 'adult', withoutAddress: true }, config)).toEqual({
      kind: 'fallback',
      signaalpuntId: 'regio',
      reason: 'sharedUnresolved',
    });
    // A pc6 or house number given anyway is not used, nor is a lookup (it would need the address).
    expect(route({ pc4: '4331', pc6: '4331AC', houseNumber: '3', ageGroup: 'adult', withoutAddress: true }, config, { municipalityCode: 'GM0687' })).toEqual({
      kind: 'fallback',
      signaalpuntId: 'regio',
      reason: 'sharedUnresolved',
    });
  });

  test('When a report without name gives 4 digits one municipality covers, then it is routed as usual', () => {
    expect(route({ pc4: '4383', ageGroup: 'young', withoutAddress: true }, config)).toEqual({ kind: 'routed', signaalpuntId: 'GM0718-jeugd', reason: 'postcode' });
    expect(route({ pc4: '9999', ageGroup: 'adult', withoutAddress: true }, config)).toEqual({ kind: 'fallback', signaalpuntId: 'regio', reason: 'noMatch' });
  });

  test('When only one municipality takes the age group, then the postcode is not shared for that group', () => {
    const partly = {
      ...config,
      signaalpunten: config.signaalpunten.map((s) => (s.id === 'GM0717' ? { ...s, ageGroups: ['adult' as const] } : s)),
    };
    expect(route({ pc4: '4331', ageGroup: 'young' }, partly)).toEqual({ kind: 'routed', signaalpuntId: 'GM0687', reason: 'postcode' });
  });

  test('When sharedPostcodes is asked, then it lists pc4s active rules of two municipalities cover', () => {
    expect(sharedPostcodes(config)).toEqual(['4331']);
    const withInactiveOverlap = { ...config, signaalpunten: [...config.signaalpunten, sp('x', 'GM0999', ['4354'], { active: false })] };
    expect(sharedPostcodes(withInactiveOverlap)).toEqual(['4331']);
  });
});

describe('route: never dropped', () => {
  test('When every pc4, age group and address combination is routed, then each gets an answer', () => {
    for (let n = 1000; n <= 9999; n += 7) {
      for (const ageGroup of AGE_GROUPS) {
        for (const extra of [{}, { pc6: `${n}AB`, houseNumber: '1' }]) {
          const result = route({ pc4: String(n), ageGroup, ...extra }, config);
          expect(['routed', 'needsAddress', 'fallback']).toContain(result.kind);
          if (result.kind !== 'needsAddress') expect(config.signaalpunten.map((s) => s.id)).toContain(result.signaalpuntId);
          if ('pc6' in extra) expect(result.kind).not.toBe('needsAddress');
        }
      }
    }
  });
});

describe('rule parsing', () => {
  test('When postcode rules are parsed, then singles, ranges and mistakes are told apart', () => {
    expect(parsePostcodeRule('4381')).toEqual({ ok: true, rule: { from: 4381, to: 4381 } });
    expect(parsePostcodeRule('4380-4389')).toEqual({ ok: true, rule: { from: 4380, to: 4389 } });
    expect(parsePostcodeRule('4389-4380')).toEqual({ ok: false, problem: 'reversed' });
    for (const bad of ['0999', '438', '4380 - 4389', '4380-', '4380AB']) expect(parsePostcodeRule(bad)).toEqual({ ok: false, problem: 'format' });
  });

  test('When address rules are parsed, then the documented forms are accepted', () => {
    expect(parseAddressRule('4331AB')).toEqual({ ok: true, rule: { pc6: '4331AB' } });
    expect(parseAddressRule('4331AB:12')).toEqual({ ok: true, rule: { pc6: '4331AB', from: 12, to: 12 } });
    expect(parseAddressRule('4331AB:2-48:even')).toEqual({ ok: true, rule: { pc6: '4331AB', from: 2, to: 48, parity: 'even' } });
    expect(parseAddressRule('4331AB:48-2')).toEqual({ ok: false, problem: 'reversed' });
    for (const bad of ['4331 AB', '4331ab', '4331SS', '4331AB:', '4331AB:0-4', '4331AB:1-4:all']) {
      expect(parseAddressRule(bad)).toEqual({ ok: false, problem: 'format' });
    }
  });

  test('When odd/even rules are checked, then parity is respected', () => {
    expect(matchesAddress(['4331AB:1-9:odd'], '4331AB', '3')).toBe(true);
    expect(matchesAddress(['4331AB:1-9:odd'], '4331AB', '4')).toBe(false);
    expect(matchesAddress(['4331AB:1-9'], '4331 ab', '4')).toBe(true);
    expect(matchesAddress(['4331AB:1-9'], '4331AB', 'nonsense')).toBe(false);
  });

  test('When PDOK gives a bare code, then it becomes a CBS code', () => {
    expect(normaliseMunicipalityCode('0363')).toBe('GM0363');
    expect(normaliseMunicipalityCode('gm0363')).toBe('GM0363');
    expect(normaliseMunicipalityCode('363')).toBe('GM0363');
  });
});
