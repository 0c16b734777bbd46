import { Checkboxes, DateInput, Radios, Select, TextInput } from "~/components/forms";
import { list, str, type FieldErrors, type FormValues } from "~/utils/forms";

import { SECTOR_LABELS, SECTORS, TARGET_LABELS, TARGET_METRICS } from "../../domain/vocabulary";

export const TARGET_FIELD_ORDER = ["label", "metric", "targetValue", "programmeIds", "sector", "windowStartsOn", "windowEndsOn"];

export function TargetFields({
  values,
  errors,
  programmes,
}: {
  values?: FormValues | null;
  errors?: FieldErrors | null;
  programmes: Array<{ id: number; title: string }>;
}) {
  return (
    <>
      <TextInput
        name="label"
        label="Target"
        hint="As the plan says it, for example “Deliver training to 50 professionals” or “10 hotels to attend”."
        defaultValue={str(values, "label")}
        error={errors?.label}
      />
      <Radios
        name="metric"
        legend="What is measured"
        legendClassName="govuk-fieldset__legend--s"
        value={str(values, "metric")}
        error={errors?.metric}
        options={TARGET_METRICS.map((m) => ({ value: m, label: TARGET_LABELS[m] }))}
      />
      <TextInput
        name="targetValue"
        label="Target number"
        hint="For a percentage, the percentage: for example 85."
        inputMode="numeric"
        widthClass="govuk-input--width-5"
        defaultValue={str(values, "targetValue")}
        error={errors?.targetValue}
      />
      <Checkboxes
        name="programmeIds"
        legend="Which programmes count? (optional)"
        legendClassName="govuk-fieldset__legend--s"
        hint="Leave them all unticked to count every programme."
        small
        values={list(values, "programmeIds")}
        error={errors?.programmeIds}
        options={programmes.map((p) => ({ value: String(p.id), label: p.title }))}
      />
      <Select
        name="sector"
        label="Only organisations of this type (optional)"
        hint="For organisations reached, for example only hotels."
        defaultValue={str(values, "sector")}
        error={errors?.sector}
        options={[{ value: "", label: "Any type" }, ...SECTORS.map((s) => ({ value: s, label: SECTOR_LABELS[s] }))]}
      />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-half">
          <DateInput name="windowStartsOn" legend="Count from" values={values} error={errors?.windowStartsOn} />
        </div>
        <div className="govuk-grid-column-one-half">
          <DateInput
            name="windowEndsOn"
            legend="Until (optional)"
            hint="For example, 31 3 2027. Leave blank if ongoing."
            values={values}
            error={errors?.windowEndsOn}
          />
        </div>
      </div>
    </>
  );
}
