// Verify eddsa-rdfc-2022 Data Integrity proofs with Digital Bazaar's stack
// (jsonld-signatures + @digitalbazaar/data-integrity + eddsa-rdfc-2022-cryptosuite), the
// verifier used by the W3C VC playground and many wallets.
//
// Offline: contexts come from the bundled files (src/badgeservice/formats/contexts), and the
// verification method and controller documents from stdin. Any other URL is refused.
//
// stdin:  {"documents": [...], "resources": [<controller or verification method document>, ...]}
// stdout: {"results": [{"verified": true} | {"verified": false, "error": "<message>"}, ...]}
import {readFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022CryptoSuite} from
  '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import jsigs from 'jsonld-signatures';

const {purposes: {AssertionProofPurpose}} = jsigs;

const here = dirname(fileURLToPath(import.meta.url));
const contextsDir = join(here, '..', '..', 'src', 'badgeservice', 'formats', 'contexts');
const sources = JSON.parse(readFileSync(join(contextsDir, 'SOURCES.json'), 'utf8'));

const documents = new Map();
for(const entry of sources.contexts) {
  const document = JSON.parse(readFileSync(join(contextsDir, entry.file), 'utf8'));
  for(const url of [entry.url, ...(entry.aliases || [])]) {
    documents.set(url, document);
  }
}

const input = JSON.parse(readFileSync(0, 'utf8'));
for(const resource of input.resources || []) {
  documents.set(resource.id, resource);
}

async function documentLoader(url) {
  if(!documents.has(url)) {
    throw new Error(`unknown document ${url}`);
  }
  return {contextUrl: null, documentUrl: url, document: structuredClone(documents.get(url))};
}

const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022CryptoSuite});
const results = [];
for(const document of input.documents) {
  try {
    const result = await jsigs.verify(document, {
      suite,
      purpose: new AssertionProofPurpose(),
      documentLoader
    });
    if(result.verified) {
      results.push({verified: true});
    } else {
      const errors = [result.error, ...(result.results || []).map(r => r.error)]
        .filter(Boolean).flatMap(e => e.errors || [e]);
      results.push({verified: false, error: errors.map(e => e.message).join('; ')});
    }
  } catch(error) {
    results.push({verified: false, error: String(error?.message ?? error)});
  }
}
process.stdout.write(JSON.stringify({results}));
