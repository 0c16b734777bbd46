import { redirect } from "@remix-run/node";

import { CLOSED_MESSAGES, submitFeedback, type SubmitTarget } from "~/models/form.server";
import { formValues, str } from "~/utils/forms";
import { invalid } from "~/utils/http.server";
import { publicFormLimiter } from "~/utils/rate-limit.server";

/** The shared action of the three public feedback routes: limit, honeypot, validate, store, thank. */
export async function handleFeedbackPost({ request, clientAddress, target }: { request: Request; clientAddress: string; target: SubmitTarget }) {
  const values = formValues(await request.formData());
  const limit = (await publicFormLimiter()).hit(clientAddress);
  if (!limit.allowed) {
    return invalid({ form: "You have sent this form too many times. Wait a minute and try again." }, values, 429, { "Retry-After": String(limit.retryAfterSeconds) });
  }
  if (str(values, "website")) return invalid({ form: "Your answers could not be accepted. Please try again." }, values, 400);
  const result = submitFeedback({ target, values });
  if (!result.ok) {
    if ("closed" in result) return invalid({ form: CLOSED_MESSAGES[result.closed] }, values, 409);
    return invalid(result.errors, values, 400);
  }
  const url = new URL(request.url);
  return redirect(`${url.pathname}?done=1`, 303);
}
