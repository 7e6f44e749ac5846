'use strict';
/**
 * Seeding many signals in one go, as a `signals.json` of the first store layout (one file for
 * signals, outbox and sequences), sealed with the app's own cipher class. Opening the app then
 * migrates it to one file per signal (ADR 0006): the bench measures that start-up too, and reads
 * signals back through the store API, so a format drift fails loudly. (Through
 * `SignalStore.signals.create` the first layout made seeding quadratic: 214 s for 10,000.)
 */
const fs = require('node:fs');
const path = require('node:path');
const { DIST_MAIN } = require('./harness');
const { seededSignal } = require('./fixtures');

function cipherFor(keyBase64) {
  const { AesGcmCipher } = require(path.join(path.dirname(DIST_MAIN), 'adapters', 'crypto', 'aes-gcm-cipher.js'));
  return new AesGcmCipher(Buffer.from(keyBase64, 'base64'));
}

/** Writes `<dataDir>/signals.json` with `count` signals and their delivered outbox messages. */
function writeSignalsFile({ dataDir, keyBase64, count, base }) {
  const cipher = cipherFor(keyBase64);
  const file = { schemaVersion: 1, signals: {}, outbox: {}, sequences: {} };
  const sample = [];
  for (let n = 0; n < count; n++) {
    const { signal, outbox } = seededSignal(n, base, count);
    const { personal, notes, ...clear } = signal;
    file.signals[signal.id] = { ...clear, sealed: cipher.encrypt(JSON.stringify({ id: signal.id, personal, notes })) };
    file.outbox[outbox.id] = outbox;
    if (n % Math.max(1, Math.floor(count / 5)) === 0) sample.push({ id: signal.id, reference: signal.reference, personName: personal.personName });
  }
  fs.mkdirSync(dataDir, { recursive: true });
  // The same serialisation as the store's lowdb adapter (data-file.ts): pretty JSON.
  fs.writeFileSync(path.join(dataDir, 'signals.json'), JSON.stringify(file, null, 2));
  return sample;
}

/** Reads the sample back through the store API: the seed must be what the store itself would hold. */
async function verifySeed(store, sample) {
  for (const s of sample) {
    const signal = await store.signals.get(s.id);
    if (!signal || signal.reference !== s.reference || signal.personal.personName !== s.personName) {
      throw new Error(`seeded signal ${s.id} does not read back through the store`);
    }
  }
}

module.exports = { writeSignalsFile, verifySeed };
