// Lints BPMN files with @camunda/linting, the rule set Camunda Modeler applies for the
// execution platform and version each file declares. Bundled with esbuild at set-up
// (`make node`), because the package ships extensionless ES module imports meant for bundlers.
//
// Usage: node xdt-bpmnlint.cjs FILE.bpmn... ; exit code 1 when any file has an error.
import { readFileSync } from 'node:fs';
import { Linter } from '@camunda/linting';

async function lintFile(linter, path) {
  const xml = readFileSync(path, 'utf8');
  const reports = await linter.lint(xml);
  let errors = 0;
  for (const report of reports) {
    const level = report.category === 'warn' ? 'warning' : report.category || 'error';
    if (level === 'error') errors += 1;
    const where = report.id ? ` ${report.id}` : '';
    console.log(`${path}:${where} ${level} ${report.rule}: ${report.message}`);
  }
  if (!/modeler:executionPlatformVersion=/.test(xml)) {
    console.log(`${path}: error: no modeler:executionPlatformVersion, so no rules apply`);
    errors += 1;
  }
  return errors;
}

async function main(paths) {
  if (paths.length === 0) {
    console.error('usage: xdt-bpmnlint FILE.bpmn...');
    process.exit(2);
  }
  const linter = new Linter({ modeler: 'desktop', type: 'cloud' });
  let total = 0;
  for (const path of paths) {
    total += await lintFile(linter, path);
  }
  console.log(`${paths.length} file(s) linted, ${total} error(s)`);
  process.exit(total > 0 ? 1 : 0);
}

main(process.argv.slice(2)).catch((err) => {
  console.error(err);
  process.exit(2);
});
