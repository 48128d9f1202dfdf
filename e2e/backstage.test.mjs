// `trellis export backstage` checked by Backstage's own entity validators
// (@backstage/catalog-model, npm, test-only), and the catalog read back by `trellis import
// backstage` into an org that checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import {
  userEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
} from '@backstage/catalog-model';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = process.env.TRELLIS_BIN ?? join(root, 'target/debug/trellis');
const validators = { User: userEntityV1alpha1Validator, Group: groupEntityV1alpha1Validator, Component: componentEntityV1alpha1Validator };

test('every entity of the exported catalog passes Backstage\'s own validator, and the catalog imports back', async () => {
  const text = execFileSync(bin, ['export', 'backstage', join(root, 'examples/northwind')], { encoding: 'utf8' });
  const docs = parseAllDocuments(text).map((d) => d.toJS()).filter((d) => d);
  const kinds = {};
  for (const entity of docs) {
    kinds[entity.kind] = (kinds[entity.kind] ?? 0) + 1;
    const validator = validators[entity.kind];
    assert.ok(validator, `an entity of kind ${entity.kind}`);
    // check() throws on an invalid entity and answers false for one of another kind.
    assert.equal(await validator.check(entity), true, `${entity.kind} ${entity.metadata.name}`);
  }
  assert.ok(kinds.User >= 80 && kinds.Group >= 20 && kinds.Component >= 10, JSON.stringify(kinds));
  // The validator is not a formality: a group without its type is refused.
  const team = docs.find((d) => d.kind === 'Group' && d.spec.type === 'team');
  delete team.spec.type;
  await assert.rejects(() => groupEntityV1alpha1Validator.check(team));

  const dir = mkdtempSync(join(tmpdir(), 'trellis-backstage-'));
  const file = join(dir, 'catalog.yaml');
  execFileSync(bin, ['export', 'backstage', join(root, 'examples/northwind'), '--out', file]);
  const said = execFileSync(bin, ['import', 'backstage', file, '--out', join(dir, 'org'), '--name', 'Northwind'], { encoding: 'utf8' });
  assert.match(said, /Imported 8\d people, 1\d teams and \d+ surfaces/);
  const org = readFileSync(join(dir, 'org/org.yaml'), 'utf8');
  assert.match(org, /leader: dana/);
  assert.match(org, /launch: \[hana, bruno\]|leads: \{ product: hana, engineering: bruno/);
});
