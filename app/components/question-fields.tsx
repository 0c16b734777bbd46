/**
 * One feedback or consultation question, rendered with GOV.UK patterns so it works without JavaScript
 * and on a phone. Field names match app/utils/answers.ts.
 */
import { Checkboxes, fieldId, Radios, Select, Textarea, TextInput } from "~/components/forms";
import type { PublicQuestionRow } from "~/models/feedback.server";
import { fieldName, ordinal, OTHER } from "~/utils/answers";
import type { FieldErrors, FormValues } from "~/utils/forms";
import { list, str } from "~/utils/forms";

import type { QuestionConfig } from "../../domain/vocabulary";

/** "Not at all confident" as it reads mid-sentence; a word in capitals (an acronym) is left as it is. */
const midSentence = (label: string) => (/^\p{Lu}\p{Ll}/u.test(label) ? label[0]!.toLowerCase() + label.slice(1) : label);

/**
 * A scale's hint: the question's own, then what its ends mean ("1 is not at all confident and 5 is very
 * confident."), said once.
 */
export function scaleHint(config: QuestionConfig, hint?: string): string | undefined {
  const min = config.min ?? 0;
  const max = config.max ?? 10;
  const ends =
    config.minLabel || config.maxLabel
      ? `${min} is ${midSentence(config.minLabel || "the lowest")} and ${max} is ${midSentence(config.maxLabel || "the highest")}.`
      : undefined;
  return [hint, ends].filter(Boolean).join(" ") || undefined;
}

/** A question as the feedback pages receive it. */
export type PublicQuestion = PublicQuestionRow;

function Label({ question, number }: { question: PublicQuestion; number: number }) {
  return (
    <>
      <span className="govuk-caption-m">
        Question {number}
        {question.required ? "" : " (optional)"}
      </span>
      {question.prompt}
    </>
  );
}

