// Verify VC-JWTs (OB 3.0 "JSON Web Token Proof Format") with panva's jose, an independent JOSE
// implementation, against a public JWK the caller resolved (publicKeyJwk of the DID document's
// method named by the header `kid`).
//
// The algorithm comes from the key, never from the token: RSA keys verify RS256 only, P-256 keys
// ES256 only (FACTS §2.9 A: the algorithms 1EdTech's validator accepts). `nbf`/`exp` are checked
// at `at` (an ISO 8601 instant; default now), with no clock tolerance.
//
// stdin:  {"items": [{"token": "<compact JWS>", "jwk": {...}, "at"?: "<ISO 8601>"}, ...]}
//         or a single {"token", "jwk", "at"?}
// stdout: {"results": [{"verified": true, "header": {...}, "payload": {...}}
//                      | {"verified": false, "code": "<jose error code>", "error": "<message>"}]}
import {readFileSync} from 'node:fs';
import {importJWK, jwtVerify} from 'jose';

const ALGORITHM_OF_KEY = {RSA: 'RS256', EC: 'ES256'};

function algorithmFor(jwk) {
  const alg = ALGORITHM_OF_KEY[jwk?.kty];
  if(!alg || (jwk.kty === 'EC' && jwk.crv !== 'P-256')) {
    throw Object.assign(new Error(`unsupported key ${jwk?.kty}/${jwk?.crv}`),
      {code: 'ERR_UNSUPPORTED_KEY'});
  }
  return alg;
}

async function verify({token, jwk, at}) {
  try {
    const alg = algorithmFor(jwk);
    const key = await importJWK(jwk, alg);
    const {payload, protectedHeader} = await jwtVerify(token, key, {
      algorithms: [alg],
      currentDate: at ? new Date(at) : new Date(),
      clockTolerance: 0
    });
    return {verified: true, header: protectedHeader, payload};
  } catch(error) {
    return {
      verified: false,
      code: error?.code ?? error?.name ?? 'ERR_UNKNOWN',
      error: String(error?.message ?? error)
    };
  }
}

const input = JSON.parse(readFileSync(0, 'utf8'));
const items = Array.isArray(input.items) ? input.items : [input];
const results = [];
for(const item of items) {
  results.push(await verify(item));
}
process.stdout.write(JSON.stringify({results}));
