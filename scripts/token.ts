import { parseArgs } from 'node:util';
import { decodeJwt, SignJWT } from 'jose';
import { ConfigError, loadConfig } from '../kit/config';
import { parseClusterCode } from '../kit/clusters';
import { identityFromClaims, ROLES } from '../kit/identity';

const USAGE = `Prints a development token (HS256, signed with JWT_SECRET or the development secret).
usage: npm run -s token -- --role <role> [--cluster N1] [--province 50] [--agency NESDC] [--sub name (default dev-<role>; a citizen's is its identity provider's subject)] [--expires 8h]
roles: ${ROLES.filter((role) => role !== 'public').join(', ')}`;

/** Prints a signed development token on stdout; problems go to stderr with exit code 2. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      cluster: { type: 'string' },
      province: { type: 'string' },
      agency: { type: 'string' },
      sub: { type: 'string' },
      expires: { type: 'string', default: '8h' },
      help: { type: 'boolean' },
    },
  });
  if (values.help || !values.role) {
    console.error(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  const config = loadConfig({ ...process.env, HUB_INTERNAL_SECRET: undefined }, 'all');
  if (!config.auth.jwtSecret) {
    throw new Error('JWT_JWKS_URL is set: tokens come from your identity provider, not from this script.');
  }
  const claims: Record<string, string> = { role: values.role };
  if (values.cluster) claims.cluster = values.cluster.toUpperCase();
  if (values.province) claims.province = values.province;
  if (values.agency) claims.agency = values.agency.toUpperCase();
  const subject = values.sub ?? `dev-${values.role}`;
  identityFromClaims({ ...claims, sub: subject });
  if (claims.cluster) parseClusterCode(claims.cluster, '--cluster');
  if (claims.province && !/^\d{2}$/.test(claims.province)) {
    throw new Error(`--province takes a two-digit province code such as 50; got "${claims.province}".`);
  }
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(subject)
    .setIssuedAt()
    .setExpirationTime(values.expires as string)
    .setIssuer(config.auth.issuer ?? 'osm-hub-dev')
    .setAudience(config.auth.audience ?? 'osm-hub')
    .sign(config.auth.jwtSecret);
  const lifetime = (decodeJwt(token).exp as number) - Math.floor(Date.now() / 1000);
  if (lifetime > config.auth.maxLifetimeSeconds) {
    throw new Error(`--expires ${values.expires} is longer than the hub accepts (JWT_MAX_LIFETIME_SECONDS=${config.auth.maxLifetimeSeconds}).`);
  }
  process.stdout.write(`${token}\n`);
}

main().catch((error) => {
  console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
  console.error(USAGE);
  process.exit(2);
});
