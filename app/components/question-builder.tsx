import { Checkbox, Textarea, TextInput } from "~/components/forms";
import { str, type FieldErrors, type FormValues } from "~/utils/forms";

import type { QuestionType } from "../../domain/vocabulary";

export const BUILDER_FIELD_ORDER = [
  "type",
  "prompt",
  "hint",
  "options",
  "rows",
  "allowOther",
  "maxRank",
  "min",
  "max",
  "minLabel",
  "maxLabel",
  "maxLength",
  "required",
];

/** The fields an organiser fills in for one question; which appear depends on its type. */
export function QuestionBuilderFields({
  type,
  values,
  errors,
  locked,
}: {
  type: QuestionType;
  values?: FormValues | null;
  errors?: FieldErrors | null;
  locked: boolean;
}) {
  const lockedHint = locked ? " This question has answers, so these cannot change." : "";
  return (
    <>
      <input type="hidden" name="type" value={type} />
      <Textarea name="prompt" label="Question" rows={2} defaultValue={str(values, "prompt")} error={errors?.prompt} />
      <TextInput
        name="hint"
        label="Hint (optional)"
        hint="Extra help shown under the question."
        defaultValue={str(values, "hint")}
        error={errors?.hint}
      />
      {type === "single_choice" || type === "multiple_choice" ? (
        <Textarea
          name="options"
          label="Answers to choose from"
          hint={`One per line, in the order to show them. For a rating scale, put the best first (for example “Extremely useful”): reports count the first answer as the top box.${lockedHint}`}
          rows={6}
          defaultValue={str(values, "options")}
          error={errors?.options}
        />
      ) : null}
      {type === "multiple_choice" ? (
        <Checkbox
          name="allowOther"
          label="Offer “Other, please say”"
          checked={str(values, "allowOther") === "yes"}
          error={errors?.allowOther}
        />
      ) : null}
      {type === "grid" ? (
        <>
          <Textarea
            name="rows"
            label="Rows"
            hint={`One per line, for example “Homelessness”, “Ill mental health”.${lockedHint}`}
            rows={6}
            defaultValue={str(values, "rows")}
            error={errors?.rows}
          />
          <Textarea
            name="options"
            label="Answers for each row"
            hint={`One per line, for example “Confident”, “Not confident”, “Don't know”.${lockedHint}`}
            rows={4}
            defaultValue={str(values, "options")}
            error={errors?.options}
          />
        </>
      ) : null}
      {type === "ranking" ? (
        <>
          <Textarea
            name="options"
            label="Options to rank"
            hint={`One per line.${lockedHint}`}
            rows={8}
            defaultValue={str(values, "options")}
            error={errors?.options}
          />
          <TextInput
            name="maxRank"
            label="How many should people rank?"
            hint="For example 4, for “rank your top 4”."
            inputMode="numeric"
            widthClass="govuk-input--width-3"
            defaultValue={str(values, "maxRank") || "4"}
            error={errors?.maxRank}
          />
        </>
      ) : null}
      {type === "scale" ? (
        <>
          <div className="govuk-grid-row">
            <div className="govuk-grid-column-one-half">
              <TextInput
                name="min"
                label="Lowest number"
                hint={`0 or 1.${lockedHint}`}
                inputMode="numeric"
                widthClass="govuk-input--width-3"
                defaultValue={str(values, "min") || "0"}
                error={errors?.min}
              />
            </div>
            <div className="govuk-grid-column-one-half">
              <TextInput
                name="max"
                label="Highest number"
                hint="From 2 to 10."
                inputMode="numeric"
                widthClass="govuk-input--width-3"
                defaultValue={str(values, "max") || "10"}
                error={errors?.max}
              />
            </div>
          </div>
          <TextInput
            name="minLabel"
            label="What the lowest number means (optional)"
            hint="For example “Not at all likely”."
            defaultValue={str(values, "minLabel")}
            error={errors?.minLabel}
          />
          <TextInput
            name="maxLabel"
            label="What the highest number means (optional)"
            hint="For example “Extremely likely”."
            defaultValue={str(values, "maxLabel")}
            error={errors?.maxLabel}
          />
        </>
      ) : null}
      {type === "short_text" || type === "long_text" || type === "quote" ? (
        <TextInput
          name="maxLength"
          label="Longest answer allowed, in characters"
          inputMode="numeric"
          widthClass="govuk-input--width-4"
          defaultValue={str(values, "maxLength") || (type === "short_text" ? "200" : type === "quote" ? "1000" : "2000")}
          error={errors?.maxLength}
        />
      ) : null}
      {type === "yes_no" ? <p className="govuk-body">People answer Yes or No.</p> : null}
      {type === "agreement" ? (
        <p className="govuk-body">People answer on a five-point scale from Strongly agree to Strongly disagree.</p>
      ) : null}
      {type === "quote" ? (
        <p className="govuk-body">
          People write a comment and say whether it may be shared, with their organisation&apos;s name or anonymously.
        </p>
      ) : null}
      <Checkbox
        name="required"
        label="People must answer this question"
        checked={str(values, "required") === "yes"}
        error={errors?.required}
      />
    </>
  );
}
