import { AggregationTemporality, InMemoryMetricExporter, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { ChatDirectory } from '../../src/adapters/botframework/chat-directory';
import { createOtelTelemetry, safeAttributes } from '../../src/adapters/telemetry/otel-telemetry';
import type { ReportDraft } from '../../src/application/report-signal.types';
import { type Harness, startHarness, teamsMessage } from '../helpers/app-harness';
import { fakeClock } from '../helpers/signal-fixtures';

/**
 * Issue 16: the exported telemetry of a run never holds personal data. A report with synthetic
 * name, phone number, postcode and note goes to a linked channel, and a call circle (made by chat,
 * with names and phone numbers) gets its morning reminder, all through the real app with an
 * in-memory exporter. Then every span name, attribute, event and status, and every metric name and
 * label, is searched for the synthetic details: only ids, kinds and status codes may be there.
 */
const TENANT = '00000000-0000-0000-0000-0000000000001';
const TEAM = '19:team-telemetry@thread.tacv2';
const CHANNEL = '19:general-telemetry@thread.tacv2';
const REPORTER = 'a:reporter-telemetry';
const COORDINATOR = 'a:coordinator-telemetry';
const MEMBER = 'a:member-telemetry';

/** Everything personal in this run; none of it may reach telemetry. */
const PERSONAL = {
  personName: 'Jozefien Telemetriea',
  personContact: '0687654321',
  postcode: '4382 QZ',
  note: 'Krijgt nooit bezoek sinds de winter',
  reporterName: 'Melder Telemetriea',
  reporterContact: 'melder.telemetrie@example.org',
  circleName: 'Belcirkel Telemetriea',
  memberOne: 'Lidwina Telemetriea',
  memberTwo: 'Bartholomeus Telemetriea',
  memberPhone: '06 55500001',
  keyHolder: 'Sleutel Telemetriea',
  keyHolderPhone: '06 55500009',
};

const draft: ReportDraft = {
  about: 'other',
  informed: true,
  consent: true,
  postcode: PERSONAL.postcode,
  ageGroup: 'senior75',
  signs: ['fewContacts'],
  note: PERSONAL.note,
  relation: 'customer',
  personName: PERSONAL.personName,
  personContact: PERSONAL.personContact,
  reporterName: PERSONAL.reporterName,
  reporterSector: 'pharmacy',
  reporterContact: PERSONAL.reporterContact,
  wantsFeedback: true,
};

function channelMessage(text: string): Record<string, unknown> {
  return {
    type: 'message',
    id: 'link-telemetry',
    text,
    channelId: 'msteams',
    from: { id: '29:member-telemetry', aadObjectId: '00000000-0000-0000-0000-00000000c001' },
    recipient: { id: '28:bot-synthetic', name: 'Signaalbot' },
    conversation: { id: `${CHANNEL};messageid=1700`, conversationType: 'channel', tenantId: TENANT, isGroup: true },
    channelData: { team: { id: TEAM }, channel: { id: CHANNEL }, tenant: { id: TENANT } },
  };
}

const answer = (field: string, value: string) => ({ value: { verb: 'circle.answer', field, value } });

function pipeline() {
  const spans = new InMemorySpanExporter();
  const metrics = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter: metrics, exportIntervalMillis: 3_600_000 });
  const telemetry = createOtelTelemetry({ spanExporter: spans, metricReader: reader, batch: false });
  return { spans, metrics, telemetry };
}

/** All text telemetry would carry: names, attribute keys and values, events, status, metric labels. */
function exportedText(spans: InMemorySpanExporter, metrics: InMemoryMetricExporter): { text: string; spanNames: string[]; metricNames: string[] } {
  const finished = spans.getFinishedSpans();
  const spanParts = finished.map((s) => JSON.stringify({ name: s.name, attributes: s.attributes, events: s.events, status: s.status, links: s.links, resource: s.resource.attributes }));
  const metricParts: string[] = [];
  const metricNames: string[] = [];
  for (const resourceMetrics of metrics.getMetrics()) {
    for (const scope of resourceMetrics.scopeMetrics) {
      for (const metric of scope.metrics) {
        metricNames.push(metric.descriptor.name);
        metricParts.push(JSON.stringify({ descriptor: metric.descriptor, points: metric.dataPoints.map((p) => p.attributes) }));
      }
    }
  }
  return { text: [...spanParts, ...metricParts].join('\n'), spanNames: finished.map((s) => s.name), metricNames };
}

/** The personal strings and their parts (a first name alone, digits of a phone number without spaces). */
function needles(): string[] {
  const out = new Set<string>();
  for (const value of Object.values(PERSONAL)) {
    out.add(value);
    out.add(value.replace(/\s+/g, ''));
    for (const word of value.split(/\s+/)) if (word.length >= 5) out.add(word);
  }
  return [...out];
}

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

