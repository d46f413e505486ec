import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { CLUSTER_CODES, parseClusterCode } from './clusters';
import { ForbiddenError, preview, UnauthenticatedError } from './errors';

/**
 * The roles of the hub. `public` is anyone without a token; `citizen` is a member of the public
 * signed in through an identity provider (its token must carry `sub`): it reads what the public
 * reads and writes participation records (comments, registrations, survey answers, feedback)
 * under its own name.
 */
export const ROLES = ['public', 'citizen', 'osm-staff', 'province-officer', 'agency', 'admin'] as const;

/** One of {@link ROLES}. */
export type Role = (typeof ROLES)[number];

/**
 * Who is calling, as verified by the gateway. Scope fields are set only for the role that needs
 * them: `clusterCode` for `osm-staff`, `provinceCode` for `province-officer`, `agencyCode` for `agency`.
 */
export interface Identity {
  readonly role: Role;
  readonly subject?: string;
  readonly clusterCode?: string;
  readonly provinceCode?: string;
  readonly agencyCode?: string;
  /**
   * A pseudonymous key of the client's network address (see gateway `clientKeyOf`), set by the
   * gateway on the mutations of the public and of citizens only, so participation can hold
   * anonymous people to "one support per person". Not part of the rights class.
   */
  readonly client?: string;
}

/**
 * The rights class of an identity: its role and scope (`osm-staff:N1`, `agency:BB`, `public`).
 * What the subgraphs answer depends on this and nothing else of the identity (reads never depend
 * on the subject), so an answer may be shared between callers of one class and never across
 * classes: subscriptions group subscribers by it, and the gateway shares in-flight fetches by it.
 */
export function identityClassKey(identity: Identity): string {
  // A citizen may read what it wrote itself (its own registrations' personal data): no two citizens share.
  if (identity.role === 'citizen') return `citizen:${identity.subject ?? ''}`;
  const scope = identity.clusterCode ?? identity.provinceCode ?? identity.agencyCode;
  return scope ? `${identity.role}:${scope}` : identity.role;
}

/** The identity of a caller without a token. */
export const PUBLIC_IDENTITY: Identity = Object.freeze({ role: 'public' });

/** The HTTP header that carries the gateway-signed identity to subgraphs. */
export const IDENTITY_HEADER = 'x-osm-identity';

const INTERNAL_ISSUER = 'osm-hub-gateway';

/** Shapes of the scope claims, checked before any use (a NUL byte never reaches SQL or logs). */
const SCOPE_SHAPES = {
  cluster: /^[A-Z]{1,3}\d{1,2}$/,
  province: /^\d{2}$/,
  agency: /^[A-Z][A-Z0-9_-]{0,19}$/,
} as const;
/** A subject: printable, no controls or broken surrogates, 1-200 characters. */
// eslint-disable-next-line no-control-regex -- the point is to refuse control characters
const SUBJECT = /^(?:[^\u0000-\u001F\u007F-\u009F\uD800-\uDFFF]|[\uD800-\uDBFF][\uDC00-\uDFFF]){1,200}$/;
const INTERNAL_AUDIENCE = 'osm-hub-subgraph';
/** Shape of {@link Identity.client}: base64url of a SHA-256 digest. */
const CLIENT_KEY = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * Reads an identity out of verified token claims (`role`, `sub`, `cluster`, `province`, `agency`).
 * Throws {@link UnauthenticatedError} when the role is unknown or its scope claim is missing, so a
 * token that would grant nothing useful is refused instead of silently downgraded.
 */
export function identityFromClaims(claims: Record<string, unknown>): Identity {
  const role = claims.role;
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role) || role === 'public') {
    throw new UnauthenticatedError(
      `The token's "role" claim must be one of citizen, osm-staff, province-officer, agency, admin; got ${preview(JSON.stringify(role ?? null))}.`,
      401,
    );
  }
  const scope = (claim: 'cluster' | 'province' | 'agency'): string => {
    const value = claims[claim];
    if (typeof value !== 'string' || value.trim() === '') {
      throw new UnauthenticatedError(`A token with role "${role}" must carry a "${claim}" claim naming its ${claim}.`, 401);
    }
    const text = value.trim().toUpperCase();
    if (!SCOPE_SHAPES[claim].test(text) || (claim === 'cluster' && !CLUSTER_CODES.has(text))) {
      throw new UnauthenticatedError(`The token's "${claim}" claim is not a valid ${claim} code; got ${preview(value)}.`, 401);
    }
    return text;
  };
  let subject: string | undefined;
  if (claims.sub !== undefined) {
    if (typeof claims.sub !== 'string' || !SUBJECT.test(claims.sub)) {
      throw new UnauthenticatedError(
        'The token\'s "sub" claim must be 1-200 printable characters (no control characters); ask your identity provider for a valid token.',
        401,
      );
    }
    subject = claims.sub;
  }
  switch (role as Role) {
    case 'citizen':
      if (!subject) {
        throw new UnauthenticatedError('A token with role "citizen" must carry a "sub" claim naming the person (their identity provider\'s subject).', 401);
      }
      return Object.freeze({ role: 'citizen', subject });
    case 'osm-staff':
      return Object.freeze({ role: 'osm-staff', subject, clusterCode: scope('cluster') });
    case 'province-officer':
      return Object.freeze({ role: 'province-officer', subject, provinceCode: scope('province') });
    case 'agency':
      return Object.freeze({ role: 'agency', subject, agencyCode: scope('agency') });
    default:
      return Object.freeze({ role: 'admin', subject });
  }
}

