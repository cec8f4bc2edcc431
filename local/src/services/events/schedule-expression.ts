/**
 * EventBridge schedule expressions, pure: `rate(value unit)` and the six-field `cron(...)` (UTC), parsed
 * and validated as PutRule does, and the latest due time in a window (for RunSchedules).
 */

export type Schedule =
  | { readonly kind: 'rate'; readonly periodMs: number }
  | { readonly kind: 'cron'; readonly cron: CronSchedule };

interface CronSchedule {
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  readonly months: ReadonlySet<number>;
  readonly years: ReadonlySet<number> | undefined;
  readonly dayOfMonth: DayOfMonthRule | undefined;
  readonly dayOfWeek: DayOfWeekRule | undefined;
}

interface DayOfMonthRule {
  readonly days: ReadonlySet<number>;
  readonly last: boolean;
  readonly lastWeekday: boolean;
  readonly nearestWeekday: readonly number[];
}

interface DayOfWeekRule {
  readonly days: ReadonlySet<number>;
  /** `5L`: the last given weekday (1 = SUN … 7 = SAT) of the month. */
  readonly lastOf: readonly number[];
  /** `6#3`: the nth given weekday of the month. */
  readonly nth: readonly { readonly day: number; readonly n: number }[];
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const UNIT_MS: Readonly<Record<string, number>> = { minute: MINUTE_MS, hour: 3_600_000, day: DAY_MS };
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** Parses a schedule expression; `undefined` when AWS would answer "Parameter ScheduleExpression is not valid." */
export function parseSchedule(expression: string): Schedule | undefined {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (rate) {
    const value = Number(rate[1]);
    const unit = rate[2] as string;
    const plural = unit.endsWith('s');
    if (value < 1 || plural === (value === 1)) return undefined;
    return { kind: 'rate', periodMs: value * (UNIT_MS[plural ? unit.slice(0, -1) : unit] as number) };
  }
  const cron = /^cron\((.*)\)$/.exec(expression);
  if (!cron) return undefined;
  const parsed = parseCron((cron[1] as string).trim().split(/\s+/));
  return parsed ? { kind: 'cron', cron: parsed } : undefined;
}

function parseCron(fields: readonly string[]): CronSchedule | undefined {
  if (fields.length !== 6) return undefined;
  const [minute, hour, dom, month, dow, year] = fields as [string, string, string, string, string, string];
  if ((dom === '?') === (dow === '?')) return undefined;
  const minutes = parseList(minute, 0, 59, []);
  const hours = parseList(hour, 0, 23, []);
  const months = parseList(month, 1, 12, MONTHS);
  const years = year === '*' ? undefined : parseList(year, 1970, 2199, []);
  if (!minutes || !hours || !months || (year !== '*' && !years)) return undefined;
  const dayOfMonth = dom === '?' ? undefined : parseDayOfMonth(dom);
  const dayOfWeek = dow === '?' ? undefined : parseDayOfWeek(dow);
  if ((dom !== '?' && !dayOfMonth) || (dow !== '?' && !dayOfWeek)) return undefined;
  return {
    minutes: [...minutes].sort((a, b) => a - b),
    hours: [...hours].sort((a, b) => a - b),
    months: new Set(months),
    years: years ? new Set(years) : undefined,
    dayOfMonth,
    dayOfWeek,
  };
}

function parseValue(text: string, min: number, max: number, names: readonly string[]): number | undefined {
  const named = names.indexOf(text.toUpperCase());
  const value = named >= 0 ? named + min : /^\d+$/.test(text) ? Number(text) : Number.NaN;
  return value >= min && value <= max ? value : undefined;
}

/** `*`, `N`, `N-M`, `A/S` (A = `*`, `N` or `N-M`) and comma lists. */
function parseList(text: string, min: number, max: number, names: readonly string[]): number[] | undefined {
  const values: number[] = [];
  for (const part of text.split(',')) {
    const [range, stepText, extra] = part.split('/');
    if (range === undefined || extra !== undefined) return undefined;
    const step = stepText === undefined ? 1 : parseValue(stepText, 1, max, []);
    if (step === undefined) return undefined;
    let low: number | undefined;
    let high: number | undefined;
    if (range === '*') {
      low = min;
      high = max;
    } else {
      const [from, to, more] = range.split('-');
      if (from === undefined || more !== undefined) return undefined;
      low = parseValue(from, min, max, names);
      high = to === undefined ? (stepText === undefined ? low : max) : parseValue(to, min, max, names);
    }
    if (low === undefined || high === undefined || low > high) return undefined;
    for (let v = low; v <= high; v += step) values.push(v);
  }
  return values;
}

function parseDayOfMonth(text: string): DayOfMonthRule | undefined {
  if (text === 'L') return { days: new Set(), last: true, lastWeekday: false, nearestWeekday: [] };
  if (text === 'LW') return { days: new Set(), last: false, lastWeekday: true, nearestWeekday: [] };
  const weekday = /^(\d{1,2})W$/.exec(text);
  if (weekday) {
    const day = parseValue(weekday[1] as string, 1, 31, []);
    return day === undefined
      ? undefined
      : { days: new Set(), last: false, lastWeekday: false, nearestWeekday: [day] };
  }
  const days = parseList(text, 1, 31, []);
  return days ? { days: new Set(days), last: false, lastWeekday: false, nearestWeekday: [] } : undefined;
}

function parseDayOfWeek(text: string): DayOfWeekRule | undefined {
  if (text === 'L') return { days: new Set(), lastOf: [7], nth: [] };
  const last = /^(\w+)L$/.exec(text);
  if (last) {
    const day = parseValue(last[1] as string, 1, 7, WEEKDAYS);
    return day === undefined ? undefined : { days: new Set(), lastOf: [day], nth: [] };
  }
  const nth = /^(\w+)#([1-5])$/.exec(text);
  if (nth) {
    const day = parseValue(nth[1] as string, 1, 7, WEEKDAYS);
    return day === undefined ? undefined : { days: new Set(), lastOf: [], nth: [{ day, n: Number(nth[2]) }] };
  }
  const days = parseList(text, 1, 7, WEEKDAYS);
  return days ? { days: new Set(days), lastOf: [], nth: [] } : undefined;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function isWeekday(year: number, month: number, day: number): boolean {
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return weekday >= 1 && weekday <= 5;
}

/** The weekday nearest to `day` within the month (Quartz `W` semantics). */
function nearestWeekday(year: number, month: number, day: number): number {
  const last = daysInMonth(year, month);
  const target = Math.min(day, last);
  const weekday = new Date(Date.UTC(year, month - 1, target)).getUTCDay();
  if (weekday === 6) return target === 1 ? 3 : target - 1;
  if (weekday === 0) return target === last ? target - 2 : target + 1;
  return target;
}

function dayMatches(rule: CronSchedule, date: Date): boolean {
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + 1;
  const day = date.getUTCDate();
  if (!rule.months.has(month) || (rule.years && !rule.years.has(year))) return false;
  const last = daysInMonth(year, month);
  const dom = rule.dayOfMonth;
  if (dom) {
    if (dom.days.has(day) || (dom.last && day === last)) return true;
    if (dom.lastWeekday) {
      let lastWeekday = last;
      while (!isWeekday(year, month, lastWeekday)) lastWeekday--;
      if (day === lastWeekday) return true;
    }
    return dom.nearestWeekday.some((d) => nearestWeekday(year, month, d) === day);
  }
  const dow = rule.dayOfWeek;
  if (!dow) return false;
  const weekday = date.getUTCDay() + 1;
  if (dow.days.has(weekday)) return true;
  if (dow.lastOf.includes(weekday) && day + 7 > last) return true;
  return dow.nth.some((n) => n.day === weekday && Math.ceil(day / 7) === n.n);
}

/**
 * The latest time `t` with `afterMs < t <= nowMs` at which the schedule fires, or undefined. Rate
 * schedules fire every period after `anchorMs` (when the rule was created or enabled).
 */
export function latestDueTime(
  schedule: Schedule,
  window: { afterMs: number; nowMs: number; anchorMs: number },
) {
  const { afterMs, nowMs, anchorMs } = window;
  if (schedule.kind === 'rate') {
    const periods = Math.floor((nowMs - anchorMs) / schedule.periodMs);
    const due = anchorMs + periods * schedule.periodMs;
    return periods >= 1 && due > afterMs ? due : undefined;
  }
  const rule = schedule.cron;
  const lastMinute = Math.floor(nowMs / MINUTE_MS) * MINUTE_MS;
  for (
    let dayStart = Math.floor(lastMinute / DAY_MS) * DAY_MS;
    dayStart + DAY_MS > afterMs;
    dayStart -= DAY_MS
  ) {
    if (!dayMatches(rule, new Date(dayStart))) continue;
    for (let h = rule.hours.length - 1; h >= 0; h--) {
      for (let m = rule.minutes.length - 1; m >= 0; m--) {
        const at = dayStart + (rule.hours[h] as number) * 3_600_000 + (rule.minutes[m] as number) * MINUTE_MS;
        if (at <= lastMinute && at > afterMs) return at;
      }
    }
  }
  return undefined;
}
