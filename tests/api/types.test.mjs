// Type tests of the generated surface (js/api/types.ts) with the repo's TypeScript (node_modules/.bin/tsc,
// strict): tests/api/types/ok.ts must compile; every bad-*.ts must fail with exactly the expected error,
// reported in that file (not in the generated code).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSC = `${ROOT}node_modules/.bin/tsc`;
const DIR = 'tests/api/types';
const OPTIONS = [
  '--strict', '--noEmit', '--pretty', 'false', '--target', 'es2022', '--module', 'es2022',
  '--moduleResolution', 'bundler', '--lib', 'es2022,dom', '--types', '', '--skipLibCheck', 'false',
];

/** The error each bad file must produce (TS2353/TS2561 excess property, TS2741 missing property, TS2322 enum). */
const EXPECTED = {
  'bad-misspelled-field.ts': 'TS2561', // "… does not exist in type 'UpdateUserProfileDto'. Did you mean to write 'nickname'?"
  'bad-missing-required.ts': 'TS2741', // "Property 'channel' is missing …"
  'bad-missing-path-parameter.ts': 'TS2741', // "Property 'credentialID' is missing …"
  'bad-enum-value.ts': 'TS2322', // "Type '"SAML"' is not assignable to type '"AD" | "LDAP" | …'"
  'bad-wrong-result-field.ts': 'TS2551', // "Property 'expires_in' does not exist … Did you mean 'expire_in'?"
};

function tsc(file) {
  return new Promise((resolve) => {
    execFile(TSC, [...OPTIONS, `${DIR}/${file}`], { cwd: ROOT }, (error, stdout, stderr) => {
      resolve({ code: error ? error.code : 0, output: `${stdout}${stderr}` });
    });
  });
}

const errorsIn = (output) => output.split('\n').filter((l) => /error TS\d+/.test(l));

test('the type test folder has ok.ts and exactly the expected bad files', () => {
  const files = readdirSync(`${ROOT}${DIR}`).filter((f) => f.endsWith('.ts')).sort();
  assert.deepEqual(files, ['ok.ts', ...Object.keys(EXPECTED)].sort());
});

test('ok.ts (ten operations used correctly) compiles under --strict', async () => {
  const { code, output } = await tsc('ok.ts');
  assert.equal(code, 0, output);
});

for (const [file, expected] of Object.entries(EXPECTED)) {
  test(`${file} fails with ${expected}`, async () => {
    const { code, output } = await tsc(file);
    assert.notEqual(code, 0, `${file} compiled, but must not`);
    const errors = errorsIn(output);
    assert.equal(errors.length, 1, `${file}: expected one error, got:\n${output}`);
    assert.ok(errors[0].startsWith(`${DIR}/${file}(`), `${file}: the error is not in the test file:\n${output}`);
    assert.match(errors[0], new RegExp(`error ${expected}:`), `${file}: expected ${expected}, got:\n${output}`);
  });
}
