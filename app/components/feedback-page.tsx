import { Form, Link, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";

import { ErrorSummary, Honeypot } from "~/components/forms";
import { QuestionField, questionFieldOrder, type PublicQuestion } from "~/components/question-fields";
import type { FieldErrors, FormValues } from "~/utils/forms";
import { useT } from "~/utils/i18n";

export type FeedbackPageProps = {
  caption: ReactNode;
  title: ReactNode;
  introduction?: ReactNode;
  questions: PublicQuestion[];
  anonymous: boolean;
  closedMessage: string | null;
  done: boolean;
  doneMessage: ReactNode;
  values?: FormValues | null;
  errors?: FieldErrors | null;
  submitLabel?: string;
  preview?: boolean;
  /** Shown just above the send button. */
  beforeSubmit?: ReactNode;
};

/** A feedback or consultation form page: closed, thank-you or the form itself. */
export function FeedbackPage(props: FeedbackPageProps) {
  const navigation = useNavigation();
  const t = useT();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {props.done ? null : <ErrorSummary errors={props.errors} order={["form", ...questionFieldOrder(props.questions)]} />}
        <span className="govuk-caption-l">{props.caption}</span>
        <h1 className="govuk-heading-l">{props.title}</h1>
        {props.done ? (
          <div className="govuk-panel govuk-panel--confirmation" data-testid="feedback-done">
            <h2 className="govuk-panel__title">{t("feedback.done.title")}</h2>
            <div className="govuk-panel__body">{t("feedback.done.body")}</div>
          </div>
        ) : null}
        {props.done ? props.doneMessage : null}
        {!props.done && props.closedMessage ? (
          <div className="govuk-inset-text" data-testid="feedback-closed">
            {props.closedMessage}
          </div>
        ) : null}
        {!props.done && !props.closedMessage ? (
          <>
            {props.introduction}
            {props.anonymous ? (
              <p className="govuk-body">{t.rich("feedback.anonymous", { strong: (chunks) => <strong>{chunks}</strong> })}</p>
            ) : null}
            {props.preview ? (
              <div className="govuk-warning-text">
                <span className="govuk-warning-text__icon" aria-hidden="true">
                  !
                </span>
                <strong className="govuk-warning-text__text">
                  <span className="govuk-visually-hidden">Warning</span>
                  This is a preview. Answers are checked but not saved.
                </strong>
              </div>
            ) : null}
            <Form method="post" noValidate>
              <Honeypot />
              {props.questions.map((q, i) => (
                <QuestionField
                  key={q.id}
                  question={q}
                  number={i + 1}
                  values={props.values}
                  errors={props.errors}
                  anonymous={props.anonymous}
                />
              ))}
              {props.beforeSubmit}
              <button type="submit" className="govuk-button" data-module="govuk-button" disabled={navigation.state === "submitting"}>
                {props.submitLabel ?? t("feedback.sendAnswers")}
              </button>
            </Form>
          </>
        ) : null}
      </div>
    </div>
  );
}

export function BackToEvents() {
  const t = useT();
  return (
    <p className="govuk-body">
      <Link className="govuk-link" to="/events">
        {t("feedback.backToEvents")}
      </Link>
    </p>
  );
}