test('When a report and a circle reminder run through the app, then telemetry holds spans and metrics but no personal data', async () => {
  const clock = fakeClock('2027-03-01T07:00:00.000Z');
  const { spans, metrics, telemetry } = pipeline();
  harness = await startHarness({ SIGNAALPUNTEN_FILE: 'deployment/signaalpunten.example.json', OUTBOX_POLL_MS: '50' }, { clock, telemetry });
  const h = harness;
  const say = async (conversation: string, fields: Record<string, unknown>) => expect((await h.post(teamsMessage(conversation, fields))).status).toBe(200);

  // A report: link a channel, the reporter chats (with personal details in the text), the signal goes out.
  const { code } = await h.app.signals.links.issueCode('GM0718', 'link');
  expect((await h.post(channelMessage(`<at>Signaalbot</at> koppel GM0718 ${code}`))).status).toBe(200);
  await say(REPORTER, { text: `status ${PERSONAL.personName} ${PERSONAL.personContact} ${PERSONAL.postcode}` });
  const reporterChatKey = ChatDirectory.keyOf({ channelId: 'msteams', conversation: { id: REPORTER } as never });
  const result = await h.app.signals.report.submit(draft, { submissionKey: 'telemetry-1', reporterChatKey });
  expect(result.ok).toBe(true);
  await h.connector.waitFor(() => h.connector.created().length === 1);

  // A call circle made by chat, a member joins, the reminder goes out at 08:50.
  await say(COORDINATOR, { text: 'hallo' });
  await say(COORDINATOR, { value: { verb: 'menu', choice: 'circle' } });
  await say(COORDINATOR, { value: { verb: 'circle.create' } });
  for (const [field, value] of [['name', PERSONAL.circleName], ['time', '9:00'], ['days', '1,2,3,4,5,6,7'], ['mode', 'chain'], ['window', '30'], ['holidays', 'no']] as const) {
    await say(COORDINATOR, answer(field, value));
  }
  // The members form: both members in one submit (inputs r1Name ... r2Consent).
  const rows = Object.fromEntries(
    ([[1, PERSONAL.memberOne], [2, PERSONAL.memberTwo]] as const).flatMap(([n, name]) => [
      [`r${n}Name`, name],
      [`r${n}Phone`, PERSONAL.memberPhone.replace(/1$/, String(n))],
      [`r${n}KhName`, PERSONAL.keyHolder],
      [`r${n}KhPhone`, PERSONAL.keyHolderPhone],
      [`r${n}KhRelation`, 'buurman'],
      [`r${n}Consent`, 'true'],
    ]),
  );
  await say(COORDINATOR, { value: { verb: 'circle.answer', field: 'members', ...rows } });
  await say(COORDINATOR, answer('summary', 'save'));
  const coordinator = { chatKey: ChatDirectory.keyOf({ channelId: 'msteams', conversation: { id: COORDINATOR } as never }) };
  const [summary] = await h.app.circles.circles.listFor(coordinator.chatKey);
  expect(summary).toBeDefined();
  const view = await h.app.circles.circles.view(coordinator, summary!.circleId);
  if (!view.ok) throw new Error(view.code);
  const invite = await h.app.circles.circles.invite(coordinator, summary!.circleId, { role: 'member', memberId: view.value.members[0]!.memberId });
  if (!invite.ok) throw new Error(invite.code);
  await say(MEMBER, { text: `doe mee ${invite.value.code}` });
  const sentToMember = () => h.connector.sent(MEMBER).length;
  const before = sentToMember();
  clock.set('2027-03-01T07:50:00.000Z');
  await h.app.circles.scheduler.tick();
  await h.connector.waitFor(() => sentToMember() > before);
  // The personal data really was in this run: the reminder and the team card carry names.
  expect(JSON.stringify(h.connector.created()[0]!.body)).toContain(PERSONAL.personName);

  await telemetry.flush();
  const exported = exportedText(spans, metrics);
  // The run was measured: turns, deliveries, the tick, and the metrics.
  expect(exported.spanNames).toEqual(expect.arrayContaining(['bot.turn', 'outbox.deliver', 'circles.tick']));
  expect(exported.metricNames).toEqual(
    expect.arrayContaining(['signaalbot.turn.duration', 'signaalbot.outbox.deliveries', 'signaalbot.outbox.delivery_latency', 'signaalbot.circles.tick_duration', 'signaalbot.outbox.pending', 'signaalbot.outbox.undeliverable', 'signaalbot.outbox.oldest_due_age']),
  );
  const deliver = spans.getFinishedSpans().find((s) => s.name === 'outbox.deliver' && s.attributes['outbox.result'] === 'sent');
  expect(deliver?.attributes).toMatchObject({ 'outbox.target': expect.any(String), 'outbox.kind': expect.any(String) });
  // ... and nothing personal is in it.
  for (const needle of needles()) expect({ needle, found: exported.text.includes(needle) }).toEqual({ needle, found: false });
  // Only known attribute keys; ids of conversations or chats neither.
  for (const id of [REPORTER, COORDINATOR, MEMBER, CHANNEL, TEAM, reporterChatKey]) expect(exported.text).not.toContain(id);
});

test('When an attribute value is not a code, then it is exported as "other"; unknown keys are dropped (the fence can catch)', () => {
  expect(safeAttributes({ 'outbox.code': 'HTTP_429', channel: PERSONAL.personName, 'http.status_code': 200 })).toEqual({
    'outbox.code': 'HTTP_429',
    channel: 'other',
    'http.status_code': 200,
  });
  expect(safeAttributes({ personName: 'x' } as never)).toEqual({});
});
