import { CLUSTER_PROVINCES, clusterOfProvince } from '../../../kit/clusters';
import { BadUserInputError } from '../../../kit/errors';
import { cleanOptionalText, parseId } from '../../../kit/validate';
import type { PrismaClient } from '../generated/prisma/client';
import { displayNameOf, parseEmail, parseFullName, parsePhone } from '../personal/contact';
import { FEEDBACK_BODY_MAX } from './feedback.service';
import sampleFile from './feedback.sample.json';

/**
 * Loads the sample citizen feedback of `feedback.sample.json` (`isSample: true`) on sample
 * projects the public can read (budget's sample.json). The project's cluster is the province's
 * (each sample project lies in one cluster). Idempotent: fixed ids, `skipDuplicates`. The data
 * goes through the checks user input would (rating 1–5, texts, contact details).
 *
 * @throws BadUserInputError when the sample file breaks one of those rules.
 */
export async function seedSampleFeedback(prisma: PrismaClient): Promise<void> {
  await prisma.citizenFeedback.createMany({
    skipDuplicates: true,
    data: sampleFile.feedback.map((item) => {
      const clusterCode = clusterOfProvince(item.provinceCode);
      if (!clusterCode || !CLUSTER_PROVINCES[clusterCode].includes(item.provinceCode)) throw new BadUserInputError(`Sample feedback ${item.id}: province ${item.provinceCode} is in no cluster.`, 'provinceCode');
      if (!Number.isInteger(item.rating) || item.rating < 1 || item.rating > 5) throw new BadUserInputError(`Sample feedback ${item.id}: rating ${item.rating} is not 1 to 5.`, 'rating');
      const fullName = parseFullName(item.fullName);
      return {
        id: parseId(item.id),
        projectId: parseId(item.projectId, 'projectId'),
        clusterCode,
        provinceCode: item.provinceCode,
        rating: item.rating,
        body: cleanOptionalText(item.body, 'body', { max: FEEDBACK_BODY_MAX, multiline: true }),
        displayName: displayNameOf(null, fullName),
        fullName,
        phone: item.phone ? parsePhone(item.phone) : null,
        email: item.email ? parseEmail(item.email) : null,
        createdAt: new Date(item.createdAt),
        isSample: true,
      };
    }),
  });
}
