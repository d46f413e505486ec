import { BadUserInputError, preview } from '../../kit/errors';
import type { Peers } from '../../kit/peer';
import { parseId } from '../../kit/validate';
import type { SubjectKind } from './generated/prisma/client';
import type { ParticipationLoaders } from './loaders';

/** What a hearing, comment or survey is about, once checked: its kind, id and cluster. */
export interface Subject {
  readonly kind: SubjectKind;
  readonly id: string;
  readonly clusterCode: string;
}

/** The subject kinds other subgraphs own: the subgraph asked and the query field that returns one. */
const REMOTE = {
  PLAN: { peer: 'strategy', field: 'plan', select: 'id cluster { code }' },
  STRATEGIC_ISSUE: { peer: 'strategy', field: 'strategicIssue', select: 'id plan { cluster { code } }' },
  PROJECT: { peer: 'budget', field: 'project', select: 'id cluster { code }' },
} as const;

type RemoteKind = keyof typeof REMOTE;
interface RemoteAnswer {
  readonly id: string;
  readonly cluster?: { readonly code: string };
  readonly plan?: { readonly cluster: { readonly code: string } };
}

function clusterOf(answer: RemoteAnswer): string {
  return answer.cluster?.code ?? answer.plan?.cluster.code ?? '';
}

/**
 * Finds the subject an id names and its cluster, asking its owner as the caller: hearings here,
 * plans and strategic issues from strategy, projects from budget (kit/peer.ts). With `kinds`, only
 * those kinds are looked for; without, every kind (one request per subgraph, in parallel).
 *
 * A subject the caller may not read (a draft plan, a project not yet approved) is refused like one
 * that does not exist — its owner answers null for both — so a refusal never reveals a draft.
 *
 * @throws BadUserInputError naming `field` when the id is malformed or names nothing the caller
 *   can read; PeerUnavailableError (`SUBGRAPH_UNAVAILABLE`) when an owner does not answer.
 */
export async function resolveSubject(
  context: { readonly peers: Peers; readonly loaders: ParticipationLoaders },
  id: string,
  field: string,
  kinds: readonly SubjectKind[] = ['HEARING', 'PLAN', 'STRATEGIC_ISSUE', 'PROJECT'],
): Promise<Subject> {
  const subjectId = parseId(id, field);
  if (kinds.includes('HEARING')) {
    const hearing = await context.loaders.hearingById.load(subjectId);
    if (hearing) return { kind: 'HEARING', id: hearing.id, clusterCode: hearing.clusterCode };
  }
  const remote = kinds.filter((kind): kind is RemoteKind => kind in REMOTE);
  const byPeer = new Map<string, RemoteKind[]>();
  for (const kind of remote) byPeer.set(REMOTE[kind].peer, [...(byPeer.get(REMOTE[kind].peer) ?? []), kind]);
  const answers = await Promise.all(
    [...byPeer].map(async ([peer, peerKinds]) => {
      const fields = peerKinds.map((kind) => `${kind}: ${REMOTE[kind].field}(id: $id) { ${REMOTE[kind].select} }`).join(' ');
      const data = await context.peers.query<Record<string, RemoteAnswer | null>>(peer as 'strategy' | 'budget', `query ParticipationSubject($id: ID!) { ${fields} }`, { id: subjectId });
      return peerKinds.map((kind) => [kind, data[kind]] as const);
    }),
  );
  for (const [kind, answer] of answers.flat()) {
    if (answer) return { kind, id: answer.id, clusterCode: clusterOf(answer) };
  }
  const what = kinds.map((kind) => kind.toLowerCase().replace('_', ' ')).join(', ');
  throw new BadUserInputError(`${field} ${preview(id)} names no ${what} you can read.`, field);
}
