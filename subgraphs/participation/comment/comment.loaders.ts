import type DataLoader from 'dataloader';
import { NEWEST_FIRST_ORDER } from '../../../kit/connection';
import { createChildrenLoader, createRowLoader } from '../../../kit/loaders';
import type { Comment, Prisma, PrismaClient } from '../generated/prisma/client';

/**
 * The per-request loaders of comments, spread into the participation subgraph's `createLoaders`:
 * the comments of N subjects, the replies of N comments and N parents cost one statement each,
 * whatever N.
 *
 * `topCommentsOfSubject(where)` makes one loader per read rule (the caller's rights are the same
 * for every subject of one request) and loads a subject's visible top-level comments whole, newest
 * first; the resolver pages them in memory.
 */
export function createCommentLoaders(prisma: PrismaClient) {
  const ofSubject = new Map<string, DataLoader<string, Comment[]>>();
  return {
    commentById: createRowLoader<string, Comment>(
      (ids) => prisma.comment.findMany({ where: { id: { in: [...ids] } } }),
      (comment) => comment.id,
    ),
    /** Every reply of each comment, oldest first (the order of a conversation); the resolver drops those the caller may not read. */
    repliesOfComment: createChildrenLoader<string, Comment>(
      (ids) => prisma.comment.findMany({ where: { parentId: { in: [...ids] } }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
      (comment) => comment.parentId ?? '',
    ),
    topCommentsOfSubject(where: Prisma.CommentWhereInput): DataLoader<string, Comment[]> {
      const key = JSON.stringify(where);
      let loader = ofSubject.get(key);
      if (!loader) {
        loader = createChildrenLoader<string, Comment>(
          (ids) => prisma.comment.findMany({ where: { AND: [where, { subjectId: { in: [...ids] }, parentId: null }] }, orderBy: [...NEWEST_FIRST_ORDER] }),
          (comment) => comment.subjectId,
        );
        ofSubject.set(key, loader);
      }
      return loader;
    },
  };
}
