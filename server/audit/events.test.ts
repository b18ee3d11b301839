/**
 * Every event the source writes is in the catalogue (server/audit/events.ts), so the auditor can read
 * and filter it. The source is read with the TypeScript compiler: calls of writeAudit (its `event`
 * field), auditAction (its third argument) and of every function that passes one of its parameters
 * on as the event (e.g. `audit(tx, ctx, 'person.create', …)` in org/people.ts). A template literal
 * such as `review.${r.event.type}` is enumerated from the types of its parts (a union of string
 * literals); an event whose values cannot be enumerated fails the test too.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { AUDIT_AREAS, AUDIT_EVENTS, auditCatalogue } from './events';

const ROOT = path.resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'migrations' ? [] : sourceFiles(p);
    return /\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name) ? [p] : [];
  });
}

type Sink = { arg: number; prop?: string };
type Found = { events: Map<string, string[]>; problems: string[] };

/** Every event string written by the given files, with where it was written. */
export function scanAuditEvents(files: string[]): Found {
  const program = ts.createProgram(files, { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, skipLibCheck: true, types: ['node'] });
  const checker = program.getTypeChecker();
  const ours = program.getSourceFiles().filter((f) => files.includes(path.resolve(f.fileName)));
  const where = (n: ts.Node) => {
    const sf = n.getSourceFile();
    return `${path.relative(ROOT, sf.fileName)}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
  };

  const declOf = (callee: ts.Expression): ts.Declaration | undefined => {
    let sym =
      ts.isIdentifier(callee) && ts.isShorthandPropertyAssignment(callee.parent)
        ? checker.getShorthandAssignmentValueSymbol(callee.parent)
        : checker.getSymbolAtLocation(ts.isPropertyAccessExpression(callee) ? callee.name : callee);
    if (sym && sym.flags & ts.SymbolFlags.Alias) sym = checker.getAliasedSymbol(sym);
    return sym?.valueDeclaration ?? sym?.declarations?.[0];
  };
  // The sinks, by declaration: writeAudit and auditAction of server/audit/audit.ts, then wrappers.
  const sinks = new Map<ts.Node, Sink>();
  const auditFile = ours.find((f) => path.resolve(f.fileName) === path.join(ROOT, 'server/audit/audit.ts'));
  if (!auditFile) throw new Error('server/audit/audit.ts not found');
  ts.forEachChild(auditFile, (n) => {
    if (ts.isFunctionDeclaration(n) && n.name?.text === 'writeAudit') sinks.set(n, { arg: 1, prop: 'event' });
    if (ts.isFunctionDeclaration(n) && n.name?.text === 'auditAction') sinks.set(n, { arg: 2 });
    if (ts.isFunctionDeclaration(n) && n.name?.text === 'auditEntryOf') sinks.set(n, { arg: 1 });
  });
  expect(sinks.size).toBe(3);

  const calls: ts.CallExpression[] = [];
  for (const f of ours) {
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n)) calls.push(n);
      ts.forEachChild(n, visit);
    };
    visit(f);
  }
  const BUILT_ELSEWHERE = Symbol('built elsewhere');
  /** The expression a call passes as the event, or a reason it has none. */
  const eventArg = (call: ts.CallExpression, sink: Sink): ts.Expression | string | typeof BUILT_ELSEWHERE => {
    let a = call.arguments[sink.arg];
    if (!a) return 'no event argument';
    if (!sink.prop) return a;
    // An entry held in a local variable: read its initializer.
    if (ts.isIdentifier(a)) {
      const d = declOf(a);
      if (d && ts.isVariableDeclaration(d) && d.initializer) a = d.initializer;
    }
    // An entry built by another sink (auditEntryOf): that call is scanned itself.
    if (ts.isCallExpression(a) && sinkOf(a)) return BUILT_ELSEWHERE;
    if (!ts.isObjectLiteralExpression(a)) return 'the entry is not an object literal';
    const p = a.properties.find((q) => q.name && ts.isIdentifier(q.name) && q.name.text === sink.prop);
    if (!p) return 'no event field';
    return ts.isPropertyAssignment(p) ? p.initializer : ts.isShorthandPropertyAssignment(p) ? p.name : 'unreadable event field';
  };
  const sinkOf = (call: ts.CallExpression) => {
    const d = declOf(call.expression);
    return d ? sinks.get(d) : undefined;
  };
  /** The function a node sits in (function declaration, or an arrow/function expression bound to a name). */
  const enclosingFunction = (n: ts.Node): ts.SignatureDeclaration | undefined => {
    for (let p = n.parent; p; p = p.parent) if (ts.isFunctionDeclaration(p) || ts.isArrowFunction(p) || ts.isFunctionExpression(p)) return p;
    return undefined;
  };
  const declarationNode = (fn: ts.SignatureDeclaration): ts.Node => (ts.isFunctionDeclaration(fn) ? fn : ts.isVariableDeclaration(fn.parent) ? fn.parent : fn);

  // Wrappers: a function that passes one of its own parameters on as the event (to a fixpoint).
  for (let changed = true; changed; ) {
    changed = false;
    for (const call of calls) {
      const sink = sinkOf(call);
      if (!sink) continue;
      const e = eventArg(call, sink);
      if (typeof e === 'string' || e === BUILT_ELSEWHERE || !ts.isIdentifier(e)) continue;
      const d = declOf(e);
      if (!d || !ts.isParameter(d)) continue;
      const fn = d.parent as ts.SignatureDeclaration;
      const node = declarationNode(fn);
      if (!sinks.has(node)) {
        sinks.set(node, { arg: fn.parameters.indexOf(d) });
        changed = true;
      }
    }
  }

  /** The strings an event expression can be. */
  const values = (e: ts.Expression): string[] | string => {
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return [e.text];
    if (ts.isParenthesizedExpression(e)) return values(e.expression);
    if (ts.isConditionalExpression(e)) {
      const a = values(e.whenTrue);
      const b = values(e.whenFalse);
      return typeof a === 'string' ? a : typeof b === 'string' ? b : [...a, ...b];
    }
    if (ts.isTemplateExpression(e)) {
      let acc = [e.head.text];
      for (const span of e.templateSpans) {
        const v = literalsOf(checker.getTypeAtLocation(span.expression));
        if (!v) return `cannot enumerate \${${span.expression.getText()}} (type ${checker.typeToString(checker.getTypeAtLocation(span.expression))})`;
        acc = acc.flatMap((x) => v.map((y) => `${x}${y}${span.literal.text}`));
      }
      return acc;
    }
    const v = literalsOf(checker.getTypeAtLocation(e));
    return v ?? `cannot enumerate ${e.getText()} (type ${checker.typeToString(checker.getTypeAtLocation(e))})`;
  };

  const events = new Map<string, string[]>();
  const problems: string[] = [];
  for (const call of calls) {
    const sink = sinkOf(call);
    if (!sink) continue;
    const e = eventArg(call, sink);
    if (e === BUILT_ELSEWHERE) continue;
    if (typeof e === 'string') {
      problems.push(`${where(call)}: ${e}`);
      continue;
    }
    // A wrapper's own forwarding call: its callers are scanned instead.
    if (ts.isIdentifier(e)) {
      const d = declOf(e);
      const fn = enclosingFunction(call);
      if (d && ts.isParameter(d) && fn && d.parent === fn) continue;
    }
    const v = values(e);
    if (typeof v === 'string') problems.push(`${where(call)}: ${v}`);
    else for (const s of v) events.set(s, [...(events.get(s) ?? []), where(call)]);
  }
  return { events, problems };
}

/** The string literal values of a type (a literal or a union of them), or null. */
function literalsOf(t: ts.Type): string[] | null {
  const parts = t.isUnion() ? t.types : [t];
  const out: string[] = [];
  for (const p of parts) {
    if (p.isStringLiteral()) out.push(p.value);
    else if (p.isNumberLiteral()) out.push(String(p.value));
    else return null;
  }
  return out;
}

describe('audit event catalogue', () => {
  const files = [...sourceFiles(path.join(ROOT, 'server')), ...sourceFiles(path.join(ROOT, 'cli'))].map((f) => path.resolve(f));
  const found = scanAuditEvents(files);

  it('finds the events of every kind of call, templates enumerated', () => {
    expect(found.problems).toEqual([]);
    // writeAudit with an object, auditAction, a wrapper, a conditional, a template and the CLI.
    for (const e of ['auth.sign_in', 'attachment.add', 'person.create', 'person.activate', 'person.deactivate', 'review.passed', 'review.withdrawn', 'finding.redact', 'system.backup']) {
      expect(found.events.has(e), e).toBe(true);
    }
  });

  it('names every event the source writes, in both languages', () => {
    const missing = [...found.events.keys()].filter((e) => !(e in AUDIT_EVENTS)).map((e) => `${e} (written at ${found.events.get(e)!.join(', ')})`);
    expect(missing).toEqual([]);
    for (const { code, area, zh, en } of auditCatalogue().events) {
      expect(area in AUDIT_AREAS, code).toBe(true);
      expect(zh.trim().length > 0 && en.trim().length > 0, code).toBe(true);
      expect(/[\u4e00-\u9fff]/.test(zh), `${code}: zh-CN name`).toBe(true);
    }
  });
});
