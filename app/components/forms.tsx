/**
 * GOV.UK Design System form patterns as React components. Each field shows its own error message, keeps
 * what the user typed (via `defaultValue`), and links hint and error with aria-describedby.
 */
import { useEffect, useRef, type InputHTMLAttributes, type ReactNode } from "react";

import type { FieldErrors } from "~/utils/forms";
import { useT } from "~/utils/i18n";

const idFor = (name: string) => `f-${name.replace(/[^a-zA-Z0-9_-]/g, "-")}`;

function describedBy(name: string, hint?: ReactNode, error?: string): string | undefined {
  const ids = [hint ? `${idFor(name)}-hint` : null, error ? `${idFor(name)}-error` : null].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

function Hint({ name, children }: { name: string; children?: ReactNode }) {
  return children ? (
    <div id={`${idFor(name)}-hint`} className="govuk-hint">
      {children}
    </div>
  ) : null;
}

function ErrorMessage({ name, children }: { name: string; children?: string }) {
  const t = useT();
  return children ? (
    <p id={`${idFor(name)}-error`} className="govuk-error-message">
      <span className="govuk-visually-hidden">{t("form.errorPrefix")}</span> {children}
    </p>
  ) : null;
}

/**
 * The error summary at the top of a page. It takes focus when it appears (with JavaScript) so screen reader
 * users hear it; each message links to its field. `order` lists field names in the order they appear.
 */
export function ErrorSummary({ errors, order }: { errors?: FieldErrors | null; order?: string[] }) {
  const ref = useRef<HTMLDivElement>(null);
  const t = useT();
  const prefix = t("form.errorTitlePrefix");
  const entries = errors ? Object.entries(errors) : [];
  const sorted = order
    ? entries.sort(([a], [b]) => {
        const ia = order.indexOf(a);
        const ib = order.indexOf(b);
        return (ia === -1 ? 999 : ia) - (ib === -1 ? 999 : ib);
      })
    : entries;
  const key = sorted.map(([k, v]) => `${k}:${v}`).join("|");
  useEffect(() => {
    if (!key) return;
    ref.current?.focus();
    if (!document.title.startsWith(prefix)) document.title = `${prefix}${document.title}`;
    return () => {
      if (document.title.startsWith(prefix)) document.title = document.title.slice(prefix.length);
    };
  }, [key, prefix]);
  if (!sorted.length) return null;
  return (
    <div className="govuk-error-summary" data-module="govuk-error-summary" ref={ref} tabIndex={-1}>
      <div role="alert">
        <h2 className="govuk-error-summary__title">{t("form.errorSummary")}</h2>
        <div className="govuk-error-summary__body">
          <ul className="govuk-list govuk-error-summary__list">
            {sorted.map(([field, message]) => (
              <li key={field}>
                <a href={field === "form" ? "#main-content" : `#${idFor(field)}`}>{message}</a>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}

type CommonProps = {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  /** Show the label as the page heading (one-question pages). */
  labelIsHeading?: boolean;
  labelClassName?: string;
};

function Label({ name, label, labelIsHeading, labelClassName }: CommonProps) {
  const label_ = (
    <label className={`govuk-label ${labelClassName ?? (labelIsHeading ? "govuk-label--l" : "")}`} htmlFor={idFor(name)}>
      {label}
    </label>
  );
  return labelIsHeading ? <h1 className="govuk-label-wrapper">{label_}</h1> : label_;
}

export function TextInput({
  name,
  label,
  hint,
  error,
  labelIsHeading,
  labelClassName,
  widthClass,
  className,
  ...rest
}: CommonProps & { widthClass?: string } & Omit<InputHTMLAttributes<HTMLInputElement>, "name">) {
  return (
    <div className={`govuk-form-group ${error ? "govuk-form-group--error" : ""}`}>
      <Label name={name} label={label} labelIsHeading={labelIsHeading} labelClassName={labelClassName} />
      <Hint name={name}>{hint}</Hint>
      <ErrorMessage name={name}>{error}</ErrorMessage>
      <input
        className={`govuk-input ${widthClass ?? ""} ${error ? "govuk-input--error" : ""} ${className ?? ""}`}
        id={idFor(name)}
        name={name}
        type="text"
        aria-describedby={describedBy(name, hint, error)}
        {...rest}
      />
    </div>
  );
}

export function Textarea({
  name,
  label,
  hint,
  error,
  labelIsHeading,
  labelClassName,
  rows = 5,
  defaultValue,
  maxLength,
}: CommonProps & { rows?: number; defaultValue?: string; maxLength?: number }) {
  return (
    <div className={`govuk-form-group ${error ? "govuk-form-group--error" : ""}`}>
      <Label name={name} label={label} labelIsHeading={labelIsHeading} labelClassName={labelClassName} />
      <Hint name={name}>{hint}</Hint>
      <ErrorMessage name={name}>{error}</ErrorMessage>
      <textarea
        className={`govuk-textarea ${error ? "govuk-textarea--error" : ""}`}
        id={idFor(name)}
        name={name}
        rows={rows}
        defaultValue={defaultValue}
        maxLength={maxLength}
        aria-describedby={describedBy(name, hint, error)}
      />
    </div>
  );
}

/** A CSV file picker (GOV.UK file upload); the file arrives with the form, so it needs `encType="multipart/form-data"`. */
export function FileUpload({ name, label, hint, error, accept = ".csv,text/csv" }: CommonProps & { accept?: string }) {
  return (
    <div className={`govuk-form-group ${error ? "govuk-form-group--error" : ""}`}>
      <Label name={name} label={label} />
      <Hint name={name}>{hint}</Hint>
      <ErrorMessage name={name}>{error}</ErrorMessage>
      <input
        className={`govuk-file-upload ${error ? "govuk-file-upload--error" : ""}`}
        id={idFor(name)}
        name={name}
        type="file"
        accept={accept}
        aria-describedby={describedBy(name, hint, error)}
      />
    </div>
  );
}

export function Select({
  name,
  label,
  hint,
  error,
  options,
  defaultValue,
  labelClassName,
}: CommonProps & { options: Array<{ value: string; label: string; lang?: string }>; defaultValue?: string }) {
  return (
    <div className={`govuk-form-group ${error ? "govuk-form-group--error" : ""}`}>
      <Label name={name} label={label} labelClassName={labelClassName} />
      <Hint name={name}>{hint}</Hint>
      <ErrorMessage name={name}>{error}</ErrorMessage>
      <select
        className={`govuk-select ${error ? "govuk-select--error" : ""}`}
        id={idFor(name)}
        name={name}
        defaultValue={defaultValue}
        aria-describedby={describedBy(name, hint, error)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value} lang={o.lang}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

type Choice = { value: string; label: ReactNode; hint?: ReactNode; conditional?: ReactNode };

function ChoiceGroup({
  type,
  name,
  legend,
  hint,
  error,
  options,
  checked,
  legendIsHeading,
  legendClassName,
  inline,
  small,
}: {
  type: "radio" | "checkbox";
  name: string;
  legend: ReactNode;
  hint?: ReactNode;
  error?: string;
  options: Choice[];
  checked: string[];
  legendIsHeading?: boolean;
  legendClassName?: string;
  inline?: boolean;
  small?: boolean;
}) {
  const base = type === "radio" ? "govuk-radios" : "govuk-checkboxes";
  const legendClass = `govuk-fieldset__legend ${legendClassName ?? (legendIsHeading ? "govuk-fieldset__legend--l" : "govuk-fieldset__legend--s")}`;
  return (
    <div className={`govuk-form-group ${error ? "govuk-form-group--error" : ""}`} id={idFor(name)}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy(name, hint, error)}>
        <legend className={legendClass}>{legendIsHeading ? <h1 className="govuk-fieldset__heading">{legend}</h1> : legend}</legend>
        <Hint name={name}>{hint}</Hint>
        <ErrorMessage name={name}>{error}</ErrorMessage>
        <div className={`${base} ${inline ? `${base}--inline` : ""} ${small ? `${base}--small` : ""}`}>
          {options.map((option, i) => {
            const id = i === 0 ? `${idFor(name)}-input` : `${idFor(name)}-${i}`;
            return (
              <div key={option.value}>
                <div className={`${base}__item`}>
                  <input
                    className={`${base}__input`}
                    id={id}
                    name={name}
                    type={type}
                    value={option.value}
                    defaultChecked={checked.includes(option.value)}
                    aria-describedby={option.hint ? `${id}-hint` : undefined}
                  />
                  <label className={`govuk-label ${base}__label`} htmlFor={id}>
                    {option.label}
                  </label>
                  {option.hint ? (
                    <div id={`${id}-hint`} className={`govuk-hint ${base}__hint`}>
                      {option.hint}
                    </div>
                  ) : null}
                </div>
                {/* Always shown: it follows its choice, and needs no script to be reached. */}
                {option.conditional ? <div className={`${base}__conditional`}>{option.conditional}</div> : null}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

export function Radios(props: Omit<Parameters<typeof ChoiceGroup>[0], "type" | "checked"> & { value?: string | null }) {
  return <ChoiceGroup {...props} type="radio" checked={props.value ? [props.value] : []} />;
}

export function Checkboxes(props: Omit<Parameters<typeof ChoiceGroup>[0], "type" | "checked"> & { values?: string[] }) {
  return <ChoiceGroup {...props} type="checkbox" checked={props.values ?? []} />;
}

/** A single checkbox, e.g. consent. */
export function Checkbox({
  name,
  label,
  hint,
  error,
  checked,
  value = "yes",
}: {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  checked?: boolean;
  value?: string;
}) {
  return (
    <div className={`govuk-form-group ${error ? "govuk-form-group--error" : ""}`}>
      <ErrorMessage name={name}>{error}</ErrorMessage>
      <div className="govuk-checkboxes govuk-checkboxes--small">
        <div className="govuk-checkboxes__item">
          <input
            className="govuk-checkboxes__input"
            id={idFor(name)}
            name={name}
            type="checkbox"
            value={value}
            defaultChecked={checked}
            aria-describedby={describedBy(name, hint, error)}
          />
          <label className="govuk-label govuk-checkboxes__label" htmlFor={idFor(name)}>
            {label}
          </label>
          {hint ? (
            <div id={`${idFor(name)}-hint`} className="govuk-hint govuk-checkboxes__hint">
              {hint}
            </div>
          ) : null}
        </div>
      </div>
    </div>
  );
}

/**
 * A field no person sees or fills in. Bots that fill every field reveal themselves; it is hidden from
 * screen readers and keyboard focus too.
 */
export function Honeypot() {
  const t = useT();
  return (
    <div aria-hidden="true" className="app-honeypot">
      <label htmlFor="f-website">{t("form.honeypot")}</label>
      <input id="f-website" name="website" type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
    </div>
  );
}

export { idFor as fieldId };

/**
 * GOV.UK's date input: day, month and year in their own boxes (issue 15), posted as `<name>-day`, `-month`,
 * `-year` and joined by `joinDateParts`. The day box carries the field's id, so the error summary's link lands
 * on it. Refilled from the parts as typed, or from a whole `YYYY-MM-DD` value.
 */
export function DateInput({
  name,
  legend,
  hint = "For example, 27 3 2027",
  values,
  error,
  legendClassName = "govuk-fieldset__legend--s",
}: {
  name: string;
  legend: string;
  hint?: string;
  values?: Record<string, string | string[]> | null;
  error?: string;
  legendClassName?: string;
}) {
  const whole = /^(\d{4})-(\d{2})-(\d{2})$/.exec(typeof values?.[name] === "string" ? (values[name] as string) : "");
  const part = (key: "day" | "month" | "year", fromWhole: string | undefined) => {
    const typed = values?.[`${name}-${key}`];
    return typeof typed === "string" ? typed : fromWhole ? String(Number(fromWhole)) : "";
  };
  const parts = [
    { key: "day" as const, label: "Day", width: 2, value: part("day", whole?.[3]) },
    { key: "month" as const, label: "Month", width: 2, value: part("month", whole?.[2]) },
    { key: "year" as const, label: "Year", width: 4, value: part("year", whole?.[1]) },
  ];
  return (
    <div className={`govuk-form-group ${error ? "govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" role="group" aria-describedby={describedBy(name, hint, error)}>
        <legend className={`govuk-fieldset__legend ${legendClassName}`}>{legend}</legend>
        <Hint name={name}>{hint}</Hint>
        <ErrorMessage name={name}>{error}</ErrorMessage>
        <div className="govuk-date-input">
          {parts.map((p) => (
            <div className="govuk-date-input__item" key={p.key}>
              <div className="govuk-form-group">
                <label className="govuk-label govuk-date-input__label" htmlFor={p.key === "day" ? idFor(name) : idFor(`${name}-${p.key}`)}>
                  {p.label}
                </label>
                <input
                  className={`govuk-input govuk-date-input__input govuk-input--width-${p.width} ${error ? "govuk-input--error" : ""}`}
                  id={p.key === "day" ? idFor(name) : idFor(`${name}-${p.key}`)}
                  name={`${name}-${p.key}`}
                  type="text"
                  inputMode="numeric"
                  defaultValue={p.value}
                />
              </div>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}
