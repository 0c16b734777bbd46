/** The error pages: "not found", "no permission", a refused request, and the service failing. */
import { isRouteErrorResponse } from "@remix-run/react";

/** The page's heading for an error, used for its title too. */
export function errorHeading(error: unknown): string {
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) return "Page not found";
    if (error.status === 403) return "You do not have permission to open this page";
    return error.statusText || "There is a problem";
  }
  return "Sorry, there is a problem with the service";
}

/**
 * What people see when a page cannot be shown. In the staff area (`area="staff"`) "not found" points back to
 * the dashboard rather than the public events list.
 */
export function ErrorPage({ error, area = "public" }: { error: unknown; area?: "public" | "staff" }) {
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) {
      return (
        <>
          <h1 className="govuk-heading-l">Page not found</h1>
          <p className="govuk-body">If you typed the web address, check it is correct.</p>
          <p className="govuk-body">If you pasted the web address, check you copied the entire address.</p>
          <p className="govuk-body">
            {area === "staff" ? (
              <a className="govuk-link" href="/admin">
                Go to your dashboard
              </a>
            ) : (
              <>
                You can{" "}
                <a className="govuk-link" href="/events">
                  see all upcoming events
                </a>
                .
              </>
            )}
          </p>
        </>
      );
    }
    if (error.status === 403) {
      return (
        <>
          <h1 className="govuk-heading-l">You do not have permission to open this page</h1>
          <p className="govuk-body">Your account&apos;s role does not include this page. If you need it, ask an administrator.</p>
          <p className="govuk-body">
            <a className="govuk-link" href="/admin">
              Go to your dashboard
            </a>
          </p>
        </>
      );
    }
    return (
      <>
        <h1 className="govuk-heading-l">{error.statusText || "There is a problem"}</h1>
        <p className="govuk-body">{typeof error.data === "string" ? error.data : "Please try again."}</p>
      </>
    );
  }
  return (
    <>
      <h1 className="govuk-heading-l">Sorry, there is a problem with the service</h1>
      <p className="govuk-body">Try again later. Nothing you entered has been saved unless you saw a confirmation.</p>
    </>
  );
}
