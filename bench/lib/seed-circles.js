'use strict';
/**
 * Synthetic call circles for the benchmark: `count` circles of 10 members, all at 09:00 on
 * weekdays, checked by the domain's own rules and imported with the store's bulk import (one
 * write). Names and numbers are made up.
 */
const path = require('node:path');

const dist = path.join(__dirname, '..', '..', 'dist');

function member(c, m) {
  const n = String(c * 10 + m).padStart(7, '0');
  return { firstName: `Lid${n}`, phone: `06 1${n}`, keyHolder: { name: `Sleutel ${n}`, phone: `06 2${n}`, relation: 'buur' }, consent: true };
}

function syntheticCircles(count, at) {
  const { validateMember, validateSettings } = require(path.join(dist, 'src/domain/circles/circle'));
  const settings = validateSettings({ name: 'Cirkel', startTime: '09:00', weekdays: [1, 2, 3, 4, 5], mode: 'chain', skipHolidays: true });
  const circles = [];
  for (let c = 0; c < count; c++) {
    circles.push({
      id: `circle-${c}`,
      ...settings.value,
      name: `Cirkel ${c}`,
      pauses: [],
      coordinators: [{ chatKey: `chat-coordinator-${c}`, name: `Coordinator ${c}`, weekdays: [], backup: false }],
      members: Array.from({ length: 10 }, (_, m) => validateMember(member(c, m), `m-${c}-${m}`, at).value),
      locale: 'nl',
      scheduleFrom: at.toISOString(),
      createdAt: at.toISOString(),
      updatedAt: at.toISOString(),
      version: 1,
    });
  }
  return circles;
}

/** Imports the circles into a CircleStore; throws unless all were added. */
async function seedCircles(store, count, at) {
  const added = await store.importMany(syntheticCircles(count, at));
  if (added !== count) throw new Error(`seeding circles: ${added} of ${count}`);
}

module.exports = { seedCircles, syntheticCircles };
