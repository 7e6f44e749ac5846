'use strict';
/**
 * Synthetic data for the bench: activities as Teams sends them, a signaalpunten file with ten
 * signaalpunten that each deliver to Teams, report drafts, and stored signals for seeding.
 * Every id, name and number here is made up.
 */
const { randomUUID } = require('node:crypto');

const TENANT = 'tenant-bench';
const TEAM = '19:team-bench@thread.tacv2';
const SIGNAALPUNT_COUNT = 10;

/**
 * Signaalpunt i ("GM0900" ... "GM0909": the chat's link command only takes ids shaped like a CBS
 * code) routes postcodes 10i0-10i9.
 */
function signaalpuntId(i) {
  return `GM09${String(i).padStart(2, '0')}`;
}

function channelId(i) {
  return `19:bench-channel-${i}@thread.tacv2`;
}

function postcodeOf(i, n) {
  return `${1000 + i * 10 + (n % 10)} AB`;
}

function signaalpuntenFile() {
  return {
    $comment: 'Synthetic signaalpunten for npm run bench: ten, each delivering to its own Teams channel.',
    tenantId: TENANT,
    fallback: signaalpuntId(0),
    signaalpunten: Array.from({ length: SIGNAALPUNT_COUNT }, (_, i) => ({
      id: signaalpuntId(i),
      municipalityCode: signaalpuntId(i),
      name: `Bench signaalpunt ${i}`,
      postcodes: [`${1000 + i * 10}-${1000 + i * 10 + 9}`],
      ageGroups: ['young', 'adult', 'senior75'],
      deadlineWorkingDays: 2,
      targets: [{ kind: 'teams' }],
      active: true,
    })),
  };
}

/** A personal-chat activity (one user per conversation), as Teams would post it. */
function personalActivity(serviceUrl, conversationId, fields) {
  return {
    type: 'message',
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    from: { id: `29:user-${conversationId}`, name: 'Bench Gebruiker' },
    conversation: { id: conversationId, conversationType: 'personal', tenantId: TENANT },
    recipient: { id: '28:bot-bench', name: 'Signaalbot' },
    channelData: { tenant: { id: TENANT } },
    locale: 'nl-NL',
    ...fields,
  };
}

/** "@Signaalbot koppel <id> <code>" in a channel of the bench team. */
function linkActivity(serviceUrl, i, code) {
  return {
    type: 'message',
    id: `link-${i}`,
    channelId: 'msteams',
    serviceUrl,
    from: { id: '29:member-bench', aadObjectId: '00000000-0000-0000-0000-00000000b001' },
    recipient: { id: '28:bot-bench', name: 'Signaalbot' },
    conversation: { id: `${channelId(i)};messageid=1`, conversationType: 'channel', tenantId: TENANT, isGroup: true },
    channelData: { team: { id: TEAM }, channel: { id: channelId(i) }, tenant: { id: TENANT } },
    text: `<at>Signaalbot</at> koppel ${signaalpuntId(i)} ${code}`,
  };
}

/**
 * What one turn of a load kind posts. `step` counts the turns already made in that conversation,
 * so the report kind alternates: open the report from the menu card, then answer its first question.
 */
function turnFields(kind, step) {
  switch (kind) {
    case 'echo':
      return { text: 'hallo' };
    case 'menu':
      return { text: 'menu' };
    case 'report':
      return step % 2 === 0 ? { value: { verb: 'menu', choice: 'report' } } : { value: { verb: 'answer', question: 'danger', value: 'no' } };
    default:
      throw new Error(`unknown turn kind ${kind}`);
  }
}

/** A complete report draft for signal n, routed to signaalpunt n % 10. */
function draftFor(n) {
  const sp = n % SIGNAALPUNT_COUNT;
  return {
    about: 'other',
    informed: true,
    consent: true,
    postcode: postcodeOf(sp, n),
    ageGroup: 'senior75',
    signs: ['fewContacts', 'letterbox'],
    note: `Synthetische melding ${n}`,
    relation: 'customer',
    personName: `Persoon Synthetisch ${n}`,
    personContact: `06${String(10_000_000 + n).slice(-8)}`,
    reporterName: 'Melder Synthetisch',
    reporterSector: 'pharmacy',
    reporterContact: 'melder@example.org',
    wantsFeedback: false,
  };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A stored signal with its delivered outbox message, as the app would have it after some weeks.
 * `base` is the seeding clock (fixed for the run); signals are spread over the 60 days before it.
 * References use sequence numbers from 500001 up, so they never meet the ones the app hands out.
 */
function seededSignal(n, base, total) {
  const sp = n % SIGNAALPUNT_COUNT;
  const created = new Date(base - 60 * DAY_MS + Math.floor((n * 60 * DAY_MS) / total));
  const at = created.toISOString();
  const year = created.getUTCFullYear();
  const closed = n % 10 !== 0;
  const id = randomUUID();
  const claimedAt = new Date(created.getTime() + 3_600_000).toISOString();
  const closedAt = new Date(created.getTime() + 2 * DAY_MS).toISOString();
  const by = { kind: 'teamMember', id: '00000000-0000-0000-0000-00000000b001' };
  const signal = {
    id,
    submissionKey: `seed-${n}`,
    version: closed ? 3 : 2,
    reference: `SIG-${year}-${String(500_000 + n).padStart(6, '0')}`,
    createdAt: at,
    signaalpuntId: signaalpuntId(sp),
    status: closed ? 'closed' : 'claimed',
    claimedBy: by,
    claimedAt,
    ...(closed ? { closedAt, outcome: 'contactMade' } : {}),
    about: 'other',
    informed: true,
    consent: true,
    ageGroup: 'senior75',
    postcode4: String(1000 + sp * 10 + (n % 10)),
    signs: ['fewContacts', 'letterbox'],
    relation: 'customer',
    reporterSector: 'pharmacy',
    wantsFeedback: false,
    deadline: at.slice(0, 10),
    history: [
      { at, action: 'created', by: { kind: 'reporter' }, toStatus: 'new', toSignaalpunt: signaalpuntId(sp) },
      { at: claimedAt, action: 'claim', by, fromStatus: 'new', toStatus: 'claimed' },
      ...(closed ? [{ at: closedAt, action: 'close', by, fromStatus: 'claimed', toStatus: 'closed', outcome: 'contactMade' }] : []),
    ],
    personal: {
      personName: `Persoon Synthetisch ${n}`,
      personContact: `06${String(10_000_000 + n).slice(-8)}`,
      postcode6: `${1000 + sp * 10 + (n % 10)}AB`,
      note: `Synthetische melding ${n}`,
      reporterName: 'Melder Synthetisch',
      reporterContact: 'melder@example.org',
    },
    notes: ['Gebeld, afspraak gemaakt (synthetisch).'],
  };
  const outbox = {
    id: randomUUID(),
    idempotencyKey: `signal.new:${id}:${signaalpuntId(sp)}:teams:0`,
    kind: 'signal.new',
    target: { kind: 'teams', signaalpuntId: signaalpuntId(sp) },
    payload: { signalId: id },
    status: 'sent',
    attempts: 1,
    createdAt: at,
    nextAttemptAt: at,
    sentAt: at,
    result: { conversationId: `${channelId(sp)};messageid=${n}`, activityId: String(n) },
  };
  return { signal, outbox };
}

module.exports = {
  TENANT,
  SIGNAALPUNT_COUNT,
  signaalpuntId,
  channelId,
  signaalpuntenFile,
  personalActivity,
  linkActivity,
  turnFields,
  draftFor,
  seededSignal,
};
