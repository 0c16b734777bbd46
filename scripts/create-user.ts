/**
 * Creates a staff account from the command line:
 *   npm run create-user -- --email jo@council.gov.uk --name "Jo Bloggs" --role organiser
 * The password is read from the USER_PASSWORD environment variable or asked for on the terminal
 * (never taken as an argument, which would leave it in the shell's history).
 */
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";

import { closeDatabase } from "../app/db.server";
import { createUser, newUserSchema } from "../app/models/user.server";
import { ConfigError } from "../app/utils/env.server";
import { fieldErrors } from "../app/utils/forms";
import { ROLES } from "../domain/vocabulary";

async function readPassword(): Promise<string> {
  if (process.env.USER_PASSWORD) return process.env.USER_PASSWORD;
  if (!process.stdin.isTTY) {
    const rl = createInterface({ input: process.stdin });
    for await (const line of rl) return line;
    return "";
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  // Hide what is typed.
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
    if (s.includes("Password")) process.stdout.write(s);
  };
  const password = await rl.question("Password (at least 12 characters): ");
  rl.close();
  process.stdout.write("\n");
  return password;
}

async function main() {
  const { values } = parseArgs({
    options: { email: { type: "string" }, name: { type: "string" }, role: { type: "string" }, help: { type: "boolean" } },
  });
  if (values.help || !values.email || !values.name || !values.role) {
    console.log(`Usage: npm run create-user -- --email <email> --name "<full name>" --role <${ROLES.join("|")}>
The password comes from USER_PASSWORD or is asked for.`);
    process.exitCode = values.help ? 0 : 1;
    return;
  }
  const password = await readPassword();
  const parsed = newUserSchema.safeParse({ email: values.email, name: values.name, role: values.role, password });
  if (!parsed.success) {
    for (const [field, message] of Object.entries(fieldErrors(parsed.error))) console.error(`${field}: ${message}`);
    process.exitCode = 1;
    return;
  }
  try {
    const user = await createUser(parsed.data);
    console.log(`Created ${user.role} account for ${user.name} <${user.email}>.`);
  } catch (error) {
    if (error instanceof Response) {
      console.error(await error.text());
      process.exitCode = 1;
      return;
    }
    throw error;
  }
}

main()
  .catch((error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => closeDatabase());
