import { generateKeyPair } from 'jose';
test('probe', async () => { const k = await generateKeyPair('RS256'); expect(k.privateKey).toBeDefined(); });
