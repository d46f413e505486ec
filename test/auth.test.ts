import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createAuthenticator } from '../gateway/auth';
import { loadConfig } from '../kit/config';
import { identityClassKey } from '../kit/identity';

/** Serves a JWKS document on loopback, as an identity provider would. */
async function serveJwks(jwks: object): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(jwks));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('RS256 tokens from an identity provider (JWT_JWKS_URL)', () => {
  let provider: { url: string; close(): Promise<void> };
  let privateKey: CryptoKey;
  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey as CryptoKey;
    provider = await serveJwks({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'osm-1', alg: 'RS256', use: 'sig' }] });
  });
  afterAll(() => provider?.close());

  const sign = (key: CryptoKey, claims: Record<string, string>, issuer = 'https://idp.test/') =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'osm-1' })
      .setSubject('officer-7')
      .setIssuer(issuer)
      .setAudience('osm-hub')
      .setExpirationTime('5m')
      .sign(key);

  const authenticator = () =>
    createAuthenticator(
      loadConfig({ JWT_JWKS_URL: provider.url, JWT_ISSUER: 'https://idp.test/', JWT_AUDIENCE: 'osm-hub' }).auth,
    );

  it('accepts a token signed by the provider and reads its role and scope', async () => {
    const identity = await authenticator()(`Bearer ${await sign(privateKey, { role: 'agency', agency: 'NESDC' })}`);
    expect(identity).toEqual({ role: 'agency', subject: 'officer-7', agencyCode: 'NESDC' });
  });

  it('refuses a token signed by another key, or for another issuer, with UNAUTHENTICATED', async () => {
    const stranger = (await generateKeyPair('RS256')).privateKey as CryptoKey;
    await expect(authenticator()(`Bearer ${await sign(stranger, { role: 'admin' })}`)).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
    await expect(authenticator()(`Bearer ${await sign(privateKey, { role: 'admin' }, 'https://evil.test/')}`)).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  it('refuses an HS256 token when the hub expects RS256', async () => {
    const hs = await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('x'.repeat(40)));
    await expect(authenticator()(`Bearer ${hs}`)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });
});

describe('citizen tokens', () => {
  const { auth } = loadConfig({});
  const authenticate = createAuthenticator(auth);
  const secret = auth.jwtSecret as Uint8Array;
  const sign = (subject?: string) => {
    const jwt = new SignJWT({ role: 'citizen' }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('5m');
    if (subject) jwt.setSubject(subject);
    return jwt.sign(secret);
  };

  it('reads a citizen with its subject, and keeps two citizens in different rights classes', async () => {
    expect(await authenticate(`Bearer ${await sign('line:U1234')}`)).toEqual({ role: 'citizen', subject: 'line:U1234' });
    expect(identityClassKey({ role: 'citizen', subject: 'a' })).not.toBe(identityClassKey({ role: 'citizen', subject: 'b' }));
  });

  it('refuses a citizen token without a subject, saying why', async () => {
    await expect(authenticate(`Bearer ${await sign()}`)).rejects.toMatchObject({
      message: expect.stringContaining('must carry a "sub" claim'),
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });
});
