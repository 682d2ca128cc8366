/** How numbers, times and job figures read on the page. */
export const STATUSES = ['pending', 'created', 'inProgress', 'completed', 'failed', 'cancelled'];

const LABELS = {
  pending: 'Pending',
  created: 'Created',
  inProgress: 'Running',
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export function statusLabel(status) {
  return LABELS[status] || status;
}

/** Statuses from which a job may still be cancelled (docs/model.md#status-and-time). */
export const CANCELLABLE = new Set(['pending', 'created', 'inProgress']);

const numbers = new Intl.NumberFormat();
const decimals = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
const timeOfDay = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayAndTime = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
const fullDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

export const DASH = '—';

export function number(value) {
  return value === null || value === undefined ? DASH : numbers.format(value);
}

export function millis(iso) {
  return iso ? Date.parse(iso) : null;
}

/** A time of day for today, else day and time; the full time is for a tooltip. */
export function clock(ms, now = Date.now()) {
  if (ms === null) {
    return DASH;
  }
  return new Date(ms).toDateString() === new Date(now).toDateString()
    ? timeOfDay.format(ms) : dayAndTime.format(ms);
}

export function fullTime(ms) {
  return ms === null ? '' : fullDate.format(ms);
}

/** 42 s, 3 min 05 s, 2 h 10 min, 3 d 4 h. */
export function duration(ms) {
  if (ms === null || ms < 0) {
    return DASH;
  }
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) {
    return `${seconds} s`;
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
  }
  const hours = Math.floor(minutes / 60);
  if (hours < 24) {
    return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
  }
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** "in 3 min 05 s" or "2 min ago", relative to now. */
export function fromNow(ms, now = Date.now()) {
  const diff = ms - now;
  if (Math.abs(diff) < 1500) {
    return 'now';
  }
  return diff > 0 ? `in ${duration(diff)}` : `${duration(-diff)} ago`;
}

export function rate(rowsPerSecond) {
  if (rowsPerSecond === null) {
    return DASH;
  }
  return `${rowsPerSecond >= 100 ? numbers.format(Math.round(rowsPerSecond)) : decimals.format(rowsPerSecond)}/s`;
}

export function bytes(size) {
  if (size === null || size === undefined) {
    return DASH;
  }
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = size;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : decimals.format(value)} ${units[unit]}`;
}

/** The best name a creator has: full name, else e-mail, else id. */
export function person(createdBy) {
  if (!createdBy) {
    return DASH;
  }
  const name = createdBy.fullName || [createdBy.firstName, createdBy.lastName].filter(Boolean).join(' ');
  return name || createdBy.email || createdBy.id || DASH;
}

/**
 * The figures a job's row shows, from its times and counters: how long it has run (until now while it
 * runs), how fast it went up to its last update, and when it will finish at that pace.
 */
export function metrics(job, now = Date.now()) {
  const report = job.report || {};
  const total = report.numItems ?? null;
  const processed = report.numProcessed ?? 0;
  const started = millis(job.startedAt);
  const completed = millis(job.completedAt);
  const updated = millis(job.updatedAt);
  const running = job.status === 'inProgress';
  const end = running ? Math.max(now, updated ?? now) : (completed ?? updated);
  const durationMs = started !== null && end !== null ? Math.max(0, end - started) : null;
  const workedMs = started !== null ? (running ? updated : (completed ?? updated)) - started : null;
  const rowsPerSecond = workedMs > 0 && processed > 0 ? processed / (workedMs / 1000) : null;
  let etaMs = null;
  if (running && total !== null && rowsPerSecond && processed < total) {
    etaMs = updated + ((total - processed) / rowsPerSecond) * 1000;
  }
  return {
    total,
    processed,
    fraction: total ? Math.min(1, processed / total) : null,
    started,
    completed,
    updated,
    created: millis(job.createdAt),
    durationMs,
    rowsPerSecond,
    etaMs,
  };
}

export function percent(fraction) {
  return fraction === null ? '' : `${Math.floor(fraction * 100)}%`;
}
