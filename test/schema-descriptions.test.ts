import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, type DefinitionNode } from 'graphql';
import { SUBGRAPH_NAMES } from '../kit/config';
import { PROJECT_ROOT } from '../kit/paths';

/**
 * Agency developers read the graph in GraphiQL: every type, field, enum value and argument a
 * subgraph serves carries a description.
 */
const DESCRIBED = SUBGRAPH_NAMES;

/** Federation's own definitions, and the root types (described by their fields). */
const EXEMPT = new Set(['Query', 'Mutation', 'Subscription', '_Any', '_Entity', '_Service', 'FieldSet', 'link__Import', 'link__Purpose']);

function undescribed(definition: DefinitionNode): string[] {
  if (!('name' in definition) || !definition.name || EXEMPT.has(definition.name.value) || definition.kind === 'DirectiveDefinition') return [];
  const type = definition.name.value;
  const missing: string[] = 'description' in definition && definition.description ? [] : [type];
  const members = 'fields' in definition ? (definition.fields ?? []) : 'values' in definition ? (definition.values ?? []) : [];
  for (const member of members) {
    if (member.name.value.startsWith('_')) continue;
    if (!member.description) missing.push(`${type}.${member.name.value}`);
    for (const argument of 'arguments' in member ? (member.arguments ?? []) : []) {
      if (!argument.description) missing.push(`${type}.${member.name.value}(${argument.name.value})`);
    }
  }
  return missing;
}

describe.each(DESCRIBED)('the %s subgraph schema', (name) => {
  it('describes every type, field, enum value and argument', () => {
    const document = parse(readFileSync(path.join(PROJECT_ROOT, 'schema', `${name}.graphql`), 'utf8'));
    expect(document.definitions.flatMap(undescribed)).toEqual([]);
  });
});
