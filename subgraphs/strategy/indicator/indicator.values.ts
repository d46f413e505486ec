import { Prisma } from '../generated/prisma/client';

/**
 * Indicator values as the API shows them: exact decimals with at least two decimals and more only
 * when the value has them ("12.50", "3.00", "0.125"); the database keeps four (DECIMAL(20,4)).
 */
export function formatValue(value: Prisma.Decimal): string {
  return value.decimalPlaces() < 2 ? value.toFixed(2) : value.toFixed();
}

/** How the member provinces' targets of an indicator compare with its cluster target. */
export interface Comparison {
  /** The provinces' targets combined under the rule; null when none, or (SAME) when they differ. */
  readonly provinceTotal: Prisma.Decimal | null;
  /** Whether they agree with the cluster target (false when the cluster target is missing). */
  readonly agrees: boolean;
  /** Provinces whose target breaks the rule on its own (SAME: differs; MINIMUM: below the cluster target). */
  readonly mismatched: string[];
}

/**
 * Compares province targets with the cluster target under a cascade rule. AVERAGE compares the
 * mean and the cluster target both rounded half-up to two decimals, so a cluster target of
 * "33.33" agrees with provinces 10, 40 and 50.
 */
export function compareTargets(
  rule: 'SUM' | 'AVERAGE' | 'MINIMUM' | 'SAME',
  clusterValue: Prisma.Decimal | null,
  provinces: readonly { code: string; value: Prisma.Decimal }[],
): Comparison {
  if (provinces.length === 0) return { provinceTotal: null, agrees: false, mismatched: [] };
  const values = provinces.map((province) => province.value);
  const sum = values.reduce((total, value) => total.plus(value), new Prisma.Decimal(0));
  const min = values.reduce((low, value) => (value.lessThan(low) ? value : low));
  switch (rule) {
    case 'SUM':
      return { provinceTotal: sum, agrees: clusterValue !== null && sum.equals(clusterValue), mismatched: [] };
    case 'AVERAGE': {
      const mean = sum.dividedBy(values.length).toDecimalPlaces(2, Prisma.Decimal.ROUND_HALF_UP);
      const agrees = clusterValue !== null && mean.equals(clusterValue.toDecimalPlaces(2, Prisma.Decimal.ROUND_HALF_UP));
      return { provinceTotal: mean, agrees, mismatched: [] };
    }
    case 'MINIMUM': {
      const below = clusterValue ? provinces.filter((province) => province.value.lessThan(clusterValue)).map((p) => p.code) : [];
      return { provinceTotal: min, agrees: clusterValue !== null && min.equals(clusterValue), mismatched: below };
    }
    case 'SAME': {
      const common = values.every((value) => value.equals(values[0])) ? values[0] : null;
      const differ = clusterValue ? provinces.filter((province) => !province.value.equals(clusterValue)).map((p) => p.code) : [];
      return { provinceTotal: common, agrees: clusterValue !== null && differ.length === 0, mismatched: differ };
    }
  }
}
