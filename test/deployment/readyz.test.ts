import { createHttpServer, type HttpServer } from '../../src/adapters/http/server';
import { memoryLogger } from '../helpers/dialog-client';

async function serve(ready: () => Promise<boolean | { ok: boolean; reason?: string }>): Promise<{ http: HttpServer; url: string }> {
  const http = createHttpServer({ maxBodyBytes: 1000, logger: memoryLogger(), messages: { process: async () => undefined }, ready });
  const port = await http.listen(0, '127.0.0.1');
  return { http, url: `http://127.0.0.1:${port}` };
}

describe('GET /readyz', () => {
  it('When the outbox is stuck, then 503 with the reason code', async () => {
    const { http, url } = await serve(async () => ({ ok: false, reason: 'OUTBOX_STUCK' }));
    try {
      const res = await fetch(`${url}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'not-ready', reason: 'OUTBOX_STUCK' });
    } finally {
      await http.drain(1000);
    }
  });

  it('When everything is ready, then 200 without a reason', async () => {
    const { http, url } = await serve(async () => ({ ok: true }));
    try {
      const res = await fetch(`${url}/readyz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ready' });
    } finally {
      await http.drain(1000);
    }
  });
});
