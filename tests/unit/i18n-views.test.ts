// No view holds a user-visible literal: JSX text, the visible attributes (placeholder, aria-label, title, alt,
// label, value of a submit) and string literals shown as JSX children must come from the message catalogs.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { describe, it } from "node:test";
import ts from "typescript";

/** Words that are not translated: the product's name, file-format names, and the default collection's name. */
const ALLOWED = /\b(?:Almanac|jsonl|md|general)\b/g;

/**
 * Views not moved onto the catalogs yet (issue 26 item 4 goes on). A file leaves this list when it is done;
 * the test fails if a listed file has no literal left, so the list cannot go stale.
 */
const PENDING = new Set(["status.tsx"]);

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
