// The org files' JSON Schema (`trellis schema`) read by a validator Trellis did not write (Ajv,
// draft 2020-12) over YAML parsed by a parser Trellis did not write (the `yaml` package): every
// example org passes, and a field `trellis check` calls unknown is rejected too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = process.env.TRELLIS_BIN ?? join(root, 'target/debug/trellis');

function validator() {
  const schema = JSON.parse(execFileSync(bin, ['schema'], { encoding: 'utf8' }));
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  return ajv.compile(schema);
}

function yamlFiles(dir) {
  return readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).map((f) => join(dir, f));
}

test('every example org and the starter validate against the schema', () => {
  const validate = validator();
  const files = [...yamlFiles(join(root, 'examples/northwind')), join(root, 'crates/trellis-cli/starter/org.yaml')];
  // What `trellis init` writes, modeline included, and what an HR preset import writes.
  const dir = mkdtempSync(join(tmpdir(), 'trellis-schema-'));
  execFileSync(bin, ['init', join(dir, 'init')]);
  const first = readFileSync(join(dir, 'init/org.yaml'), 'utf8').split('\n')[0];
  assert.equal(first, '# yaml-language-server: $schema=./trellis.schema.json');
  assert.deepEqual(JSON.parse(readFileSync(join(dir, 'init/trellis.schema.json'), 'utf8')),
    JSON.parse(execFileSync(bin, ['schema'], { encoding: 'utf8' })));
  files.push(...yamlFiles(join(dir, 'init')));
  execFileSync(bin, ['import', 'csv', '--preset', 'bamboohr', '--people', join(root, 'examples/hr/bamboohr.csv'), '--out', join(dir, 'hr')]);
  files.push(...yamlFiles(join(dir, 'hr')));
  assert.ok(files.length >= 8, files.join(', '));
  for (const f of files) {
    const ok = validate(parse(readFileSync(f, 'utf8')) ?? {});
    assert.ok(ok, `${f}: ${JSON.stringify(validate.errors, null, 1)}`);
  }
});

test('a field trellis check calls unknown, a wrong word and a wrong shape are rejected', () => {
  const validate = validator();
  const dir = mkdtempSync(join(tmpdir(), 'trellis-schema-'));
  const cases = [
    ['teams:\n  - { id: a, name: A, lead: { product: x } }\n', /unknown field `lead`/],
    ['teams:\n  - { id: a, name: A, pattern: pipeline }\n', /pipeline/],
    ['people:\n  - { id: a }\n', /has no `name`, which is required/],
    ['people:\n  - { id: a, name: A, reports_to: [b, c] }\n', /reports_to/],
  ];
  for (const [text, said] of cases) {
    const file = join(dir, 'org.yaml');
    writeFileSync(file, text);
    let out = '';
    try {
      execFileSync(bin, ['check', file], { encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      out = `${e.stdout}${e.stderr}`;
    }
    assert.match(out, said, `trellis check: ${text}`);
    assert.equal(validate(parse(text)), false, `the schema accepts: ${text}`);
  }
  // Joint rights and AI work are in the schema.
  assert.ok(validate(parse('teams:\n  - { id: a, name: A, ai: true, decision_rights: { launch: [sam, zoltan], roadmap: sam } }\n')), JSON.stringify(validate.errors));
  assert.equal(validate(parse('teams:\n  - { id: a, name: A, decision_rights: { lunch: sam } }\n')), false);
  // What check calls a missing required field, the schema requires.
  assert.equal(validate(parse('people:\n  - { id: a }\n')), false);
});
