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
  names,
}: {
  values: FormValues;
  /** The answers to put back on the page. */
  shown: V;
  clientAddress: string | undefined;
  /** How the messages name the form and what it sends: "the booking form" and "booking". */
  names: { form: string; sent: string };
}): Promise<ReturnType<typeof invalid<V>> | null> {
  const limit = (await publicFormLimiter()).hit(clientAddress ?? "unknown");
  if (!limit.allowed) {
    return invalid({ form: `You have sent ${names.form} too many times. Wait a minute and try again.` }, shown, 429, {
      "Retry-After": String(limit.retryAfterSeconds),
    });
  }
  // Filled in: almost certainly a bot. Nothing is saved.
  if (str(values, "website")) return invalid({ form: `Your ${names.sent} could not be accepted. Please try again.` }, shown, 400);
  return null;
}
