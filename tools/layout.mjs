// Authoring aid: adds diagram layout (BPMNDI, left to right) to a BPMN file that has none,
// so a process drafted as XML opens readably in Camunda Modeler. Bundled at set-up.
// Usage: node xdt-bpmnlayout.mjs IN.bpmn OUT.bpmn
import { readFileSync, writeFileSync } from 'node:fs';
import { layoutProcess } from 'bpmn-auto-layout';

const [src, dst] = process.argv.slice(2);
if (!src || !dst) {
  console.error('usage: xdt-bpmnlayout IN.bpmn OUT.bpmn');
  process.exit(2);
}
writeFileSync(dst, await layoutProcess(readFileSync(src, 'utf8')));
