import vm from 'node:vm';
import { parse } from 'acorn';
import { describe, expect, it } from 'vitest';
import { publicizePrivateNames } from './private-names';

let modules = 0;
const rewrite = (code: string) => publicizePrivateNames(code, () => `$m${modules++}_`)?.toString() ?? null;
const run = (code: string) => vm.runInNewContext(`${code}\n;result`, {});

describe('private names become plain properties', () => {
  it('leaves code without private names alone, "#" in strings included', () => {
    expect(rewrite('const a = "#not-private"; class A { x = 1 }')).toBeNull();
    expect(rewrite('const a = 1;')).toBeNull();
  });

  it('keeps fields, methods, accessors and statics working', () => {
    const code = `
      class Counter {
        #count = 1;
        static #made = 0;
        constructor() { Counter.#made++; }
        #step() { return 2; }
        get #double() { return this.#count * 2; }
        bump() { this.#count += this.#step(); return this.#double; }
        static made() { return Counter.#made; }
        static is(o) { return #count in o; }
      }
      const c = new Counter();
      var result = [c.bump(), c.bump(), Counter.made(), Counter.is(c), Counter.is({})];`;
    const out = rewrite(code)!;
    expect(out).not.toMatch(/#[a-z]/);
    expect(run(out)).toEqual(run(code));
  });

  it('gives a subclass and an inner class names of their own', () => {
    const code = `
      class Base { #v = 'base'; base() { return this.#v; } }
      class Sub extends Base {
        #v = 'sub';
        sub() { return this.#v; }
        inner() { const self = this; return new (class { #w = 'inner'; both() { return [this.#w, self.#v]; } })().both(); }
      }
      const s = new Sub();
      var result = [s.base(), s.sub(), ...s.inner()];`;
    const out = rewrite(code)!;
    expect(run(code)).toEqual(['base', 'sub', 'inner', 'sub']);
    expect(run(out)).toEqual(run(code));
  });

  it('writes nothing ES2020 cannot parse once class fields are lowered', () => {
    const out = rewrite('export class A { #a = 1; get a() { return this.#a; } }')!;
    // The field itself is lowered by the bundler; only the names are this plugin's.
    expect(() => parse(out.replace(/^\s*\$[\w]+ = 1;/m, ''), { ecmaVersion: 2022, sourceType: 'module' })).not.toThrow();
    expect(out).toMatch(/this\.\$m\d+_0/);
  });
});
