import { Checkbox, DateInput, Radios, Textarea, TextInput } from "~/components/forms";
import { str, type FieldErrors, type FormValues } from "~/utils/forms";

export const SETTINGS_FIELD_ORDER = ["template", "title", "introduction", "anonymous", "status", "opensOn", "closesOn"];

export function FormSettingsFields({
  values,
  errors,
  consultation,
}: {
  values?: FormValues | null;
  errors?: FieldErrors | null;
  consultation: boolean;
}) {
  return (
    <>
      <TextInput name="title" label="Title" defaultValue={str(values, "title")} error={errors?.title} />
      <Textarea
        name="introduction"
        label="Introduction (optional)"
        hint="Shown above the questions: why you are asking, how long it takes, how answers are used."
        rows={4}
        defaultValue={str(values, "introduction")}
        error={errors?.introduction}
      />
      <Checkbox
        name="anonymous"
        label="Anonymous"
        hint="Answers are never shown next to a name, even to organisers. Once people have answered, an anonymous form stays anonymous."
        checked={str(values, "anonymous") === "yes"}
        error={errors?.anonymous}
      />
      <Radios
        name="status"
        legend="Is it taking answers?"
        legendClassName="govuk-fieldset__legend--s"
        value={str(values, "status") || "open"}
        error={errors?.status}
        options={[
          { value: "draft", label: "Draft: not yet", hint: consultation ? "The public link shows nothing." : undefined },
          {
            value: "open",
            label: "Open",
            hint: consultation ? "Between the dates below, if given." : "For each session, from its start until its feedback closes.",
          },
          { value: "closed", label: "Closed" },
        ]}
      />
      {consultation ? (
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-half">
            <DateInput name="opensOn" legend="Opens on (optional)" values={values} error={errors?.opensOn} />
          </div>
          <div className="govuk-grid-column-one-half">
            <DateInput name="closesOn" legend="Closes at the end of (optional)" values={values} error={errors?.closesOn} />
          </div>
        </div>
      ) : null}
    </>
  );
}
