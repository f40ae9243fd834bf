// Canonicalize JSON-LD documents with jsonld.js in safe mode (RDFC-1.0), offline.
//
// The second implementation for tests/interop: jsonld.js + rdf-canonize are what most
// verifiers and wallets run. Contexts come from the same bundled files badgeservice uses
// (src/badgeservice/formats/contexts/SOURCES.json); any other URL is refused, never fetched.
//
// stdin:  {"documents": [<JSON-LD object>, ...]}
// stdout: {"results": [{"nquads": "<canonical N-Quads>"} | {"error": "<message>"}, ...]}
import {readFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import jsonld from 'jsonld';

const here = dirname(fileURLToPath(import.meta.url));
const contextsDir = join(here, '..', '..', 'src', 'badgeservice', 'formats', 'contexts');
const sources = JSON.parse(readFileSync(join(contextsDir, 'SOURCES.json'), 'utf8'));

const contexts = new Map();
for(const entry of sources.contexts) {
  const document = JSON.parse(readFileSync(join(contextsDir, entry.file), 'utf8'));
  for(const url of [entry.url, ...(entry.aliases || [])]) {
    contexts.set(url, document);
  }
}

async function documentLoader(url) {
  if(!contexts.has(url)) {
    throw new Error(`unknown context ${url}`);
  }
  return {contextUrl: null, documentUrl: url, document: contexts.get(url)};
}

const input = JSON.parse(readFileSync(0, 'utf8'));
const results = [];
for(const document of input.documents) {
  try {
    const nquads = await jsonld.canonize(document, {
      algorithm: 'RDFC-1.0',
      format: 'application/n-quads',
      safe: true,
      documentLoader
    });
    results.push({nquads});
  } catch(error) {
    const code = error?.details?.event?.code;
    results.push({error: code ? `${error.message} (${code})` : String(error?.message ?? error)});
  }
}
process.stdout.write(JSON.stringify({results}));
