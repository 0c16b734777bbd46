/**
 * What every public form (booking, feedback, consultations) checks before reading the answers: the per-address
 * rate limit, and the honeypot field that people never see and bots fill in.
 */
import { str, type FormValues } from "~/utils/forms";
import { invalid } from "~/utils/http.server";
import { publicFormLimiter } from "~/utils/rate-limit.server";

/** A refusal to send back, with the answers kept to show again; null when the post may be read. */
export async function refusePublicPost<V extends Record<string, unknown>>({
  values,
  shown,
  clientAddress,
  messages,
}: {
  values: FormValues;
  /** The answers to put back on the page. */
  shown: V;
  clientAddress: string | undefined;
  /** What to say, in the page's language: sent too often, and refused as a bot's. */
  messages: { tooMany: string; notAccepted: string };
}): Promise<ReturnType<typeof invalid<V>> | null> {
  const limit = (await publicFormLimiter()).hit(clientAddress ?? "unknown");
  if (!limit.allowed) {
    return invalid({ form: messages.tooMany }, shown, 429, {
      "Retry-After": String(limit.retryAfterSeconds),
    });
  }
  // Filled in: almost certainly a bot. Nothing is saved.
  if (str(values, "website")) return invalid({ form: messages.notAccepted }, shown, 400);
  return null;
}
