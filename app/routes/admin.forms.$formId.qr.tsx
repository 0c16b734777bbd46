import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { QrPoster } from "~/components/qr-poster";
import { getFormRow } from "~/models/form.server";
import { requireUser } from "~/models/staff-session.server";
import { getEnv } from "~/utils/env.server";
import { idParam, notFound } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";
import { qrSvg } from "~/utils/qr.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "QR code");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: "organiser" });
  const form = getFormRow({ formId: idParam(params, "formId") });
  if (form.kind !== "consultation") throw notFound("Evaluation forms have a QR code per session, on each session's feedback page");
  const url = `${getEnv().PUBLIC_URL}/consultation/${form.publicToken}`;
  return { formId: form.id, title: form.title, url, svg: await qrSvg(url) };
}

export default function ConsultationQr() {
  const d = useLoaderData<typeof loader>();
  return <QrPoster svg={d.svg} url={d.url} title={d.title} subtitle="Please tell us what you think" backTo={`/admin/forms/${d.formId}`} />;
}
