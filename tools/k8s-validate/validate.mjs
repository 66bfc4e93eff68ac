// Checks Kubernetes manifests (YAML streams, from files or standard input) against the Kubernetes API's schemas with
// kubernetes-models: each object's validate() checks types and required fields. Prints one line per object and
// exits 1 when any is invalid, 2 when an object is of a kind this script does not know.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import * as core from "kubernetes-models/v1";
import * as batch from "kubernetes-models/batch/v1";

const models = {
  "v1/ConfigMap": core.ConfigMap,
  "v1/PersistentVolumeClaim": core.PersistentVolumeClaim,
  "v1/Namespace": core.Namespace,
  "batch/v1/Job": batch.Job,
};

const sources = process.argv.length > 2 ? process.argv.slice(2) : ["/dev/stdin"];
let invalid = 0;
for (const source of sources) {
  for (const document of parseAllDocuments(readFileSync(source, "utf8"))) {
    if (document.errors.length > 0) {
      console.log(`${source}: not YAML: ${document.errors[0].message}`);
      invalid++;
      continue;
    }

    const object = document.toJS();
    if (object === null) continue;
    const Model = models[`${object.apiVersion}/${object.kind}`];
    if (Model === undefined) {
      console.log(`${source}: ${object.apiVersion}/${object.kind}: a kind this check does not know`);
      process.exit(2);
    }

    try {
      new Model(object).validate();
      console.log(`${source}: ${object.kind} ${object.metadata?.name}: valid`);
    } catch (error) {
      console.log(`${source}: ${object.kind} ${object.metadata?.name}: ${error.message}`);
      invalid++;
    }
  }
}

process.exit(invalid > 0 ? 1 : 0);
