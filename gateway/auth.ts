import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { AuthConfig } from '../subgraphs/common/config';
import { UnauthenticatedError } from '../subgraphs/common/errors';
import { identityFromClaims, PUBLIC_IDENTITY, type Identity } from '../subgraphs/common/identity';

/** Turns an `Authorization` header into a verified identity. */
export type Authenticator = (authorization: string | undefined) => Promise<Identity>;

/**
 * Creates the gateway's token check: HS256 with `JWT_SECRET`, or RS256/ES256 keys from
 * `JWT_JWKS_URL` (fetched and cached by jose). No header means the `public` role. A header that is
 * not `Bearer <jwt>`, or a token that is expired, badly signed, or has the wrong issuer/audience,
 * throws {@link UnauthenticatedError} with HTTP status 401.
 */
export function createAuthenticator(config: AuthConfig): Authenticator {
  const jwks: JWTVerifyGetKey | undefined = config.jwksUrl ? createRemoteJWKSet(config.jwksUrl) : undefined;
  const options = {
    issuer: config.issuer,
    audience: config.audience,
    algorithms: jwks ? ['RS256', 'ES256'] : ['HS256'],
  };
  return async (authorization) => {
    if (!authorization || authorization.trim() === '') return PUBLIC_IDENTITY;
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match) {
      throw new UnauthenticatedError('The Authorization header must be "Bearer <token>".', 401);
    }
    try {
      const { payload } = jwks
        ? await jwtVerify(match[1], jwks, options)
        : await jwtVerify(match[1], config.jwtSecret as Uint8Array, options);
      return identityFromClaims(payload);
    } catch (error) {
      if (error instanceof UnauthenticatedError) throw error;
      if (error instanceof joseErrors.JWTExpired) {
        throw new UnauthenticatedError('Your token has expired: sign in again to get a new one.', 401);
      }
      const reason = error instanceof joseErrors.JOSEError ? error.code : 'malformed token';
      throw new UnauthenticatedError(`Your token could not be verified (${reason}). Send a token issued for this hub.`, 401);
    }
  };
}
