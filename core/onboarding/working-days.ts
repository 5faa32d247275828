/**
 * Working days and quiet hours of a French commune, in Europe/Paris: Monday to Friday except the
 * eleven French public holidays (fixed dates, plus Easter Monday, Ascension and Whit Monday,
 * computed from Easter). Pure functions of dates, so reminders and tests agree.
 */
import { addDays } from '../util/dates.js';

const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** Easter Sunday of `year` (Gregorian calendar; anonymous algorithm, Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return iso(year, month, day);
}

/** The French public holidays of `year` (ISO date → name). Alsace-Moselle's extra days are not included. */
export function frenchPublicHolidays(year: number): Map<string, string> {
  const easter = easterSunday(year);
  return new Map([
    [iso(year, 1, 1), "Jour de l'an"],
    [addDays(easter, 1), 'Lundi de Pâques'],
    [iso(year, 5, 1), 'Fête du Travail'],
    [iso(year, 5, 8), 'Victoire 1945'],
    [addDays(easter, 39), 'Ascension'],
    [addDays(easter, 50), 'Lundi de Pentecôte'],
    [iso(year, 7, 14), 'Fête nationale'],
    [iso(year, 8, 15), 'Assomption'],
    [iso(year, 11, 1), 'Toussaint'],
    [iso(year, 11, 11), 'Armistice 1918'],
    [iso(year, 12, 25), 'Noël'],
  ]);
}

/** Day of week of an ISO date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(isoDate: string): number {
  const day = new Date(`${isoDate}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** True on Monday–Friday when the day is not a French public holiday. */
export function isWorkingDay(isoDate: string): boolean {
  if (isoWeekday(isoDate) > 5) return false;
  return !frenchPublicHolidays(Number(isoDate.slice(0, 4))).has(isoDate);
}

/** ISO week of a date, as `YYYY-Www` (the week-numbering year may differ from the calendar year). */
export function isoWeek(isoDate: string): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  const thursday = new Date(d);
  thursday.setUTCDate(d.getUTCDate() + 4 - isoWeekday(isoDate));
  const year = thursday.getUTCFullYear();
  const week = Math.ceil(((thursday.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** True when `isoDate` is the first working day of its ISO week (usually Monday; Tuesday after Easter Monday). */
export function isFirstWorkingDayOfWeek(isoDate: string): boolean {
  if (!isWorkingDay(isoDate)) return false;
  for (let back = 1; back < isoWeekday(isoDate); back++) if (isWorkingDay(addDays(isoDate, -back))) return false;
  return true;
}

/** Date and time of an instant in Europe/Paris. */
export function parisDateTime(now: Date): { date: string; minutes: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

/** Minutes after midnight of `HH:MM`. */
export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** Quiet hours, Europe/Paris, `HH:MM`; `start > end` spans midnight (e.g. 19:00–08:00). */
export interface QuietHours {
  start: string;
  end: string;
}

/** True when `minutes` (after midnight, Paris) falls in the quiet hours. Equal start and end means none. */
export function inQuietHours(minutes: number, quiet: QuietHours): boolean {
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return false;
  return start < end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
}

/** The instant of `HH:MM` on an ISO date in Europe/Paris (handles summer time). */
export function parisInstant(isoDate: string, hhmm: string): Date {
  const target = minutesOf(hhmm);
  // Paris is UTC+1 or UTC+2: try both offsets and keep the one that reads back as asked.
  for (const offset of [1, 2]) {
    const guess = new Date(Date.parse(`${isoDate}T00:00:00Z`) + (target - offset * 60) * 60_000);
    const back = parisDateTime(guess);
    if (back.date === isoDate && back.minutes === target) return guess;
  }
  // A time skipped by the spring change: an hour later exists.
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + (target - 60) * 60_000);
}

/** `now` when it is outside quiet hours, else the end of the current quiet period. */
export function nextAllowedInstant(now: Date, quiet: QuietHours): Date {
  const { date, minutes } = parisDateTime(now);
  if (!inQuietHours(minutes, quiet)) return now;
  const end = minutesOf(quiet.end);
  return parisInstant(minutes < end ? date : addDays(date, 1), quiet.end);
}
