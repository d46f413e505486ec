import { ApolloGateway, type GatewayConfig } from '@apollo/gateway';

// Apart from kit/federation.ts (which builds subgraph schemas): a subgraph process or thread never
// loads @apollo/gateway, 0.8 s of CPU of a subgraph thread's start.

/**
 * `new ApolloGateway(config)` with Apollo's own data collection switched off.
 *
 * Left on, @apollo/gateway sends usage metrics to usage-reporting.api.apollographql.com from every
 * gateway and, before that, probes the metadata servers of AWS, GCP, Azure and Alibaba Cloud
 * (169.254.169.254 …) to describe the machine. A government hub must not send anything to a
 * third party, and on a closed network the probes only add errors (one printed a
 * MetadataLookupWarning here). `APOLLO_TELEMETRY_DISABLED` is the switch the gateway reads in its
 * constructor; it is set for the whole process because no part of the hub wants it on.
 */
export function createApolloGateway(config: GatewayConfig): ApolloGateway {
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  return new ApolloGateway(config);
}
