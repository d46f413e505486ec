import { BadUserInputError } from './errors';
import { parseDate } from './validate';

/**
 * Thai government fiscal years and quarters. The fiscal year starts on 1 October and is named by
 * the Buddhist Era year in which it ends: 2569 runs from 1 October 2025 to 30 September 2026.
 * Quarter 1 is October–December, quarter 2 January–March, quarter 3 April–June, quarter 4
 * July–September. Dates are calendar dates in Asia/Bangkok (UTC+7 all year, no daylight saving).
 */

/** Years between the Gregorian and the Buddhist Era calendars. */
const BUDDHIST_ERA_OFFSET = 543;
/** Bangkok's offset from UTC in milliseconds (UTC+7 all year). */
const BANGKOK_OFFSET_MS = 7 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

/** A Thai fiscal year (Buddhist Era) and quarter (1–4). */
export interface FiscalQuarter {
  readonly fiscalYear: number;
  readonly quarter: 1 | 2 | 3 | 4;
}

/** The calendar date `YYYY-MM-DD` an instant falls on in Bangkok. */
export function bangkokDate(instant: Date): string {
  return new Date(instant.getTime() + BANGKOK_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * The instant a Bangkok wall-clock hour of a calendar date starts (`date` as `parseDate` returns
 * it: midnight UTC of that date), e.g. `bangkokTime(date, 9)` for 09:00 in Bangkok.
 */
export function bangkokTime(date: Date, hours = 0): Date {
  return new Date(date.getTime() + hours * HOUR_MS - BANGKOK_OFFSET_MS);
}

/**
 * A filter's range of Bangkok calendar days (`YYYY-MM-DD`, both ends included), as the Prisma
 * condition on an instant column: from 00:00 Bangkok of `from` to before 00:00 of the day after
 * `to`. Either end may be absent; null when both are.
 *
 * @throws BadUserInputError naming the field of a malformed date, or `to` when it is before `from`.
 */
export function bangkokDays(
  from: string | null | undefined,
  to: string | null | undefined,
  fields: { readonly from: string; readonly to: string },
): { gte?: Date; lt?: Date } | null {
  const start = from === null || from === undefined ? null : parseDate(from, fields.from);
  const end = to === null || to === undefined ? null : parseDate(to, fields.to);
  if (start && end && end < start) {
    throw new BadUserInputError(`${fields.to} (${to?.trim()}) must not be before ${fields.from} (${from?.trim()}).`, fields.to);
  }
  if (!start && !end) return null;
  return { ...(start ? { gte: bangkokTime(start) } : {}), ...(end ? { lt: bangkokTime(end, 24) } : {}) };
}

/**
 * The fiscal year and quarter of a date: a calendar date `YYYY-MM-DD` as written, or an instant
 * (a `Date`), read as the date it is in Bangkok. A `Date` from a `@db.Date` column is UTC midnight,
 * which is 07:00 the same day in Bangkok, so it keeps its calendar date.
 *
 * @throws RangeError for text that is not a `YYYY-MM-DD` date or an invalid Date.
 */
export function fiscalQuarterOf(date: Date | string): FiscalQuarter {
  const text = typeof date === 'string' ? date : Number.isNaN(date.getTime()) ? '' : bangkokDate(date);
  const match = /^(\d{4})-(\d{2})-\d{2}$/.exec(text);
  if (!match) throw new RangeError(`Not a date: ${String(date)}`);
  const year = Number(match[1]);
  const month = Number(match[2]);
  if (month < 1 || month > 12) throw new RangeError(`Not a date: ${String(date)}`);
  const fiscalYear = year + BUDDHIST_ERA_OFFSET + (month >= 10 ? 1 : 0);
  const quarter = (month >= 10 ? 1 : Math.floor((month - 1) / 3) + 2) as 1 | 2 | 3 | 4;
  return { fiscalYear, quarter };
}

/** The Thai fiscal year (Buddhist Era) of a date; see {@link fiscalQuarterOf}. */
export function fiscalYearOf(date: Date | string): number {
  return fiscalQuarterOf(date).fiscalYear;
}

/** The first and last calendar dates (`YYYY-MM-DD`) of a fiscal year, e.g. 2569 → 2025-10-01 … 2026-09-30. */
export function fiscalYearBounds(fiscalYear: number): { readonly startsOn: string; readonly endsOn: string } {
  const endYear = fiscalYear - BUDDHIST_ERA_OFFSET;
  return { startsOn: `${endYear - 1}-10-01`, endsOn: `${endYear}-09-30` };
}
