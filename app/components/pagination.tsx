import { Link } from "@remix-run/react";

import { useT } from "~/utils/i18n";

/**
 * The page numbers to show, GOV.UK style: the first, the last, the current and its neighbours, with null where
 * a run of pages is left out ("…").
 */
export function pageNumbers(page: number, pages: number): Array<number | null> {
  const shown = [...new Set([1, page - 1, page, page + 1, pages])].filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b);
  const out: Array<number | null> = [];
  for (const n of shown) {
    const last = out[out.length - 1];
    if (typeof last === "number" && n - last === 2) out.push(last + 1);
    else if (typeof last === "number" && n - last > 2) out.push(null);
    out.push(n);
  }
  return out;
}

const ARROWS = {
  prev: "m6.5938-0.0078125-6.7266 6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984l4.2931-4.293-1.414-1.414z",
  next: "m8.107-0.0078125-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 6.7441-6.4062-6.7246-6.7266z",
};

/** GOV.UK's arrow beside "Previous" and "Next". */
function Arrow({ direction }: { direction: keyof typeof ARROWS }) {
  return (
    <svg
      className={`govuk-pagination__icon govuk-pagination__icon--${direction}`}
      xmlns="http://www.w3.org/2000/svg"
      height="13"
      width="15"
      aria-hidden="true"
      focusable="false"
      viewBox="0 0 15 13"
    >
      <path d={ARROWS[direction]} />
    </svg>
  );
}

/** The GOV.UK pagination component; shows nothing when there is one page. */
export function Pagination({
  page,
  pages,
  hrefFor,
  label,
}: {
  page: number;
  pages: number;
  hrefFor: (page: number) => string;
  label: string;
}) {
  const t = useT();
  if (pages <= 1) return null;
  return (
    <nav className="govuk-pagination" aria-label={label}>
      {page > 1 ? (
        <div className="govuk-pagination__prev">
          <Link className="govuk-link govuk-pagination__link" to={hrefFor(page - 1)} rel="prev">
            <Arrow direction="prev" />
            <span className="govuk-pagination__link-title">
              {t.rich("pagination.previous", { hidden: (chunks) => <span className="govuk-visually-hidden">{chunks}</span> })}
            </span>
          </Link>
        </div>
      ) : null}
      <ul className="govuk-pagination__list">
        {pageNumbers(page, pages).map((n, i) =>
          n === null ? (
            <li key={`gap-${i}`} className="govuk-pagination__item govuk-pagination__item--ellipses">
              {"⋯"}
            </li>
          ) : (
            <li key={n} className={`govuk-pagination__item${n === page ? " govuk-pagination__item--current" : ""}`}>
              <Link
                className="govuk-link govuk-pagination__link"
                to={hrefFor(n)}
                aria-label={t("pagination.page", { n })}
                aria-current={n === page ? "page" : undefined}
              >
                {n}
              </Link>
            </li>
          ),
        )}
      </ul>
      {page < pages ? (
        <div className="govuk-pagination__next">
          <Link className="govuk-link govuk-pagination__link" to={hrefFor(page + 1)} rel="next">
            <span className="govuk-pagination__link-title">
              {t.rich("pagination.next", { hidden: (chunks) => <span className="govuk-visually-hidden">{chunks}</span> })}
            </span>
            <Arrow direction="next" />
          </Link>
        </div>
      ) : null}
    </nav>
  );
}
