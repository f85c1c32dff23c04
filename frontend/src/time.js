// Time as the website shows it: the server's clock (a countdown must not trust a visitor's wrong
// clock), durations ("4 min 12 s"), countdowns ("12:04") and dates.

/** Server time minus this browser's time, in ms; only corrected when clearly off. */
let offset = 0;

/**
 * Learns the server's clock from a response's `Date` header. The header has whole seconds, so
 * differences under a few seconds are noise and ignored.
 * @param {string | null} dateHeader
 * @param {number} [received]  when the response arrived (Date.now())
 */
export function noteServerDate(dateHeader, received = Date.now()) {
  const server = dateHeader ? Date.parse(dateHeader) : NaN;
  if (!Number.isFinite(server)) return;
  const difference = server + 500 - received;
  offset = Math.abs(difference) > 3000 ? difference : 0;
}

/** Now, on the server's clock (ms since the epoch). */
export function serverNow() {
  return Date.now() + offset;
}

/**
 * Milliseconds left until an ISO instant, on the server's clock; never negative.
 * @param {string | null | undefined} iso
 */
export function msUntil(iso) {
  const at = iso ? Date.parse(iso) : NaN;
  return Number.isFinite(at) ? Math.max(0, at - serverNow()) : 0;
}

/**
 * A countdown: "12:04", or "1:02:03" past an hour. Rounds up, so "0:00" means the time is up.
 * @param {number} ms
 */
export function countdownText(ms) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/**
 * A duration for people: "45 s", "4 min 12 s", "1 h 5 min".
 * @param {number} seconds
 */
export function durationText(seconds) {
  const total = Math.max(0, Math.round(seconds));
  if (total < 60) return `${total} s`;
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = total % 60;
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  return rest > 0 ? `${minutes} min ${rest} s` : `${minutes} min`;
}

/**
 * A date and time in the visitor's locale: "28 Nov 2026, 10:31".
 * @param {string | null | undefined} iso
 */
export function dateTimeText(iso) {
  const at = iso ? new Date(iso) : null;
  if (!at || Number.isNaN(at.getTime())) return '';
  return at.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * A clock time in the visitor's locale: "10:46".
 * @param {string | null | undefined} iso
 */
export function clockText(iso) {
  const at = iso ? new Date(iso) : null;
  if (!at || Number.isNaN(at.getTime())) return '';
  return at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}
