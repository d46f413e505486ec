import { readFileSync } from 'node:fs';
import { createApolloGateway } from '../kit/apollo-gateway';
import { buildSchema } from 'graphql';
import { gatewaySchemas } from '../gateway/subscriptions/plan';
import { checkRegistry } from '../gateway/subscriptions/registry';
import { SUPERGRAPH_PATH } from '../hub';
import { StartupError } from '../kit/errors';

describe('the gateway\'s event registry', () => {
  it('fits the checked-in supergraph', async () => {
    const supergraphSdl = readFileSync(SUPERGRAPH_PATH, 'utf8');
    const gateway = createApolloGateway({ supergraphSdl });
    await gateway.load();
    try {
      const schemas = gatewaySchemas(gateway);
      expect(() => checkRegistry(schemas.api, schemas.supergraph, supergraphSdl)).not.toThrow();
      expect(Object.keys(schemas.api.getSubscriptionType()?.getFields() ?? {})).toEqual(['alertRaised']);
      // The log fields are in the supergraph, hidden from clients.
      expect(schemas.api.getQueryType()?.getFields().alertLog).toBeUndefined();
      expect(Object.keys(schemas.supergraph.getQueryType()?.getFields() ?? {})).toEqual(expect.arrayContaining(['alertLog', 'alertLogHead']));
    } finally {
      await gateway.stop();
    }
  });

  it('stops the gateway, naming each mismatch, when the supergraph does not fit', () => {
    const api = buildSchema(`type Query { alerts: [Alert!]! }
      type Alert { id: ID! }
      type Subscription { alertRaised(clusterCode: String): Alert projectProgressUpdated: Int }`);
    let error: unknown;
    try {
      checkRegistry(api, api, 'type Alert @join__type(graph: MONITORING, key: "id") { id: ID! }');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(StartupError);
    const message = (error as Error).message;
    expect(message).toContain('Subscription.projectProgressUpdated is in the supergraph but the gateway\'s event registry does not serve it');
    expect(message).toContain('Subscription.alertRaised must return Alert!');
    expect(message).toContain('Subscription.alertRaised has no after argument');
    expect(message).toContain('Query.alertLog (the alertRaised log) is not in the supergraph');
  });
});
