import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";

import { BackToEvents, FeedbackPage } from "~/components/feedback-page";
import { CLOSED_MESSAGES, getConsultation, submitFeedback } from "~/models/feedback.server";
import { formValues } from "~/utils/forms";
import { privatePageHeaders } from "~/utils/headers";
import { invalid } from "~/utils/http.server";
import { datesFor, translator, useT } from "~/utils/i18n";
import { requestLocale } from "~/utils/locale.server";
import { metaTranslator, pageTitle } from "~/utils/meta";
import { refusePublicPost } from "~/utils/public-form.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  ...pageTitle(matches, data?.title ?? metaTranslator(matches)("consultation.caption")),
  { name: "robots", content: "noindex, nofollow" },
];
export const headers = privatePageHeaders;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const c = getConsultation({ token: params.token ?? "" });
  const locale = requestLocale(request);
  return {
    done: new URL(request.url).searchParams.get("done") === "1",
    title: c.form.title,
    introduction: c.form.introduction,
    anonymous: c.form.anonymous,
    closesOn: c.form.closesAt ? datesFor(locale).date(new Date(c.form.closesAt.getTime() - 1)) : null,
    questions: c.questions,
    closedMessage: c.closed ? translator(locale)(CLOSED_MESSAGES[c.closed]) : null,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const locale = requestLocale(request);
  const t = translator(locale);
  const values = formValues(await request.formData());
  const refused = await refusePublicPost({
    values,
    shown: values,
    clientAddress: context.clientAddress,
    messages: { tooMany: t("answers.error.tooMany"), notAccepted: t("answers.error.notAccepted") },
  });
  if (refused) return refused;
  const result = submitFeedback({ target: { channel: "anonymous_link", consultationToken: params.token ?? "" }, values, locale });
  if (result.ok) return redirect(`${new URL(request.url).pathname}?done=1`, 303);
  return "closed" in result ? invalid({ form: t(CLOSED_MESSAGES[result.closed]) }, values, 409) : invalid(result.errors, values, 400);
}

export default function Consultation() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  // An organiser's own words, in English (ADR 028).
  const english = t.locale === "en" ? undefined : "en";
  return (
    <FeedbackPage
      caption={t("consultation.caption")}
      title={<span lang={english}>{d.title}</span>}
      introduction={
        <>
          {d.introduction ? (
            <p className="govuk-body" lang={english}>
              {d.introduction}
            </p>
          ) : null}
          {d.closesOn ? <p className="govuk-body">{t("consultation.closes", { date: d.closesOn })}</p> : null}
        </>
      }
      questions={d.questions}
      anonymous={d.anonymous}
      closedMessage={d.closedMessage}
      done={d.done}
      doneMessage={<BackToEvents />}
      values={result?.values}
      errors={result?.errors}
    />
  );
}
