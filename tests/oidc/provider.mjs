// A real OpenID Connect provider for the web service's sign-in tests: panva's oidc-provider
// (installed by .ci/oidc into .peers/oidc), on 127.0.0.1:$PORT, issuer http://127.0.0.1:$PORT.
//
// - Clients register themselves (dynamic registration at /reg is open: TEST ONLY), so each test
//   registers the exact redirect URI of the server it started. PKCE is required.
// - Accounts carry the employee number in `employee_number` and groups in `groups`; those
//   claims go into the ID token (conformIdTokenClaims: false) with the `profile` scope.
// - Login without a password: POST /interaction/<uid> with `login=<account id>` signs the
//   account in and grants the requested scopes at once (no consent page).
// - API access tokens (RFC 9068 JWT, typ at+jwt, RS256) for a resource indicator: an
//   authorization request and token request with `resource=https://...` get a JWT whose `aud`
//   is that resource and which carries the account's employee_number and groups (extraTokenClaims).
//   The grant gives the resource the `api` scope. `resource=urn:skillreg:test:expired` gets a
//   token for API_AUDIENCE that expired an hour ago (tests of the expiry check).
// - The process ends when its standard input closes (when the test binary that started it
//   ends).
// - With OIDC_ANY_EMPLOYEE=1 (the web service's load benchmark only, never the tests), any
//   account id of digits alone is also an employee with that number, so the benchmark can sign
//   in as many people of a generated registry as it needs.
import { pathToFileURL } from 'node:url';

const { default: Provider, errors } = await import(pathToFileURL(process.env.OIDC_PROVIDER_MODULE).href);
const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;

// The sample organisation (fixtures/winlas/sample-export.xml) and people it does not know.
const accounts = {
  '10023': { name: 'Employee 10023', employee_number: '10023', groups: ['staff'] },
  '10001': { name: 'Manager 10001', employee_number: '10001', groups: ['staff'] },
  '10041': { name: 'Left 10041', employee_number: '10041', groups: ['staff'] },
  '99999': { name: 'Unknown 99999', employee_number: '99999', groups: ['staff'] },
  'hr1': { name: 'HR officer', employee_number: '10030', groups: ['staff', 'skillreg-hr'] },
  'steering': { name: 'Steering group', groups: ['steering-soc'] },
  'nobody': { name: 'No number', groups: ['staff'] },
};

// The audience the skillreg API's tests configure (`api_audience`).
const API_AUDIENCE = 'https://skillreg.example.org/api';
const EXPIRED = 'urn:skillreg:test:expired';

function resourceServer(resource) {
  if (resource !== EXPIRED && !/^https:\/\/[^#]+$/.test(resource)) {
    return undefined;
  }
  return {
    audience: resource === EXPIRED ? API_AUDIENCE : resource,
    scope: 'api',
    accessTokenFormat: 'jwt',
    accessTokenTTL: 600,
    jwt: { sign: { alg: 'RS256' } },
  };
}

const anyEmployee = process.env.OIDC_ANY_EMPLOYEE === '1';
function account(id) {
  if (accounts[id]) {
    return accounts[id];
  }
  if (anyEmployee && /^[0-9]{1,12}$/.test(id ?? '')) {
    return { name: `Employee ${id}`, employee_number: id, groups: ['staff'] };
  }
  return undefined;
}

const provider = new Provider(issuer, {
  clients: [],
  features: {
    devInteractions: { enabled: false },
    registration: { enabled: true },
    resourceIndicators: {
      enabled: true,
      getResourceServerInfo: async (ctx, resource) => {
        const info = resourceServer(resource);
        if (!info) {
          throw new errors.InvalidTarget();
        }
        return info;
      },
    },
  },
  extraTokenClaims: async (ctx, token) => {
    const found = token.accountId ? account(token.accountId) : undefined;
    if (!found) {
      return undefined;
    }
    const extra = { groups: found.groups };
    if (found.employee_number) {
      extra.employee_number = found.employee_number;
    }
    return extra;
  },
  formats: {
    customizers: {
      jwt: async (ctx, token, jwt) => {
        if (token.resourceServer?.identifier() === EXPIRED) {
          jwt.payload.iat -= 7200;
          jwt.payload.exp = jwt.payload.iat + 3600;
        }
      },
    },
  },
  pkce: { required: () => true },
  conformIdTokenClaims: false,
  claims: { openid: ['sub'], profile: ['name', 'employee_number', 'groups'] },
  cookies: { keys: ['skillreg-test-only-cookie-key'] },
  findAccount: async (ctx, id) => (account(id)
    ? { accountId: id, claims: async () => ({ sub: id, ...account(id) }) }
    : undefined),
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
});

function readBody(req) {
  return new Promise((resolve, reject) => {
    let data = '';
    req.on('data', (chunk) => { data += chunk; });
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

provider.use(async (ctx, next) => {
  const match = ctx.path.match(/^\/interaction\/([^/]+)$/);
  if (!match) {
    return next();
  }
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  if (ctx.method === 'GET') {
    ctx.type = 'html';
    ctx.body = `<form method="post" action="/interaction/${details.uid}"><input name="login"><button>Sign in</button></form>`;
    return undefined;
  }
  const accountId = new URLSearchParams(await readBody(ctx.req)).get('login');
  if (!account(accountId)) {
    ctx.status = 400;
    ctx.body = `no account ${accountId}`;
    return undefined;
  }
  const grant = new provider.Grant({ accountId, clientId: details.params.client_id });
  grant.addOIDCScope(details.params.scope);
  const resources = details.params.resource;
  for (const resource of (Array.isArray(resources) ? resources : [resources])) {
    if (resource) {
      grant.addResourceScope(resource, 'api');
    }
  }
  const grantId = await grant.save();
  ctx.respond = false;
  await provider.interactionFinished(ctx.req, ctx.res, { login: { accountId }, consent: { grantId } }, { mergeWithLastSubmission: false });
  return undefined;
});

process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
provider.listen(port, '127.0.0.1', () => {
  console.log(`oidc-provider listening on ${issuer}`);
});
