import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { getTrainingContact } from "~/models/settings.server";
import { getEnv } from "~/utils/env.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "Privacy notice");

export async function loader() {
  const env = getEnv();
  return { organisationName: env.ORGANISATION_NAME, contactEmail: getTrainingContact().email, serviceName: env.SERVICE_NAME };
}

export default function Privacy() {
  const { organisationName, contactEmail, serviceName } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-xl">Privacy notice</h1>
        <p className="govuk-body-l">
          How the {organisationName} uses your information when you book a place on a training session or event, or give feedback.
        </p>

        <h2 className="govuk-heading-m">Who is responsible for your information</h2>
        <p className="govuk-body">
          The {organisationName} is the data controller for the information collected by {serviceName}. You can contact us about your
          information at{" "}
          <a className="govuk-link" href={`mailto:${contactEmail}`}>
            {contactEmail}
          </a>
          , and our Data Protection Officer through the same address.
        </p>

        <h2 className="govuk-heading-m">What we collect</h2>
        <p className="govuk-body">When you book a place we ask for:</p>
        <ul className="govuk-list govuk-list--bullet">
          <li>your name and email address, to confirm your place and contact you about the session;</li>
          <li>
            your organisation, its sector, your job role and (if you choose to tell us) your department or team, to plan sessions and report
            how many people from each kind of organisation were trained;
          </li>
          <li>any access needs you tell us about, only to make arrangements for you.</li>
        </ul>
        <p className="govuk-body">
          On the day, the facilitator records whether you attended. If you give feedback, we keep your answers. Some feedback forms are
          anonymous: then we never link your answers to your name.
        </p>
        <p className="govuk-body">
          Some programmes ask council staff, when they book, for their line manager&apos;s email address. It is optional. We use it only to
          ask your manager, some weeks after the session, two short questions about whether they have seen a change in practice. Your
          manager does not see your answers, and you do not see theirs. It is removed with your other details.
        </p>
        <p className="govuk-body">
          We do not ask for, and you should not give us, details of anyone&apos;s personal experience of abuse in a booking or feedback
          form.
        </p>

        <h2 className="govuk-heading-m">Why we use it and our lawful basis</h2>
        <p className="govuk-body">
          We use your information to run the session you booked, to send you a calendar invite, reminders, a request for feedback and, some
          weeks later, a short follow-up about whether you have used what you learned, and to report on our training programmes to the
          partnership and its committees. Reports contain numbers and percentages, and only quotes you have given us permission to use,
          attributed as you chose (your organisation&apos;s name or anonymously).
        </p>
        <p className="govuk-body">
          Our lawful basis is that this is necessary for a task carried out in the public interest (UK GDPR Article 6(1)(e)): our duties to
          prevent crime and disorder and to support victims of violence against women and girls. Where you tell us about access needs, which
          may be health information, we use it with your explicit consent, only to make arrangements for you.
        </p>

        <h2 className="govuk-heading-m">Who can see it</h2>
        <p className="govuk-body">
          Only the staff who organise, deliver and report on the training can see booking details, and only after signing in. The
          session&apos;s facilitator sees the attendance list. We do not publish attendee names anywhere, and we do not sell or share your
          information for marketing. We would only share it with others where the law requires it.
        </p>
        <p className="govuk-body">
          If you attend, you can download a certificate of attendance. It has a verification code: anyone you give the code to (an employer
          checking your training record, for example) can enter it on our{" "}
          <a className="govuk-link" href="/certificates">
            certificate checking page
          </a>{" "}
          and see your name, the training and its date, and nothing else. The code cannot be guessed, and stops working when your details
          are removed.
        </p>

        <h2 className="govuk-heading-m">How long we keep it</h2>
        <p className="govuk-body">
          We keep booking details for 2 years after the session so that we can report on training over a strategy period and work out when
          refresher training is due. After that, names and contact details are removed and only anonymous figures are kept. If you work for
          the council and are on its staff list, the record that you completed compulsory training is kept while you are on the list, so
          that your refresher date stays right. Anonymous feedback is kept for as long as it is useful for reporting.
        </p>

        <h2 className="govuk-heading-m">Your rights</h2>
        <p className="govuk-body">
          You can cancel your booking at any time using the link in your confirmation email. You have the right to ask for a copy of your
          information, to have it corrected, to object to its use, and in some cases to have it deleted. Email us at{" "}
          <a className="govuk-link" href={`mailto:${contactEmail}`}>
            {contactEmail}
          </a>
          . Tell us the email address you booked with. Once we have checked it is you, we send you everything we hold about you (your
          bookings, answers linked to you, and the emails we sent), and if you ask, we remove your details: only the anonymous figures stay,
          as they would after the retention period.
        </p>
        <p className="govuk-body">
          If you are unhappy with how we have used your information, you can complain to the Information Commissioner&apos;s Office (ICO) at
          ico.org.uk or on 0303 123 1113.
        </p>

        <h2 className="govuk-heading-m">Cookies</h2>
        <p className="govuk-body">
          If you give feedback through the link or QR code shown in the room, your browser keeps one cookie for that session&apos;s feedback
          page only, for up to 120 days. It holds a random number and nothing about you; it lets us recognise a second answer from the same
          phone or computer, so that it replaces the first instead of being counted twice. No other cookies are used for members of the
          public. Staff who sign in get one essential cookie that keeps them signed in; it is removed when they sign out or after 10 hours.
        </p>
      </div>
    </div>
  );
}
