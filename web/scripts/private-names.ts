// A Vite plugin that turns class private names (`#count`) into ordinary
// properties with names no other code uses (`$k3_0`), before the build lowers
// the code to ES2020 for older phones (see vite.config.ts, build.target).
//
// Why: ES2020 has no private names, so the lowering would rewrite every one
// into a WeakMap and helper calls. Svelte's runtime has dozens; on the voter's
// page that cost about 0.9 KB gzipped of a 40 KB budget. Babel has this as an
// assumption (privateFieldsAsProperties); the bundler's transformer does not.
//
// What it gives up: the fields become visible to code that enumerates an
// object's own properties, and are no longer "hard" private. Names are unique
// per module and class (a hash of the module's path and a counter), so a
// subclass's private name never meets its parent's, and no public name of
// Svelte or ours starts with "$" and a hash. scripts/private-names.test.ts
// checks the rewrite; scripts/old-engines.test.ts parses the built chunks as
// ES2020.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { parse } from 'acorn';
import MagicString from 'magic-string';
import type { Plugin } from 'vite';

interface Node {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

const isNode = (v: unknown): v is Node => !!v && typeof v === 'object' && typeof (v as Node).type === 'string';

/** The private names a class body declares: fields, methods, accessors. */
function declared(body: Node): Set<string> {
  const names = new Set<string>();
  for (const member of body.body as Node[]) {
    const key = member.key as Node | undefined;
    if (key?.type === 'PrivateIdentifier') names.add(key.name as string);
  }
  return names;
}

/**
 * The code with every private name replaced (as an edit, for its source map), or null when it has none.
 * `modulePrefix` names the module (asked once, and only when it has private names).
 */
export function publicizePrivateNames(code: string, modulePrefix: () => string): MagicString | null {
  if (!code.includes('#')) return null;
  let ast: Node;
  try {
    ast = parse(code, { ecmaVersion: 'latest', sourceType: 'module' }) as unknown as Node;
  } catch {
    return null; // not plain JavaScript: left to the bundler as it is
  }
  const out = new MagicString(code);
  let names = 0;
  let prefix: string | undefined;
  let changed = false;
  // Innermost class first: a private name refers to the nearest enclosing class that declares it.
  const scopes: { names: Map<string, string> }[] = [];

  const visit = (node: Node) => {
    if (node.type === 'ClassBody') {
      scopes.push({ names: new Map([...declared(node)].map((n) => [n, `${(prefix ??= modulePrefix())}${(names++).toString(36)}`])) });
      for (const member of node.body as Node[]) visit(member);
      scopes.pop();
      return;
    }
    if (node.type === 'PrivateIdentifier') {
      const name = node.name as string;
      const scope = [...scopes].reverse().find((s) => s.names.has(name));
      if (!scope) throw new Error(`private name #${name} outside any class that declares it`);
      const replacement = scope.names.get(name)!;
      // `#x in obj` (a brand check) needs the name as a string.
      out.overwrite(node.start, node.end, node.inOperand ? JSON.stringify(replacement) : replacement);
      changed = true;
      return;
    }
    if (node.type === 'BinaryExpression' && node.operator === 'in' && isNode(node.left) && node.left.type === 'PrivateIdentifier') {
      node.left.inOperand = true;
    }
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) for (const v of value) isNode(v) && visit(v);
      else if (isNode(value)) visit(value);
    }
  };
  visit(ast);
  return changed ? out : null;
}

/**
 * Each module's names start with "$" and two or more characters of a hash of
 * its path relative to the project (the same on every machine), then a
 * counter. Two modules whose hashes start alike get a longer prefix, so no two
 * modules share one: a subclass's names never meet its parent's.
 */
export function privateNames(root: string): Plugin {
  const owners = new Map<string, string>();
  const prefixOf = (module: string) => {
    const hash = createHash('sha1').update(module).digest('base64url').replace(/[^A-Za-z0-9]/g, '');
    for (let length = 2; ; length++) {
      const prefix = `$${hash.slice(0, length)}`;
      const owner = owners.get(prefix);
      // The "_" after the prefix keeps "$ab_0" apart from "$abc_0".
      if (owner === undefined || owner === module) {
        owners.set(prefix, module);
        return `${prefix}_`;
      }
    }
  };
  return {
    name: 'minping:private-names',
    apply: 'build',
    // After Svelte and TypeScript have become JavaScript; before the bundler lowers syntax.
    enforce: 'post',
    buildStart() {
      owners.clear();
    },
    transform(code, id) {
      if (id.startsWith('\0') || !/\.(m?js|svelte|ts)(\?.*)?$/.test(id)) return null;
      const module = path.relative(root, id.split('?')[0]).split(path.sep).join('/');
      const result = publicizePrivateNames(code, () => prefixOf(module));
      return result === null ? null : { code: result.toString(), map: result.generateMap({ hires: true, source: id }) };
    },
  };
}
