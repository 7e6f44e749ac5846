import { z } from 'zod';
import type { Logger } from '../../ports/logger';
import type { MunicipalityLookup } from '../../ports/signals';

/** The part of PDOK Locatieserver's answer we read: `response.docs[].gemeentecode` ("0363"). */
const pdokAnswer = z.object({
  response: z.object({
    docs: z.array(z.object({ gemeentecode: z.string().regex(/^\d{4}$/), gemeentenaam: z.string().max(200) }).loose()).max(100),
  }).loose(),
}).loose();

export interface PdokLookupOptions {
  /** e.g. https://api.pdok.nl/bzk/locatieserver/search/v3_1 */
  baseUrl: string;
  timeoutMs: number;
  logger: Logger;
  /** How long an answer is kept (municipal codes change on 1 January at most). */
  cacheMs?: number;
}

/**
 * Postcode (and house number) to municipality through PDOK Locatieserver. Optional: when it is
 * off, slow or down, this answers undefined and the routing table decides.
 */
export class PdokLookup implements MunicipalityLookup {
  private readonly cache = new Map<string, { at: number; value: { code: string; name: string } | undefined }>();

  constructor(private readonly options: PdokLookupOptions) {}

  async lookup(postcode6: string, houseNumber?: string): Promise<{ code: string; name: string } | undefined> {
    const q = houseNumber ? `${postcode6} ${houseNumber}` : postcode6;
    const hit = this.cache.get(q);
    const ttl = this.options.cacheMs ?? 24 * 60 * 60 * 1000;
    if (hit && Date.now() - hit.at < ttl) return hit.value;
    const url = `${this.options.baseUrl.replace(/\/$/, '')}/free?q=${encodeURIComponent(q)}&fl=gemeentecode,gemeentenaam&rows=1`;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(this.options.timeoutMs), headers: { accept: 'application/json' } });
      if (!res.ok) {
        this.options.logger.warn({ code: 'PDOK_HTTP', status: res.status }, 'postcode lookup failed; the table decides');
        return undefined;
      }
      const parsed = pdokAnswer.safeParse(await res.json());
      if (!parsed.success) {
        this.options.logger.warn({ code: 'PDOK_SHAPE' }, 'postcode lookup answered an unexpected shape; the table decides');
        return undefined;
      }
      const doc = parsed.data.response.docs[0];
      const value = doc ? { code: `GM${doc.gemeentecode}`, name: doc.gemeentenaam } : undefined;
      this.cache.set(q, { at: Date.now(), value });
      return value;
    } catch (error) {
      this.options.logger.warn({ code: 'PDOK_UNREACHABLE', errorName: (error as Error).name }, 'postcode lookup unreachable; the table decides');
      return undefined;
    }
  }
}
