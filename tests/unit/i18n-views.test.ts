// No view holds a user-visible literal: JSX text, the visible attributes (placeholder, aria-label, title, alt,
// label, value of a submit) and string literals shown as JSX children must come from the message catalogs.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { describe, it } from "node:test";
import ts from "typescript";

/** Words that are not translated: the product's name, file-format names, and the default collection's name. */
const ALLOWED = /\b(?:Almanac|jsonl|md|general)\b/g;

/**
 * Views not moved onto the catalogs yet (none since issue 26 item 4). A file leaves this list when it is done;
 * the test fails if a listed file has no literal left, so the list cannot go stale.
 */
const PENDING = new Set<string>([]);

const VISIBLE_ATTRIBUTES = new Set(["placeholder", "aria-label", "title", "alt", "label", "aria-description"]);

/** Whether a literal's text, less the allowed words, still has a letter in it. */
const hasWords = (text: string) => /\p{L}/u.test(text.replace(ALLOWED, ""));

/** The string literals an expression shows as it is: itself, a template's text, or a conditional's branches. */
function shownLiterals(e: ts.Expression): string[] {
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return [e.text];
  if (ts.isTemplateExpression(e)) return [e.head.text, ...e.templateSpans.map((s) => s.literal.text)];
  if (ts.isConditionalExpression(e)) return [...shownLiterals(e.whenTrue), ...shownLiterals(e.whenFalse)];
  if (ts.isParenthesizedExpression(e)) return shownLiterals(e.expression);
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.BarBarToken) return shownLiterals(e.right);
  return [];
}

/** Every user-visible literal of a view's JSX, with its line. */
export function visibleLiterals(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TSX);
  const out: string[] = [];
  const report = (node: ts.Node, literal: string) => {
    if (!hasWords(literal)) return;
    const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
    out.push(`${file}:${line}: ${JSON.stringify(literal.trim())}`);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isJsxText(node)) report(node, node.text);
    else if (ts.isJsxAttribute(node) && VISIBLE_ATTRIBUTES.has(node.name.getText(source)) && node.initializer) {
      const init = node.initializer;
      if (ts.isStringLiteral(init)) report(node, init.text);
      else if (ts.isJsxExpression(init) && init.expression)
        for (const l of shownLiterals(init.expression)) report(node, l);
    } else if (ts.isJsxExpression(node) && node.expression && !ts.isJsxAttribute(node.parent))
      for (const l of shownLiterals(node.expression)) report(node, l);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

describe("views hold no user-visible literal outside the catalogs", () => {
  const views = readdirSync("views").filter((f) => f.endsWith(".tsx"));

  it("finds the literals it is meant to find", () => {
    const sample = `const A = () => <p title="Hello">Save <b>{ok ? "Done." : x}</b>{"Almanac"} {\`\${n} items\`}</p>;`;
    assert.deepEqual(
      visibleLiterals("sample.tsx", sample).map((l) => l.replace(/^sample\.tsx:\d+: /, "")),
      ['"Hello"', '"Save"', '"Done."', '"items"'],
    );
  });

  for (const file of views.filter((f) => !PENDING.has(f)))
    it(`views/${file}`, () => {
      assert.deepEqual(visibleLiterals(`views/${file}`, readFileSync(`views/${file}`, "utf8")), []);
    });

  it("lists as pending only views that still hold literals", () => {
    for (const file of PENDING) {
      const found = visibleLiterals(`views/${file}`, readFileSync(`views/${file}`, "utf8"));
      assert.ok(found.length > 0, `views/${file} is done: take it off PENDING`);
    }
  });
});

/**
 * Literals of src/http/ui allowed to stay English, with why: the web manifest is one file for every
 * language (the browser reads it once, when the app is installed).
 */
const UI_ALLOWED = new Set(["assets.ts: Offline library: ask questions, read the cited passage."]);

/** A string that reads as English prose: a capitalised word, then more words ("Key revoked.", "Added x"). */
const SENTENCE = /^[A-Z][a-z’']+[ ,:;]+\S/;

/**
 * Every English sentence a route module of src/http/ui writes as a literal (a flash, a confirmation's text,
 * an error line shown on a page), with its line. Error constructors and log calls are left out: their text
 * is for logs and the JSON API, which stay English.
 */
export function uiLiterals(file: string, text: string): string[] {
  const kind = file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, kind);
  const out: string[] = [];
  const exempt = (node: ts.Node): boolean => {
    for (let p: ts.Node | undefined = node.parent; p; p = p.parent) {
      if (ts.isNewExpression(p) && /Error$/.test(p.expression.getText(source))) return true;
      if (ts.isCallExpression(p) && /^(?:\w+\.)?log\.\w+$|^console\.\w+$/.test(p.expression.getText(source)))
        return true;
      if (ts.isImportDeclaration(p)) return true;
    }
    return false;
  };
  const visit = (node: ts.Node): void => {
    let literal: string | undefined;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) literal = node.text;
    // A template reads as its text with each placeholder as "…" ("Added …; it is queued.").
    else if (ts.isTemplateExpression(node))
      literal = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join("…");
    else if (ts.isJsxText(node)) literal = node.text.trim();
    const name = file.split("/").pop();
    if (
      literal !== undefined &&
      SENTENCE.test(literal.replace(ALLOWED, "").trim()) &&
      !UI_ALLOWED.has(`${name}: ${literal}`) &&
      !exempt(node)
    ) {
      const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
      out.push(`${file}:${line}: ${JSON.stringify(literal.trim())}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

describe("the web app's routes write no English sentence outside the catalogs", () => {
  it("finds the sentences it is meant to find", () => {
    const sample = [
      `page(c, ["No such key."]);`,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the sample is source text holding a template.
      "page(c, [`Added ${name}; queued.`]);",
      `askFirst(c, { title: "Remove it?", confirm: "Remove" });`,
      `throw new AccountError("No such user", "id");`,
      `log.warn({}, "Upload failed here");`,
      `c.header("content-type", "text/html");`,
    ].join("\n");
    assert.deepEqual(
      uiLiterals("sample.ts", sample).map((l) => l.replace(/^sample\.ts:\d+: /, "")),
      ['"No such key."', '"Added …; queued."', '"Remove it?"'],
    );
  });

  for (const file of readdirSync("src/http/ui").filter((f) => /\.tsx?$/.test(f)))
    it(`src/http/ui/${file}`, () => {
      const text = readFileSync(`src/http/ui/${file}`, "utf8");
      // Route modules render JSX too (a confirmation, a reader's label): the views' check applies to it as well.
      const jsx = file.endsWith(".tsx") ? visibleLiterals(`src/http/ui/${file}`, text) : [];
      assert.deepEqual([...uiLiterals(`src/http/ui/${file}`, text), ...jsx], []);
    });
});
