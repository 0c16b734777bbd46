/** The post forms on a page as a browser without JavaScript sees them: shared by the tests that post hostile input. */
import { decodeHtml } from "./html";

/** What a field asks for, from its markup: which hostile values can reach a check beyond "is it text". */
export type FieldKind = "text" | "number" | "date" | "choice";
export type Field = { name: string; value: string | string[]; kind: FieldKind };
export type FoundForm = { action: string | null; fields: Field[]; intents: string[] };

const attr = (tag: string, name: string) => {
  const value = tag.match(new RegExp(`\\s${name}="([^"]*)"`))?.[1];
  return value === undefined ? undefined : decodeHtml(value);
};

/**
 * The post forms on a page, with each field's name and the value the page gives it (what is typed in, ticked
 * or selected, as a browser would send it), and the intents of their buttons.
 */
export function formsOn(html: string): FoundForm[] {
  return [...html.matchAll(/<form([^>]*method="post"[^>]*)>([\s\S]*?)<\/form>/gi)].map((m) => {
    const action = attr(m[1]!, "action") ?? null;
    const body = m[2]!;
    const fields = new Map<string, string | string[]>();
    const kinds = new Map<string, FieldKind>();
    const add = (name: string, value: string | string[], kind: FieldKind) => {
      if (!fields.has(name)) fields.set(name, value);
      if (!kinds.has(name)) kinds.set(name, kind);
    };
    for (const [tag] of body.matchAll(/<input\b[^>]*>/gi)) {
      const name = attr(tag, "name");
      const type = attr(tag, "type") ?? "text";
      if (!name || type === "submit" || type === "file") continue;
      if (type === "checkbox" || type === "radio") {
        const ticked = /\schecked=""/.test(tag);
        const held = fields.get(name) ?? [];
        fields.set(name, ticked ? [...held, attr(tag, "value") ?? "on"] : held);
        kinds.set(name, "choice");
      } else {
        const value = attr(tag, "value") ?? "";
        const numeric = type === "number" || type === "hidden" || attr(tag, "inputmode") === "numeric" || /^-?\d+$/.test(value);
        add(name, value, type === "date" || type === "time" ? "date" : numeric ? "number" : "text");
      }
    }
    for (const [, open, options] of body.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/gi)) {
      const all = [...options!.matchAll(/<option\b[^>]*>/gi)].map(([tag]) => ({
        value: attr(tag, "value") ?? "",
        selected: /\sselected=""/.test(tag),
      }));
      add(attr(open!, "name") ?? "", (all.find((o) => o.selected) ?? all[0])?.value ?? "", "choice");
    }
    for (const [, open, text] of body.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/gi))
      add(attr(open!, "name") ?? "", decodeHtml(text!), "text");
    const intents: string[] = [];
    for (const [tag] of body.matchAll(/<button\b[^>]*>/gi)) {
      const name = attr(tag, "name");
      if (name === "intent") intents.push(attr(tag, "value") ?? "");
      else if (name) add(name, attr(tag, "value") ?? "", "choice");
    }
    fields.delete("");
    return { action, fields: [...fields].map(([name, value]) => ({ name, value, kind: kinds.get(name) ?? "text" })), intents };
  });
}
