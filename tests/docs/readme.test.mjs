// The npm page (pkg-template/README.md) documents every public method and option of the published
// types: a method or option added to the .d.ts without documentation fails here.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const read = (path) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const readme = read('pkg-template/README.md');
const index = read('pkg/index.d.ts');
const types = read('pkg/types.d.ts');

/** The members declared in the body of `interface Name` or `class Name` (first level only). */
function members(source, kind, name) {
  const start = source.search(new RegExp(`${kind} ${name}\\b[^{]*\\{`));
  assert.ok(start >= 0, `${kind} ${name} is declared`);
  let depth = 0;
  const out = [];
  for (const line of source.slice(source.indexOf('{', start)).split('\n')) {
    if (depth === 1) {
      const m = /^\s*(?:static\s+|readonly\s+|get\s+)*([A-Za-z]\w*)\??\s*[(:<]/.exec(line);
      if (m) out.push(m[1]);
    }
    depth += (line.match(/\{/g) ?? []).length - (line.match(/\}/g) ?? []).length;
    if (depth <= 0 && out.length) break;
  }
  return out;
}

const documented = (name) => readme.includes(`\`${name}`) ;

test('every public method of AuthingClient is documented', () => {
  const methods = members(index, 'class', 'AuthingClient').filter((m) => m !== 'constructor');
  assert.ok(methods.length >= 15, `found ${methods.length} methods`);
  assert.deepEqual(methods.filter((m) => !documented(m)), []);
});

test('every option of every options type is documented', () => {
  const options = ['AuthingClientOptions', 'LoginOptions', 'PopupLoginOptions', 'QrLoginOptions', 'PushLoginOptions', 'LogoutOptions', 'LogoutWithRedirectOptions', 'GetTokenOptions']
    .flatMap((name) => members(types, 'interface', name).map((option) => `${name}.${option}`));
  assert.ok(options.length >= 30, `found ${options.length} options`);
  assert.deepEqual(options.filter((o) => !documented(o.split('.')[1])), []);
});

test('every error code is documented', () => {
  const codes = [...read('pkg/errors.d.ts').matchAll(/'([a-z_]+)'/g)].map((m) => m[1]);
  assert.ok(codes.length >= 18);
  assert.deepEqual(codes.filter((c) => !documented(c)), []);
});

test("the repository README carries the npm page's user documentation, word for word", () => {
  const demote = (text) => text.replace(/^#/gm, '##');
  const user = demote(readme.slice(readme.indexOf('## Install')));
  assert.ok(read('README.md').includes(user), 'README.md "Using the SDK" differs from pkg-template/README.md');
});