function claimsOf(identity: Identity): Record<string, string> {
  const claims: Record<string, string> = { role: identity.role };
  if (identity.clusterCode) claims.cluster = identity.clusterCode;
  if (identity.provinceCode) claims.province = identity.provinceCode;
  if (identity.agencyCode) claims.agency = identity.agencyCode;
  if (identity.client) claims.client = identity.client;
  return claims;
}

/**
 * Signs an identity for the hop from the gateway to a subgraph (HS256 with the hub's internal
 * secret, valid for five minutes). Only a process holding that secret can produce it.
 */
export async function signInternalIdentity(identity: Identity, secret: Uint8Array): Promise<string> {
  const jwt = new SignJWT(claimsOf(identity))
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(INTERNAL_ISSUER)
    .setAudience(INTERNAL_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('5m');
  if (identity.subject) jwt.setSubject(identity.subject);
  return jwt.sign(secret);
}

/**
 * Verifies the identity a subgraph received in {@link IDENTITY_HEADER}. A missing header means
 * `public`. A header that does not verify (forged, expired, signed with another secret) throws
 * {@link UnauthenticatedError}: the subgraph refuses the request rather than guess.
 */
export async function verifyInternalIdentity(header: string | undefined, secret: Uint8Array): Promise<Identity> {
  if (!header) return PUBLIC_IDENTITY;
  try {
    const { payload } = await jwtVerify(header, secret, {
      issuer: INTERNAL_ISSUER,
      audience: INTERNAL_AUDIENCE,
      algorithms: ['HS256'],
    });
    const base = payload.role === 'public' ? PUBLIC_IDENTITY : identityFromClaims(payload);
    return typeof payload.client === 'string' && CLIENT_KEY.test(payload.client) ? Object.freeze({ ...base, client: payload.client }) : base;
  } catch (error) {
    if (error instanceof UnauthenticatedError) throw error;
    const reason = error instanceof joseErrors.JOSEError ? error.code : 'malformed';
    throw new UnauthenticatedError(
      `The ${IDENTITY_HEADER} header did not verify (${reason}). Subgraphs accept identities only from the gateway: send your request to the gateway with an Authorization: Bearer token.`,
      401,
    );
  }
}

/** Who a write is recorded as: the token's subject, or the role when the token names none. */
function authorOf(identity: Identity): string {
  return identity.subject ?? identity.role;
}

/**
 * Checks that the caller may write data of a cluster: `admin` anywhere, `osm-staff` in their own
 * cluster. Throws {@link UnauthenticatedError} for the public and {@link ForbiddenError} otherwise.
 */
function assertCanWriteCluster(identity: Identity, clusterCode: string): void {
  if (identity.role === 'public') {
    throw new UnauthenticatedError(
      `Changing data of cluster ${clusterCode} needs a signed-in OSM officer: send an Authorization: Bearer <token> header.`,
    );
  }
  if (identity.role === 'admin') return;
  if (identity.role === 'osm-staff' && identity.clusterCode === clusterCode) return;
  const who =
    identity.role === 'osm-staff' ? `OSM staff of cluster ${identity.clusterCode}` : `a caller with role "${identity.role}"`;
  throw new ForbiddenError(`You are ${who}; only OSM staff of cluster ${clusterCode} (or an admin) may change its data.`);
}

/** A write the caller may make: the cluster it changes and who it is recorded as. */
export interface ClusterWrite {
  readonly clusterCode: string;
  readonly author: string;
}

/**
 * The one check before any write to a cluster's data: reads the cluster code from input (trimmed,
 * upper-cased, one of the 18), checks the caller may change that cluster (`admin` anywhere,
 * `osm-staff` in their own cluster), and names who the write is recorded as.
 *
 * @param field the input field that carried the code, named in the error when it is not a cluster.
 * @throws BadUserInputError for an unknown cluster, UnauthenticatedError for the public,
 *   ForbiddenError for anyone else who may not write there.
 */
export function authorizeClusterWrite(identity: Identity, code: string, field = 'clusterCode'): ClusterWrite {
  const clusterCode = parseClusterCode(code, field);
  assertCanWriteCluster(identity, clusterCode);
  return { clusterCode, author: authorOf(identity) };
}
