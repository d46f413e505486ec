import { GraphQLNonNull, GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { parseClusterCode } from '../../kit/clusters';
import { BadUserInputError, ForbiddenError, preview, StartupError, UnauthenticatedError } from '../../kit/errors';
import type { Identity } from '../../kit/identity';

/**
 * The registry of event fields the gateway serves as subscriptions. Adding the next event type
 * (`indicatorResultRecorded`, `projectProgressUpdated`) is one declaration in its subgraph (the
 * `Subscription` field and its `@inaccessible` log fields) plus one entry here; {@link checkRegistry}
 * holds each entry against the supergraph when the gateway starts.
 */

/** One event read from a subgraph's log, or announced on the bus. */
export interface LogEvent {
  readonly sequence: bigint;
  /** The key of the event's entity (`Alert.id`). */
  readonly id: string;
  /** The event's routing fields (an alert's `clusterCode`, `severity`). */
  readonly fields: Readonly<Record<string, string>>;
}

/** Who receives which events of a field: fixed per subscription once it is authorised. */
export interface Route {
  /** Whether `event` goes to this subscription. */
  matches(event: LogEvent): boolean;
  /** The log query's routing arguments, so a resume reads only matching events. */
  readonly logArguments: Readonly<Record<string, unknown>>;
  /** A stable text of the route (part of a group's key). */
  readonly key: string;
}

/** Looks up the cluster a province belongs to (null when it belongs to none). */
export type ProvinceClusters = (provinceCode: string) => Promise<string | null>;

/** One subscription field served from an event log. */
export interface EventField {
  /** The `Subscription` field. */
  readonly field: string;
  /** The entity type the field returns, and the key field the event carries. */
  readonly entity: string;
  readonly key: string;
  /** The argument that takes the last sequence a client saw. */
  readonly cursorArgument: string;
  /** The subgraph that owns the event, its log and its log fields (`@inaccessible` queries). */
  readonly subgraph: string;
  readonly logField: string;
  readonly headField: string;
  /** What the tailer selects of each log entry (sent to the owning subgraph itself). */
  readonly logSelection: string;
  /** Turns a log entry (as selected by `logSelection`) into an event. */
  eventOf(entry: Readonly<Record<string, unknown>>): LogEvent;
  /**
   * Authorises a subscription and fixes its route from the field's arguments (cursor excluded).
   *
   * @throws UnauthenticatedError / ForbiddenError / BadUserInputError (sent as the operation's error).
   */
  authorize(identity: Identity, args: Readonly<Record<string, unknown>>, provinces: ProvinceClusters): Promise<Route>;
}

/** Alert severities from least to most urgent. */
const SEVERITIES = ['INFO', 'WARNING', 'CRITICAL'] as const;

/**
 * The cluster a caller's alert subscription covers: OSM staff and province officers their own
 * (an omitted `clusterCode` means their own, another cluster is FORBIDDEN); agencies and admins
 * the one they name, or all (null). The public may not subscribe (UNAUTHENTICATED: sign in).
 */
async function alertCluster(identity: Identity, requested: string | null, provinces: ProvinceClusters): Promise<string | null> {
  switch (identity.role) {
    case 'public':
      throw new UnauthenticatedError(
        'Alert subscriptions are for signed-in OSM staff, province officers, agencies and admins: connect with connectionParams { authorization: "Bearer <token>" }.',
      );
    case 'citizen':
      throw new ForbiddenError('Alert subscriptions are for OSM staff, province officers, agencies and admins; a citizen token may not subscribe.');
    case 'agency':
    case 'admin':
      return requested;
    case 'osm-staff':
    case 'province-officer': {
      const own = identity.role === 'osm-staff' ? (identity.clusterCode as string) : await provinces(identity.provinceCode as string);
      const who = identity.role === 'osm-staff' ? `OSM staff of cluster ${own}` : `a province officer of province ${identity.provinceCode}`;
      if (!own) throw new ForbiddenError(`You are ${who}, which belongs to no cluster; only agencies and admins receive alerts of every cluster.`);
      if (requested && requested !== own) {
        throw new ForbiddenError(`You are ${who}: you may subscribe to the alerts of cluster ${own} only (omit clusterCode, or send "${own}"), not ${requested}.`);
      }
      return own;
    }
  }
}

/** `alertRaised(clusterCode, minSeverity, after)`, from monitoring's `Alert` log. */
const ALERT_RAISED: EventField = {
  field: 'alertRaised',
  entity: 'Alert',
  key: 'id',
  cursorArgument: 'after',
  subgraph: 'monitoring',
  logField: 'alertLog',
  headField: 'alertLogHead',
  logSelection: 'sequence id severity cluster { code }',
  eventOf: (entry) => ({
    sequence: BigInt(entry.sequence as string),
    id: String(entry.id),
    fields: { clusterCode: String((entry.cluster as { code: string }).code), severity: String(entry.severity) },
  }),
  async authorize(identity, args, provinces) {
    const requested = typeof args.clusterCode === 'string' ? parseClusterCode(args.clusterCode) : null;
    const clusterCode = await alertCluster(identity, requested, provinces);
    const minSeverity = typeof args.minSeverity === 'string' ? args.minSeverity : null;
    const rank = minSeverity ? SEVERITIES.indexOf(minSeverity as (typeof SEVERITIES)[number]) : 0;
    if (rank < 0) throw new BadUserInputError(`minSeverity must be one of ${SEVERITIES.join(', ')}; got ${preview(minSeverity)}.`, 'minSeverity');
    return {
      key: `${clusterCode ?? '*'}:${minSeverity ?? '*'}`,
      logArguments: { clusterCode, minSeverity },
      matches: (event) =>
        (clusterCode === null || event.fields.clusterCode === clusterCode) &&
        SEVERITIES.indexOf(event.fields.severity as (typeof SEVERITIES)[number]) >= rank,
    };
  },
};

/** Every event field the gateway serves, by field name. */
export const EVENT_FIELDS: Readonly<Record<string, EventField>> = { [ALERT_RAISED.field]: ALERT_RAISED };

/**
 * Holds the registry against the composed graph: each field is on `Subscription` in the API schema,
 * returns its entity (non-null), takes the cursor argument; the entity is a federation entity with
 * the key field; the log fields exist in the supergraph (hidden from clients); and the API schema
 * has no subscription field the registry does not serve.
 *
 * @throws StartupError listing every mismatch.
 */
export function checkRegistry(api: GraphQLSchema, supergraph: GraphQLSchema, supergraphSdl: string, fields: Readonly<Record<string, EventField>> = EVENT_FIELDS): void {
  const problems: string[] = [];
  const subscription = api.getSubscriptionType();
  const served = subscription ? Object.keys(subscription.getFields()) : [];
  for (const name of served) if (!fields[name]) problems.push(`Subscription.${name} is in the supergraph but the gateway's event registry does not serve it`);
  for (const spec of Object.values(fields)) {
    const field = subscription?.getFields()[spec.field];
    if (!field) {
      problems.push(`Subscription.${spec.field} is not in the supergraph`);
      continue;
    }
    const type = field.type instanceof GraphQLNonNull ? field.type.ofType : undefined;
    if (!(type instanceof GraphQLObjectType) || type.name !== spec.entity) problems.push(`Subscription.${spec.field} must return ${spec.entity}!`);
    if (!field.args.some((arg) => arg.name === spec.cursorArgument)) problems.push(`Subscription.${spec.field} has no ${spec.cursorArgument} argument`);
    const entity = api.getType(spec.entity);
    if (!(entity instanceof GraphQLObjectType) || !entity.getFields()[spec.key]) problems.push(`${spec.entity}.${spec.key} is not in the supergraph`);
    const keyPattern = new RegExp(`type ${spec.entity}\\b[^{]*@join__type\\(graph: ${spec.subgraph.toUpperCase()}, key: "${spec.key}"`);
    if (!keyPattern.test(supergraphSdl)) problems.push(`${spec.entity} is not an entity of ${spec.subgraph} with @key(fields: "${spec.key}")`);
    const query = supergraph.getQueryType()?.getFields();
    for (const log of [spec.logField, spec.headField]) if (!query?.[log]) problems.push(`Query.${log} (the ${spec.field} log) is not in the supergraph`);
  }
  if (problems.length > 0) throw new StartupError(`The supergraph does not fit the gateway's subscriptions: ${problems.join('; ')}. Run npm run schema:emit.`);
}
