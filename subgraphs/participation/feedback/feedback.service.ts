import { CLUSTER_PROVINCES } from '../../../kit/clusters';
import { BadUserInputError, preview } from '../../../kit/errors';
import { cleanOptionalText } from '../../../kit/validate';
import { participantOf } from '../access';
import type { ParticipationContext } from '../context';
import type { CitizenFeedback } from '../generated/prisma/client';
import { displayNameOf, parseEmail, parseFullName, parsePhone } from '../personal/contact';
import { resolveSubject } from '../subject';
import type { RatingCounts } from './feedback.loaders';
import type { GiveFeedbackInput } from './feedback.input';
import type { FeedbackSummary } from './feedback.type';

/** Longest feedback comment, in characters. */
export const FEEDBACK_BODY_MAX = 2000;

/**
 * A project's summary from its counts per rating: the count, the average rounded half up to two
 * decimals in integer arithmetic (no binary-float drift), and all five ratings' counts.
 */
export function summaryOf(counts: RatingCounts): FeedbackSummary {
  const count = counts.reduce((sum, n) => sum + n, 0);
  const total = counts.reduce((sum, n, index) => sum + n * (index + 1), 0);
  // round(total / count, 2) half up = floor((200·total + count) / (2·count)) hundredths.
  const hundredths = count === 0 ? 0 : Math.floor((200 * total + count) / (2 * count));
  return {
    count,
    average: count === 0 ? null : `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`,
    distribution: counts.map((n, index) => ({ rating: index + 1, count: n })),
  };
}

/**
 * Records a person's feedback on a project: the project is asked of budget as the caller, so the
 * public can rate only projects it can read (APPROVED on); the province must be one of the
 * project's cluster (kit/clusters.ts), which also collects the personal data (PDPA).
 *
 * @throws BadUserInputError naming the field: a rating outside 1–5, a project the caller cannot
 *   read, a province outside the cluster, a bad comment or contact detail; SUBGRAPH_UNAVAILABLE
 *   when budget does not answer. Nothing is written on any error.
 */
export async function giveFeedback(context: ParticipationContext, input: GiveFeedbackInput): Promise<CitizenFeedback> {
  if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5) {
    throw new BadUserInputError(`rating must be a whole number from 1 (very dissatisfied) to 5 (very satisfied); got ${input.rating}.`, 'rating');
  }
  const body = cleanOptionalText(input.body, 'body', { max: FEEDBACK_BODY_MAX, multiline: true });
  const provinceCode = input.provinceCode.trim();
  if (!/^\d{2}$/.test(provinceCode)) throw new BadUserInputError(`provinceCode is a two-digit province code such as "50"; got ${preview(input.provinceCode)}.`, 'provinceCode');
  const fullName = parseFullName(input.fullName);
  const phone = input.phone ? parsePhone(input.phone) : null;
  const email = input.email ? parseEmail(input.email) : null;
  const displayName = displayNameOf(input.displayName, fullName);
  const project = await resolveSubject(context, input.projectId, 'projectId', ['PROJECT']);
  const members = CLUSTER_PROVINCES[project.clusterCode] ?? [];
  if (!members.includes(provinceCode)) {
    throw new BadUserInputError(`provinceCode must be a province of the project's cluster ${project.clusterCode} (${members.join(', ')}); got ${preview(provinceCode)}.`, 'provinceCode');
  }
  return context.prisma.citizenFeedback.create({
    data: {
      projectId: project.id,
      clusterCode: project.clusterCode,
      provinceCode,
      rating: input.rating,
      body,
      displayName,
      fullName,
      phone,
      email,
      citizenSub: participantOf(context.identity).citizenSub,
    },
  });
}
