// @ts-check
/**
 * Lint: TypeScript, React, hooks, accessibility and imports, with Prettier owning the layout. The import
 * zones below are the architecture (docs/decisions/012-layers-enforced-by-lint.md): a rule broken here is a
 * layer crossed, and the fix is to move code, not to silence the rule.
 */
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import importPlugin from "eslint-plugin-import";
import jsxA11y from "eslint-plugin-jsx-a11y";
import react from "eslint-plugin-react";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

/** Files that may not import from `from` (paths resolved, so relative and `~/` imports both count). */
const zones = [
  {
    target: "./db",
    from: ["./app", "./emails", "./scripts", "./tests"],
    message: "db/ is the bottom layer: it imports nothing from the app.",
  },
  {
    target: "./domain",
    from: ["./app", "./db", "./emails", "./scripts", "./tests"],
    message: "domain/ holds pure vocabulary shared by every layer.",
  },
  {
    target: "./app/utils",
    from: [
      "./app/models",
      "./app/routes",
      "./app/components",
      "./app/db.server.ts",
      "./db",
      "./app/service.server.ts",
      "./app/jobs.server.ts",
    ],
    message: "utils/ are helpers every layer may use: they import no model, route, component or database.",
  },
  {
    target: "./emails",
    from: ["./app/models", "./app/routes", "./app/components", "./app/db.server.ts", "./db"],
    message: "emails/ are pure functions: data in, message out.",
  },
  {
    target: "./app/models",
    from: ["./app/routes", "./app/components"],
    message: "Models hold business rules; routes and components sit above them.",
  },
  { target: "./app/routes", from: ["./db", "./app/db.server.ts"], message: "Routes reach the database through models." },
  {
    target: "./server",
    from: ["./app", "./db", "./emails"],
    message: "server/ checks requests before the app: it knows nothing of the app (server.ts joins the two).",
  },
  { target: "./app", from: ["./server", "./server.ts"], message: "The app does not reach into the server that runs it." },
];

export default tseslint.config(
  { ignores: ["build/", "public/build/", "public/assets/", "app/styles/generated/", "tests/.tmp/", "bench/.tmp/", ".cache/", "data/"] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2022, sourceType: "module" },
    plugins: { import: importPlugin },
    settings: {
      "import/resolver": { typescript: { project: "./tsconfig.json" }, node: true },
      "import/parsers": { "@typescript-eslint/parser": [".ts", ".tsx"] },
      // Never parse packages to follow their exports: none of the rules here needs what they export.
      "import/ignore": ["node_modules"],
    },
    rules: {
      "import/no-restricted-paths": ["error", { zones }],
      "import/no-self-import": "error",
      "import/no-duplicates": "error",
      "import/first": "error",
      "import/no-useless-path-segments": "error",
      "import/order": [
        "error",
        {
          groups: ["builtin", "external", "internal", ["parent", "sibling", "index"]],
          pathGroups: [{ pattern: "~/**", group: "internal" }],
          "newlines-between": "always",
          alphabetize: { order: "asc", caseInsensitive: true },
        },
      ],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
    },
  },
  {
    files: ["app/**/*.tsx"],
    ...react.configs.flat.recommended,
    ...react.configs.flat["jsx-runtime"],
    languageOptions: { ...react.configs.flat.recommended.languageOptions, globals: { ...globals.browser, ...globals.node } },
    settings: { react: { version: "18.3" } },
  },
  {
    // The two classic hook rules; the React Compiler's rules would cost more time than the suite can spare.
    files: ["app/**/*.tsx"],
    plugins: { "react-hooks": reactHooks },
    rules: { "react-hooks/rules-of-hooks": "error", "react-hooks/exhaustive-deps": "error" },
  },
  // Import cycles are checked by tests/import-cycles.test.ts on the graph the build resolved: import/no-cycle
  // parsed every file a second time to find the same thing.
  { files: ["app/**/*.tsx"], ...jsxA11y.flatConfigs.recommended },
  {
    // A wide table on a phone scrolls inside a labelled region, which must take focus so that keyboard users
    // can scroll it (WCAG 2.1.1; axe's scrollable-region-focusable).
    files: ["app/**/*.tsx"],
    rules: { "jsx-a11y/no-noninteractive-tabindex": ["error", { tags: [], roles: ["tabpanel", "region"] }] },
  },
  {
    // Components render what models return: they may name its type, never run server code.
    files: ["app/components/**", "app/utils/**/!(*.server).{ts,tsx}"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["~/models/*", "**/models/*", "~/db.server", "**/*.server", "**/db/*"],
              allowTypeImports: true,
              message: "Code that reaches the browser may import only types from server modules.",
            },
          ],
        },
      ],
    },
  },
  prettier,
);
