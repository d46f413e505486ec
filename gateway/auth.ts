import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { AuthConfig } from '../kit/config';
import { UnauthenticatedError } from '../kit/errors';
import { identityFromClaims, PUBLIC_IDENTITY, type Identity } from '../kit/identity';

/** Turns an `Authorization` header into a verified identity. */
export type Authenticator = (authorization: string | undefined) => Promise<Identity>;

/**
 * Creates the gateway's token check: HS256 with `JWT_SECRET`, or RS256/ES256 keys from
 * `JWT_JWKS_URL` (fetched and cached by jose). No header means the `public` role. A header that is
 * not `Bearer <jwt>`, or a token that is expired, has no `exp`, lives longer than
 * `maxLifetimeSeconds`, is badly signed, has the wrong issuer/audience or malformed claims, throws {@link UnauthenticatedError} with HTTP status 401.
 */
export function createAuthenticator(config: AuthConfig): Authenticator {
  const jwks: JWTVerifyGetKey | undefined = config.jwksUrl ? createRemoteJWKSet(config.jwksUrl) : undefined;
  const options = {
    issuer: config.issuer,
    audience: config.audience,
    algorithms: jwks ? ['RS256', 'ES256'] : ['HS256'],
    requiredClaims: ['exp'],
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
      const lifetime = (payload.exp as number) - Math.floor(Date.now() / 1000);
      if (lifetime > config.maxLifetimeSeconds) {
        throw new UnauthenticatedError(
          `Your token is valid for ${lifetime} s more; this hub accepts tokens that expire within ${config.maxLifetimeSeconds} s. Ask for a shorter-lived token.`,
          401,
        );
      }
      return identityFromClaims(payload);
    } catch (error) {
      if (error instanceof UnauthenticatedError) throw error;
      if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'exp' && error.reason === 'missing') {
        throw new UnauthenticatedError('Your token has no expiry ("exp" claim); this hub accepts only tokens that expire.', 401);
      }
      if (error instanceof joseErrors.JWTExpired) {
        throw new UnauthenticatedError('Your token has expired: sign in again to get a new one.', 401);
      }
      const reason = error instanceof joseErrors.JOSEError ? error.code : 'malformed token';
      throw new UnauthenticatedError(`Your token could not be verified (${reason}). Send a token issued for this hub.`, 401);
    }
  };
}
