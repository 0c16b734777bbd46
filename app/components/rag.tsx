import { RAG_LABELS } from "~/utils/rag";

import type { RagStatus } from "../../domain/vocabulary";

/** A RAG status as a word in a coloured tag: never colour alone. */
export function RagTag({ status, testId }: { status: RagStatus | null; testId?: string }) {
  return (
    <strong className={`govuk-tag app-rag app-rag--${status ?? "none"}`} data-rag={status ?? "none"} data-testid={testId}>
      {status ? RAG_LABELS[status] : "Not measured"}
    </strong>
  );
}

/**
 * A bar filled to `value` per cent. Drawn as SVG, whose width attribute is not a style: the pages' CSP allows
 * no inline styles. Without `label` it is decoration beside a figure that says the same.
 */
export function ProgressBar({ value, label, className = "app-progress" }: { value: number; label?: string; className?: string }) {
  return (
    <svg
      className={className}
      viewBox="0 0 100 1"
      preserveAspectRatio="none"
      focusable="false"
      {...(label ? { role: "img", "aria-label": label } : { "aria-hidden": true })}
    >
      <rect width={Math.max(0, Math.min(100, value))} height="1" />
    </svg>
  );
}
