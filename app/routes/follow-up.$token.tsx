import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";

import { FeedbackPage } from "~/components/feedback-page";
import { followUpClosedMessage, getFollowUp, submitFollowUp } from "~/models/follow-up.server";
import { programmeTitleIn } from "~/models/programme-translation.server";
import { formValues } from "~/utils/forms";
import { privatePageHeaders } from "~/utils/headers";
import { invalid } from "~/utils/http.server";
import { datesFor, translator, useDates, useT } from "~/utils/i18n";
import { requestLocale } from "~/utils/locale.server";
import { localTitle } from "~/utils/meta";
import { refusePublicPost } from "~/utils/public-form.server";

export const meta: MetaFunction = ({ matches }) => [
  ...localTitle(matches, "followUp.title"),
  { name: "robots", content: "noindex, nofollow" },
];
export const headers = privatePageHeaders;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const a = getFollowUp({ token: params.token ?? "", role: "attendee" });
  const locale = requestLocale(request);
  const t = translator(locale);
  const programme = programmeTitleIn(a.programme, locale, { neutral: false });
  return {
    token: params.token!,
    done: new URL(request.url).searchParams.get("done") === "1",
    programmeTitle: programme.title,
    titleLang: programme.lang,
    weeks: a.programme.followUpWeeks,
    when: datesFor(locale).timeRange(a.session.startsAt, a.session.endsAt),
    introduction: a.form.introduction,
    anonymous: a.form.anonymous,
    questions: a.questions,
    previous: a.previous,
    submittedAt: a.submittedAt,
    closedMessage: a.closed
      ? a.closed === "not_open_yet"
        ? t("followUp.opensOn", { date: datesFor(locale).dateTime(a.opensAt), weeks: a.programme.followUpWeeks })
        : t(followUpClosedMessage("attendee", a.closed))
      : null,
    closesAt: a.closesAt,
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
  const result = submitFollowUp({ token: params.token ?? "", role: "attendee", values, locale });
  if (result.ok) return redirect(`${new URL(request.url).pathname}?done=1`, 303);
  return "closed" in result
    ? invalid({ form: t(followUpClosedMessage("attendee", result.closed)) }, values, 409)
    : invalid(result.errors, values, 400);
}

export default function AttendeeFollowUp() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const dates = useDates();
  const english = t.locale === "en" ? undefined : "en";
  return (
    <FeedbackPage
      caption={d.when}
      title={t.rich("followUp.heading", { weeks: d.weeks, title: <span lang={d.titleLang ?? undefined}>{d.programmeTitle}</span> })}
      introduction={
        <>
          {d.introduction ? (
            <p className="govuk-body" lang={english}>
              {d.introduction}
            </p>
          ) : (
            <p className="govuk-body">{t("followUp.intro")}</p>
          )}
          {d.submittedAt && !d.anonymous ? (
            <div className="govuk-inset-text">
              {t("followUp.given", { given: dates.dateTime(new Date(d.submittedAt)), until: dates.dateTime(new Date(d.closesAt)) })}
            </div>
          ) : null}
        </>
      }
      questions={d.questions}
      anonymous={d.anonymous}
      closedMessage={d.closedMessage}
      done={d.done}
      doneMessage={
        d.anonymous ? (
          <p className="govuk-body">{t("feedback.done.anonymous")}</p>
        ) : (
          <p className="govuk-body">
            {t.rich("feedback.done.change", {
              link: (chunks) => (
                <Link className="govuk-link" to={`/follow-up/${d.token}`}>
                  {chunks}
                </Link>
              ),
              until: dates.dateTime(new Date(d.closesAt)),
            })}
          </p>
        )
      }
      values={result?.values ?? d.previous}
      errors={result?.errors}
      submitLabel={d.submittedAt ? t("feedback.saveChanges") : t("feedback.sendAnswers")}
    />
  );
}
