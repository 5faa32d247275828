/**
 * Signature of webhook notifications, for receivers other than Power Automate (whose callback
 * URLs carry their own SAS signature, `sig`, in the query string).
 *
 * Each POST carries:
 * - `X-Equipage-Timestamp`: Unix time in seconds when the attempt was signed;
 * - `X-Equipage-Signature`: `sha256=` + hex HMAC-SHA256, keyed with the subscription's secret,
 *   of `<timestamp>.<raw body>` (the exact bytes received, before any JSON parsing);
 * - `X-Equipage-Delivery`: the delivery's id, the same on every retry of one notification.
 *
 * A receiver recomputes the HMAC over the raw body, compares in constant time, refuses a
 * timestamp more than five minutes away from its clock (replays), and ignores a delivery id it
 * has already processed: delivery is at least once, so a notification may arrive twice.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Equipage-Signature';
export const TIMESTAMP_HEADER = 'X-Equipage-Timestamp';
export const DELIVERY_HEADER = 'X-Equipage-Delivery';
export const EVENT_HEADER = 'X-Equipage-Event';

/** Default tolerance between the signing time and the receiver's clock. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** `sha256=<hex>` of `<timestamp>.<body>`. */
export function signWebhookBody(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver checks (exported for receivers written in TypeScript, and for the tests). */
export interface VerifyInput {
  secret: string;
  /** The raw body, exactly as received. */
  body: string;
  timestamp: string | undefined;
  signature: string | undefined;
  /** Unix seconds; default now. */
  now?: number;
  toleranceSeconds?: number;
}

/** True when the signature matches the body and the timestamp is recent. */
export function verifyWebhookSignature(input: VerifyInput): boolean {
  const { secret, body, timestamp, signature } = input;
  if (!timestamp || !signature || !/^\d+$/.test(timestamp)) return false;
  const now = input.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - Number(timestamp)) > (input.toleranceSeconds ?? SIGNATURE_TOLERANCE_SECONDS)) return false;
  const expected = Buffer.from(signWebhookBody(secret, Number(timestamp), body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
