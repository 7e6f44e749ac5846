import { draft, openWorld } from '../helpers/app-fixtures';
test.each(['0000 AA', '12345', 'ABCD EF'])('probe postcode %s', async (postcode) => {
  const w = await openWorld();
  const r = await w.report.submit(draft({ postcode }), { submissionKey: 'k' });
  console.log(postcode, JSON.stringify(r), JSON.stringify((await w.store.signals.list()).map((s) => [s.signaalpuntId, s.postcode4, s.personal.postcode6])));
  await w.close();
});
test('probe replay concurrent', async () => {
  const w = await openWorld();
  const r = await Promise.all([w.report.submit(draft(), { submissionKey: 'k' }), w.report.submit(draft(), { submissionKey: 'k' })]);
  console.log(JSON.stringify(r), (await w.store.signals.list()).length);
  await w.close();
});
test('probe odd aad', async () => {
  const w = await openWorld();
  await w.report.submit(draft(), { submissionKey: 'k' });
  const [s] = await w.store.signals.list();
  const r = await w.actions.act(s!.id, { aadObjectId: 'mallory@evil.example', teamId: 'x', tenantId: 'y' }, { action: 'claim' }).catch((e) => String(e));
  console.log(JSON.stringify(r));
  await w.close();
});