export function QuestionField({
  question,
  number,
  values,
  errors,
  anonymous,
}: {
  question: PublicQuestion;
  number: number;
  values?: FormValues | null;
  errors?: FieldErrors | null;
  anonymous: boolean;
}) {
  const name = fieldName(question);
  const legend = <Label question={question} number={number} />;
  const hint = question.hint || undefined;
  const options = question.config.options ?? [];
  const legendClass = "govuk-fieldset__legend--m";

  switch (question.type) {
    case "single_choice":
    case "agreement":
      return (
        <Radios
          name={name}
          legend={legend}
          legendClassName={legendClass}
          hint={hint}
          value={str(values, name)}
          error={errors?.[name]}
          options={options.map((o) => ({ value: o, label: o }))}
        />
      );
    case "yes_no":
      return (
        <Radios
          name={name}
          legend={legend}
          legendClassName={legendClass}
          hint={hint}
          inline
          value={str(values, name)}
          error={errors?.[name]}
          options={options.map((o) => ({ value: o, label: o }))}
        />
      );
    case "scale": {
      const min = question.config.min ?? 0;
      const max = question.config.max ?? 10;
      return (
        <Radios
          name={name}
          legend={legend}
          legendClassName={legendClass}
          hint={scaleHint(question.config, hint)}
          inline
          small
          value={str(values, name)}
          error={errors?.[name]}
          options={Array.from({ length: max - min + 1 }, (_, i) => ({ value: String(min + i), label: String(min + i) }))}
        />
      );
    }
    case "multiple_choice":
      return (
        <Checkboxes
          name={name}
          legend={legend}
          legendClassName={legendClass}
          hint={hint ?? "Select all that apply."}
          values={list(values, name)}
          error={errors?.[name]}
          options={[
            ...options.map((o) => ({ value: o, label: o })),
            ...(question.config.allowOther
              ? [
                  {
                    value: OTHER,
                    label: "Other",
                    conditional: (
                      <TextInput
                        name={fieldName(question, "-other")}
                        label="Please say"
                        defaultValue={str(values, fieldName(question, "-other"))}
                        error={errors?.[fieldName(question, "-other")]}
                        maxLength={200}
                      />
                    ),
                  },
                ]
              : []),
          ]}
        />
      );
    case "grid": {
      const rows = question.config.rows ?? [];
      const rowErrors = rows.map((_, i) => errors?.[fieldName(question, `-r${i}`)]).filter(Boolean);
      return (
        <div className={`govuk-form-group ${rowErrors.length || errors?.[name] ? "govuk-form-group--error" : ""}`} id={fieldId(name)}>
          <h2 className="govuk-heading-m" id={`${fieldId(name)}-heading`}>
            <Label question={question} number={number} />
          </h2>
          {hint ? <div className="govuk-hint">{hint}</div> : null}
          {errors?.[name] ? (
            <p className="govuk-error-message">
              <span className="govuk-visually-hidden">Error:</span> {errors[name]}
            </p>
          ) : null}
          {rows.map((row, i) => (
            <Radios
              key={row}
              name={fieldName(question, `-r${i}`)}
              legend={row}
              legendClassName="govuk-fieldset__legend--s"
              inline
              small
              value={str(values, fieldName(question, `-r${i}`))}
              error={errors?.[fieldName(question, `-r${i}`)]}
              options={options.map((o) => ({ value: o, label: o }))}
            />
          ))}
        </div>
      );
    }
    case "ranking": {
      const maxRank = question.config.maxRank ?? options.length;
      return (
        <div className={`govuk-form-group ${errors?.[name] ? "govuk-form-group--error" : ""}`} id={fieldId(name)}>
          <fieldset className="govuk-fieldset">
            <legend className={`govuk-fieldset__legend ${legendClass}`}>{legend}</legend>
            <div className="govuk-hint">{hint ?? `Choose your top ${maxRank}, most important first. Choose each option once.`}</div>
            {errors?.[name] ? (
              <p className="govuk-error-message">
                <span className="govuk-visually-hidden">Error:</span> {errors[name]}
              </p>
            ) : null}
            {Array.from({ length: maxRank }, (_, i) => (
              <Select
                key={i}
                name={fieldName(question, `-rank${i + 1}`)}
                label={`${ordinal(i + 1)} choice`}
                defaultValue={str(values, fieldName(question, `-rank${i + 1}`))}
                error={errors?.[fieldName(question, `-rank${i + 1}`)]}
                options={[{ value: "", label: "Choose an option" }, ...options.map((o) => ({ value: o, label: o }))]}
              />
            ))}
          </fieldset>
        </div>
      );
    }
    case "short_text":
      return (
        <TextInput
          name={name}
          label={legend}
          labelClassName="govuk-label--m"
          hint={hint}
          defaultValue={str(values, name)}
          error={errors?.[name]}
          maxLength={question.config.maxLength ?? 200}
        />
      );
    case "long_text":
      return (
        <Textarea
          name={name}
          label={legend}
          labelClassName="govuk-label--m"
          hint={hint}
          rows={5}
          defaultValue={str(values, name)}
          error={errors?.[name]}
          maxLength={question.config.maxLength ?? 2000}
        />
      );
    case "quote":
      return (
        <>
          <Textarea
            name={name}
            label={legend}
            labelClassName="govuk-label--m"
            hint={hint}
            rows={4}
            defaultValue={str(values, name)}
            error={errors?.[name]}
            maxLength={question.config.maxLength ?? 1000}
          />
          <Radios
            name={fieldName(question, "-permission")}
            legend="May we share your comment?"
            legendClassName="govuk-fieldset__legend--s"
            hint="Only if you wrote one. We use comments in reports to our partnership and in publicity."
            value={str(values, fieldName(question, "-permission"))}
            error={errors?.[fieldName(question, "-permission")]}
            options={[
              ...(anonymous ? [] : [{ value: "organisation", label: "Yes, with my organisation's name (not my own)" }]),
              { value: "anonymous", label: "Yes, anonymously" },
              { value: "no", label: "No, do not share it" },
            ]}
          />
        </>
      );
  }
}

/** Field names in page order, for the error summary's order. */
export function questionFieldOrder(questions: PublicQuestion[]): string[] {
  return questions.flatMap((q) => [
    fieldName(q),
    fieldName(q, "-other"),
    ...(q.config.rows ?? []).map((_, i) => fieldName(q, `-r${i}`)),
    ...Array.from({ length: q.config.maxRank ?? 0 }, (_, i) => fieldName(q, `-rank${i + 1}`)),
    fieldName(q, "-permission"),
  ]);
}
