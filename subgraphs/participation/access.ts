import { ForbiddenError, UnauthenticatedError } from '../../kit/errors';
import { authorizeClusterWrite, type ClusterWrite, type Identity } from '../../kit/identity';

/**
 * Who may read and write participation records, in one place (issue 11, item 8).
 *
 * - `public` (no token) reads published content — hearings, PUBLISHED comments, open and closed
 *   surveys, PUBLISHED articles — and writes comments, supports, reports, survey answers,
 *   registrations and feedback, anonymously.
 * - `citizen` (token with `sub`) does the same under its own name: its writes carry its subject,
 *   which also makes "one per person" rules exact.
 * - `osm-staff` moderate and publish for their own cluster (schedule hearings, publish comments,
 *   open and close surveys, publish articles) and read everything of it, drafts and PENDING
 *   comments included.
 * - `agency` and `admin` read across clusters; `admin` also writes anywhere.
 * - `province-officer` reads like the public (its cluster's staff run participation).
 *
 * Personal data (names, phone numbers, e-mail addresses, national ID numbers) follows
 * {@link maySeePersonalData}, not these read rules: an agency reads every cluster's comments, but
 * no commenter's phone number.
 */

/** Whether the caller reads every cluster's unpublished records (drafts, PENDING and HIDDEN comments). */
export function readsAllClusters(identity: Identity): boolean {
  return identity.role === 'admin' || identity.role === 'agency';
}

/**
 * The Prisma condition of the records the caller may list, the SQL twin of {@link readsUnpublished}:
 * the `published` ones, plus every record of its own cluster for OSM staff; everything for
 * agencies and admins.
 */
export function readableWhere<Where extends { OR?: Where[]; clusterCode?: unknown }>(identity: Identity, published: Where): Where {
  if (readsAllClusters(identity)) return {} as Where;
  if (identity.role === 'osm-staff' && identity.clusterCode) return { OR: [published, { clusterCode: identity.clusterCode } as Where] } as Where;
  return published;
}

/** Whether the caller reads the unpublished records of `clusterCode`: its own staff, agencies and admins. */
export function readsUnpublished(identity: Identity, clusterCode: string): boolean {
  return readsAllClusters(identity) || (identity.role === 'osm-staff' && identity.clusterCode === clusterCode);
}

/**
 * PDPA: whether the caller may see the personal data a record of `clusterCode` collected (full
 * name, phone, e-mail, the last four digits of a national ID number): the staff of that cluster
 * and admins only. Everyone else gets the display name and `null` for the personal fields — no
 * error, so a query shared by many callers keeps working.
 */
export function maySeePersonalData(identity: Identity, clusterCode: string): boolean {
  return identity.role === 'admin' || (identity.role === 'osm-staff' && identity.clusterCode === clusterCode);
}

/** Moderating, publishing, scheduling and reporting for a cluster: its OSM staff, or an admin. */
export function authorizeStaffWrite(identity: Identity, clusterCode: string, field = 'clusterCode'): ClusterWrite {
  return authorizeClusterWrite(identity, clusterCode, field);
}

/** Who writes a participation record on behalf of the public: recorded with the record. */
export interface Participant {
  /** The caller's role when it wrote (public, citizen, osm-staff, …). */
  readonly role: string;
  /** The citizen's `sub`, for `citizen` callers only (personal data). */
  readonly citizenSub: string | null;
  /**
   * The key for "one per person" rules when the caller is identified by its token (`sub:<subject>`
   * for citizens, `<role>:<subject>` for officers); null for the public, who identify by contact.
   */
  readonly personKey: string | null;
}

/**
 * The participant a write comes from. Every role may take part (staff answer surveys as people
 * too); only the public is anonymous.
 */
export function participantOf(identity: Identity): Participant {
  if (identity.role === 'public') return { role: 'public', citizenSub: null, personKey: null };
  if (identity.role === 'citizen') return { role: 'citizen', citizenSub: identity.subject ?? null, personKey: `sub:${identity.subject ?? ''}` };
  return { role: identity.role, citizenSub: null, personKey: identity.subject ? `${identity.role}:${identity.subject}` : null };
}

/**
 * Answering a data subject's request (`exportPersonalData`, `erasePersonalData`): admins for
 * every cluster, OSM staff for the records their own cluster collected.
 *
 * @returns the cluster whose records the caller may reach, or null for all clusters (admin).
 * @throws UnauthenticatedError for the public, ForbiddenError for everyone else.
 */
export function personalDataScope(identity: Identity): string | null {
  if (identity.role === 'admin') return null;
  if (identity.role === 'osm-staff' && identity.clusterCode) return identity.clusterCode;
  if (identity.role === 'public') {
    throw new UnauthenticatedError('Answering a personal-data request needs a signed-in OSM officer or admin: send an Authorization: Bearer <token> header.');
  }
  throw new ForbiddenError(`Only admins and the OSM staff of the cluster that collected the data answer personal-data requests; you have role "${identity.role}".`);
}
