import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Kind, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql';

/**
 * The GraphQL examples in the documentation are what agency developers copy first: every operation
 * in a ```graphql block of README.md and of each subgraph's README.md must parse and be valid
 * against the hub's API schema (schema/supergraph.graphql as the gateway serves it, without its
 * `@inaccessible` parts), so a renamed field or argument cannot leave a broken example behind.
 * A block may hold several operations, to be sent one at a time; each is checked on its own.
 */

const ROOT = path.join(__dirname, '..');

/** The API schema clients see, built the way the gateway builds it (federation-internals through @apollo/gateway). */
function apiSchema(): GraphQLSchema {
  const internals = createRequire(require.resolve('@apollo/gateway'))('@apollo/federation-internals') as {
    Supergraph: { build(sdl: string): { apiSchema(): { toGraphQLJSSchema(): GraphQLSchema } } };
  };
  return internals.Supergraph.build(readFileSync(path.join(ROOT, 'schema', 'supergraph.graphql'), 'utf8')).apiSchema().toGraphQLJSSchema();
}

const DOCS = [
  'README.md',
  ...readdirSync(path.join(ROOT, 'subgraphs'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => path.join('subgraphs', entry.name, 'README.md')),
];

/** The ```graphql blocks of a Markdown file, with the line each starts on. */
function graphqlBlocks(file: string): { line: number; body: string }[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  return [...text.matchAll(/^```graphql\n([\s\S]*?)^```/gm)].map((match) => ({ line: text.slice(0, match.index).split('\n').length, body: match[1] }));
}

/** One document per operation of a block, with the block's fragments. */
function operationsOf(document: DocumentNode): DocumentNode[] {
  const fragments = document.definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION);
  return document.definitions
    .filter((definition) => definition.kind === Kind.OPERATION_DEFINITION)
    .map((operation) => ({ kind: Kind.DOCUMENT, definitions: [operation, ...fragments] }));
}

describe('the GraphQL examples in the documentation', () => {
  const schema = apiSchema();
  const examples = DOCS.flatMap((file) => graphqlBlocks(file).map((block) => ({ file, ...block })));

  it('are there to check (the README has its examples)', () => {
    expect(examples.filter((example) => example.file === 'README.md').length).toBeGreaterThan(10);
  });

  it.each(DOCS)('in %s parse and are valid against the API schema, one operation at a time', (file) => {
    const problems: string[] = [];
    for (const block of examples.filter((example) => example.file === file)) {
      let document: DocumentNode;
      try {
        document = parse(block.body);
      } catch (error) {
        problems.push(`${file}:${block.line}: ${(error as Error).message}`);
        continue;
      }
      if (document.definitions.some((definition) => definition.kind !== Kind.OPERATION_DEFINITION && definition.kind !== Kind.FRAGMENT_DEFINITION)) {
        problems.push(`${file}:${block.line}: a \`\`\`graphql block holds schema definitions; mark it \`\`\`graphql-sdl or show operations only`);
        continue;
      }
      for (const operation of operationsOf(document)) {
        for (const error of validate(schema, operation)) problems.push(`${file}:${block.line}: ${error.message}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
