import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";

import { BackToEvents, FeedbackPage } from "~/components/feedback-page";
import { CLOSED_MESSAGES, getSessionFeedback, sentFromDevice, submitFeedback } from "~/models/feedback.server";
import { programmeTitleIn } from "~/models/programme-translation.server";
import { getEnv } from "~/utils/env.server";
import { formValues } from "~/utils/forms";
import { privatePageHeaders } from "~/utils/headers";
import { invalid } from "~/utils/http.server";
import { datesFor, translator, useT } from "~/utils/i18n";
import { requestLocale } from "~/utils/locale.server";
import { localTitle } from "~/utils/meta";
import { refusePublicPost } from "~/utils/public-form.server";
import { newRoomDevice, readRoomDevice, roomDeviceCookie } from "~/utils/room-device.server";

export const meta: MetaFunction = ({ matches }) => [
  ...localTitle(matches, "feedback.session.title"),
  { name: "robots", content: "noindex, nofollow" },
];
export const headers = privatePageHeaders;

/** The session's anonymous link: for the room (as a QR code), walk-ins, and people who prefer not to be named. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const s = getSessionFeedback({ token: params.token ?? "" });
  const locale = requestLocale(request);
  const t = translator(locale);
  const shown = programmeTitleIn(s.programme, locale, { neutral: true });
  const done = new URL(request.url).searchParams.get("done");
  return {
    done: done === "1" || done === "replaced",
    replaced: done === "replaced",
    alreadySent: sentFromDevice({ sessionId: s.session.id, deviceKey: readRoomDevice(request)?.key ?? null }),
    // Shown in a room on a shared screen or a phone: a sensitive programme keeps its neutral title here.
    title: shown.title,
    titleLang: shown.lang,
    when: datesFor(locale).timeRange(s.session.startsAt, s.session.endsAt),
    introduction: s.form.introduction,
    questions: s.questions,
    closedMessage: s.closed ? t(CLOSED_MESSAGES[s.closed]) : null,
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
  // One device, one response: the cookie lets a second send replace the first (ADR 009).
  const device = readRoomDevice(request) ?? newRoomDevice();
  const result = submitFeedback({
    target: { channel: "anonymous_link", sessionToken: params.token ?? "", deviceKey: device.key, anotherPerson: values.another === "yes" },
    values,
    locale,
  });
  if (result.ok) {
    const path = new URL(request.url).pathname;
    return redirect(`${path}?done=${result.replaced ? "replaced" : "1"}`, {
      status: 303,
      headers: { "Set-Cookie": roomDeviceCookie({ value: device.value, path, secure: getEnv().PUBLIC_URL.startsWith("https:") }) },
    });
  }
  return "closed" in result ? invalid({ form: t(CLOSED_MESSAGES[result.closed]) }, values, 409) : invalid(result.errors, values, 400);
}

export default function SessionFeedback() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <FeedbackPage
      caption={d.when}
      title={t.rich("feedback.heading", { title: <span lang={d.titleLang ?? undefined}>{d.title}</span> })}
      introduction={
        <>
          {d.introduction ? (
            <p className="govuk-body" lang={t.locale === "en" ? undefined : "en"}>
              {d.introduction}
            </p>
          ) : (
            <p className="govuk-body">{t("feedback.introRoom")}</p>
          )}
          <p className="govuk-body" data-testid="one-response-each">
            {t("feedback.session.once")}
          </p>
        </>
      }
      questions={d.questions}
      anonymous
      closedMessage={d.closedMessage}
      done={d.done}
      doneMessage={
        <>
          {d.replaced ? (
            <p className="govuk-body" data-testid="feedback-replaced">
              {t("feedback.session.replaced")}
            </p>
          ) : null}
          <BackToEvents />
        </>
      }
      beforeSubmit={
        d.alreadySent ? (
          <div className="govuk-inset-text" data-testid="already-sent">
            <p className="govuk-body">{t("feedback.session.alreadySent")}</p>
            <div className="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
              <div className="govuk-checkboxes__item">
                <input
                  className="govuk-checkboxes__input"
                  id="f-another"
                  name="another"
                  type="checkbox"
                  value="yes"
                  defaultChecked={result?.values?.another === "yes"}
                />
                <label className="govuk-label govuk-checkboxes__label" htmlFor="f-another">
                  {t("feedback.session.another")}
                </label>
              </div>
            </div>
          </div>
        ) : null
      }
      values={result?.values}
      errors={result?.errors}
    />
  );
}
