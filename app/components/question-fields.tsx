/**
 * One feedback or consultation question, rendered with GOV.UK patterns so it works without JavaScript
 * and on a phone. Field names match app/utils/answers.ts.
 */
import type { ReactNode } from "react";

import { Checkboxes, fieldId, Radios, Select, Textarea, TextInput } from "~/components/forms";
import type { PublicQuestionRow } from "~/models/feedback.server";
import { fieldName, OTHER } from "~/utils/answers";
import type { FieldErrors, FormValues } from "~/utils/forms";
import { list, str } from "~/utils/forms";
import { useT, wordingIn, type Locale, type Translate, type Worded } from "~/utils/i18n";

import type { QuestionConfig } from "../../domain/vocabulary";

/** "Not at all confident" as it reads mid-sentence; a word in capitals (an acronym) is left as it is. */
const midSentence = (label: string) => (/^\p{Lu}\p{Ll}/u.test(label) ? label[0]!.toLowerCase() + label.slice(1) : label);

/**
 * A scale's hint: the question's own, then what its ends mean ("1 is not at all confident and 5 is very
 * confident."), said once.
 */
export function scaleHint(config: QuestionConfig, hint: string | undefined, t: Translate & { locale: Locale }): string | undefined {
  const ends = scaleEnds(config, t);
  const text = ends ? t("question.scaleEnds", { ...ends, minLabel: ends.minLabel.text, maxLabel: ends.maxLabel.text }) : undefined;
  return [hint, text].filter(Boolean).join(" ") || undefined;
}

/** What a scale's ends mean, each in the page's language or, as an organiser wrote it, in English. */
function scaleEnds(config: QuestionConfig, t: Translate & { locale: Locale }) {
  if (!config.minLabel && !config.maxLabel) return null;
  const word = (label: string | undefined, fallback: string): Worded =>
    label ? { ...wordingIn(label, t), text: midSentence(wordingIn(label, t).text) } : { text: midSentence(fallback), lang: undefined };
  return {
    min: config.min ?? 0,
    max: config.max ?? 10,
    minLabel: word(config.minLabel, t("question.scaleLowest")),
    maxLabel: word(config.maxLabel, t("question.scaleHighest")),
  };
}

/** `scaleHint` for the page, with English words marked as English. */
function ScaleHint({ config, hint }: { config: QuestionConfig; hint?: ReactNode }) {
  const t = useT();
  const ends = scaleEnds(config, t);
  if (!ends) return hint ?? null;
  const marked = (w: Worded) => (w.lang ? <span lang={w.lang}>{w.text}</span> : w.text);
  return (
    <>
      {hint ? <>{hint} </> : null}
      {t.rich("question.scaleEnds", { min: ends.min, max: ends.max, minLabel: marked(ends.minLabel), maxLabel: marked(ends.maxLabel) })}
    </>
  );
}

/** A question as the feedback pages receive it. */
export type PublicQuestion = PublicQuestionRow;

function Label({ question, number }: { question: PublicQuestion; number: number }) {
  const t = useT();
  const prompt = wordingIn(question.prompt, t);
  return (
    <>
      <span className="govuk-caption-m">{t(question.required ? "question.number" : "question.numberOptional", { n: number })}</span>
      <span lang={prompt.lang}>{prompt.text}</span>
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
  const t = useT();
  const name = fieldName(question);
  const legend = <Label question={question} number={number} />;
  const wordedHint = question.hint ? wordingIn(question.hint, t) : null;
  const hint = wordedHint ? <span lang={wordedHint.lang}>{wordedHint.text}</span> : undefined;
  const options = question.config.options ?? [];
  // The answer sent is the option as stored; the words shown are in the page's language where they can be.
  const shown = (o: string) => {
    const w = wordingIn(o, t);
    return w.lang ? <span lang={w.lang}>{w.text}</span> : w.text;
  };
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
          options={options.map((o) => ({ value: o, label: shown(o) }))}
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
          options={options.map((o) => ({ value: o, label: shown(o) }))}
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
          hint={
            hint || question.config.minLabel || question.config.maxLabel ? <ScaleHint config={question.config} hint={hint} /> : undefined
          }
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
          hint={hint ?? t("question.selectAll")}
          values={list(values, name)}
          error={errors?.[name]}
          options={[
            ...options.map((o) => ({ value: o, label: shown(o) })),
            ...(question.config.allowOther
              ? [
                  {
                    value: OTHER,
                    label: t("question.other"),
                    conditional: (
                      <TextInput
                        name={fieldName(question, "-other")}
                        label={t("question.otherSay")}
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
              <span className="govuk-visually-hidden">{t("form.errorPrefix")}</span> {errors[name]}
            </p>
          ) : null}
          {rows.map((row, i) => (
            <Radios
              key={row}
              name={fieldName(question, `-r${i}`)}
              legend={shown(row)}
              legendClassName="govuk-fieldset__legend--s"
              inline
              small
              value={str(values, fieldName(question, `-r${i}`))}
              error={errors?.[fieldName(question, `-r${i}`)]}
              options={options.map((o) => ({ value: o, label: shown(o) }))}
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
            <div className="govuk-hint">{hint ?? t("question.rankHint", { max: maxRank })}</div>
            {errors?.[name] ? (
              <p className="govuk-error-message">
                <span className="govuk-visually-hidden">{t("form.errorPrefix")}</span> {errors[name]}
              </p>
            ) : null}
            {Array.from({ length: maxRank }, (_, i) => (
              <Select
                key={i}
                name={fieldName(question, `-rank${i + 1}`)}
                label={t("question.rankLabel", { rank: i + 1 })}
                defaultValue={str(values, fieldName(question, `-rank${i + 1}`))}
                error={errors?.[fieldName(question, `-rank${i + 1}`)]}
                options={[
                  { value: "", label: t("question.chooseOption") },
                  ...options.map((o) => {
                    const w = wordingIn(o, t);
                    return { value: o, label: w.text, lang: w.lang };
                  }),
                ]}
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
            legend={t("question.share")}
            legendClassName="govuk-fieldset__legend--s"
            hint={t("question.share.hint")}
            value={str(values, fieldName(question, "-permission"))}
            error={errors?.[fieldName(question, "-permission")]}
            options={[
              ...(anonymous ? [] : [{ value: "organisation", label: t("question.share.organisation") }]),
              { value: "anonymous", label: t("question.share.anonymous") },
              { value: "no", label: t("question.share.no") },
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
