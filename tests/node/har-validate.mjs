// Validates HAR files against the HAR 1.2 schema with the independent `har-validator` npm package
// (ajv + har-schema). Used by tests/unit/session/tst_harwriter.cpp.
//
//   node har-validate.mjs FILE...
//
// Prints "ok FILE" or "invalid FILE" followed by the schema errors, one per line; exits 0 only
// when every file is valid JSON and a valid HAR.
import { readFileSync } from 'node:fs';
import validator from 'har-validator';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node har-validate.mjs FILE...');
  process.exit(2);
}

let failed = 0;
for (const file of files) {
  let har;
  try {
    har = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    console.log(`invalid ${file}: not JSON: ${error.message}`);
    ++failed;
    continue;
  }
  try {
    await validator.har(har);
    console.log(`ok ${file}`);
  } catch (error) {
    ++failed;
    console.log(`invalid ${file}`);
    for (const e of error.errors ?? [error]) {
      console.log(`  ${e.instancePath ?? e.dataPath ?? ''} ${e.message}`);
    }
  }
}
process.exit(failed === 0 ? 0 : 1);
