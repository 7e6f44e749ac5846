import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PdokLookup } from '../../src/adapters/lookup/pdok-lookup';
import { memoryLogger } from '../helpers/dialog-client';

/** A local stand-in for PDOK Locatieserver with the documented answer shape. */
function stub(handler: (url: URL, res: http.ServerResponse) => void) {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    seen.push(url.pathname + url.search);
    handler(url, res);
  });
  return new Promise<{ base: string; seen: string[]; close: () => Promise<void> }>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/bzk/locatieserver/search/v3_1`,
        seen,
        close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
      }),
    ),
  );
}

describe('PDOK lookup', () => {
  test('When PDOK knows the postcode, then the municipality comes back with a GM code, and the answer is cached', async () => {
    const pdok = await stub((url, res) => {
      expect(url.pathname).toBe('/bzk/locatieserver/search/v3_1/free');
      expect(url.searchParams.get('fl')).toBe('gemeentecode,gemeentenaam');
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ response: { numFound: 1, start: 0, maxScore: 9.1, docs: [{ gemeentecode: '0718', gemeentenaam: 'Vlissingen' }] } }));
    });
    try {
      const lookup = new PdokLookup({ baseUrl: pdok.base, timeoutMs: 2000, logger: memoryLogger() });
      await expect(lookup.lookup('4381AB', '12')).resolves.toEqual({ code: 'GM0718', name: 'Vlissingen' });
      await lookup.lookup('4381AB', '12');
      expect(pdok.seen).toHaveLength(1);
      expect(pdok.seen[0]).toContain('q=4381AB%2012');
    } finally {
      await pdok.close();
    }
  });

  test('When PDOK is down, slow or answers nonsense, then undefined (the table decides) and no crash', async () => {
    const logger = memoryLogger();
    const broken = await stub((url, res) => {
      const q = url.searchParams.get('q');
      if (q === '1111AA') {
        res.statusCode = 500;
        return void res.end();
      }
      if (q === '2222AA') return; // hangs
      res.end(JSON.stringify({ response: { docs: [{ gemeentecode: 'DROP TABLE' }] } }));
    });
    try {
      const lookup = new PdokLookup({ baseUrl: broken.base, timeoutMs: 300, logger });
      await expect(lookup.lookup('1111AA')).resolves.toBeUndefined();
      await expect(lookup.lookup('2222AA')).resolves.toBeUndefined();
      await expect(lookup.lookup('3333AA')).resolves.toBeUndefined();
      expect(logger.lines.map((l) => l.code)).toEqual(['PDOK_HTTP', 'PDOK_UNREACHABLE', 'PDOK_SHAPE']);
    } finally {
      await broken.close();
    }
    const nowhere = new PdokLookup({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 300, logger });
    await expect(nowhere.lookup('4444AA')).resolves.toBeUndefined();
  });
});
