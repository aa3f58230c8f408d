/** Largest int64: Zoom stores meeting ids as longs, so a longer digit string cannot be a meeting. */
const INT64_MAX = 9223372036854775807n;
const ID_DIGITS = /^[0-9]{9,19}$/;

/**
 * A Zoom meeting or webinar id as a digit string, or why the value is not one. A JSON number is
 * taken only while it is a safe integer: a larger one has already lost digits in JSON.parse, and
 * an error is better than someone else's meeting.
 */
export function normaliseZoomId(value: unknown): string | { problem: string } {
  if (value === undefined || value === null) return { problem: 'is required' };
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value <= 0) {
      return { problem: 'a number must be a positive safe integer; send larger ids as a string of digits' };
    }
    value = String(value);
  }
  if (typeof value !== 'string' || !ID_DIGITS.test(value)) return { problem: 'must be a string of 9 to 19 digits' };
  // Zoom's ids are numbers: "085746065432" would be a second name for meeting 85746065432.
  if (value.startsWith('0')) return { problem: 'must not start with 0 (Zoom ids are numbers without leading zeros)' };
  if (BigInt(value) > INT64_MAX) return { problem: 'is larger than any Zoom meeting id (int64)' };
  return value;
}
