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
