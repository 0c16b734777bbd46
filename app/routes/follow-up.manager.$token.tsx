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
  ...localTitle(matches, "followUp.manager.title"),
  { name: "robots", content: "noindex, nofollow" },
];
export const headers = privatePageHeaders;

/** The manager's page shows whom and which session it is about, and nothing of the attendee's own answers. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const a = getFollowUp({ token: params.token ?? "", role: "manager" });
  const locale = requestLocale(request);
  const t = translator(locale);
  const shown = programmeTitleIn(a.programme, locale, { neutral: true });
  return {
    token: params.token!,
    done: new URL(request.url).searchParams.get("done") === "1",
    attendeeName: a.booking.name,
    programmeTitle: shown.title,
    titleLang: shown.lang,
    on: datesFor(locale).date(a.session.startsAt),
    introduction: a.form.introduction,
    anonymous: a.form.anonymous,
    questions: a.questions,
    previous: a.previous,
    submittedAt: a.submittedAt,
    closedMessage: a.closed
      ? a.closed === "not_open_yet"
        ? t("followUp.manager.opensOn", { date: datesFor(locale).dateTime(a.opensAt) })
        : t(followUpClosedMessage("manager", a.closed))
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
  const result = submitFollowUp({ token: params.token ?? "", role: "manager", values, locale });
  if (result.ok) return redirect(`${new URL(request.url).pathname}?done=1`, 303);
  return "closed" in result
    ? invalid({ form: t(followUpClosedMessage("manager", result.closed)) }, values, 409)
    : invalid(result.errors, values, 400);
}

export default function ManagerFollowUp() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const dates = useDates();
  const english = t.locale === "en" ? undefined : "en";
  return (
    <FeedbackPage
      caption={t.rich("followUp.manager.caption", { title: <span lang={d.titleLang ?? undefined}>{d.programmeTitle}</span>, date: d.on })}
      title={t("followUp.manager.heading", { name: d.attendeeName })}
      introduction={
        <>
          {d.introduction ? (
            <p className="govuk-body" lang={english}>
              {d.introduction}
            </p>
          ) : (
            <p className="govuk-body">{t("followUp.manager.intro", { name: d.attendeeName })}</p>
          )}
          <p className="govuk-body">{t("followUp.manager.apart")}</p>
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
                <Link className="govuk-link" to={`/follow-up/manager/${d.token}`}>
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
