import { readFileSync } from 'node:fs';
import { LOCAL_SECRET_NAME } from '../../local/deploy/local-secret';
import { DEFAULT_LOCAL_AWS_PORT } from '../../local/deploy/local-aws';
import { ENV_VARS_FILE, fromHost, samTargets, type EnvVarsFile } from '../../local/deploy/sam-prepare';
import { functionLogicalIds, SAM_ONLY_VARIABLES, samTemplate, type CfnTemplate } from '../../local/deploy/sam-template';
import { FUNCTIONS } from '../../functions/lib/handlers/function-catalogue';
import { buildStack } from '../infra/helpers/build-stack';

/**
 * sam/env-vars.json and the SAM copy of the template stay true to the stack: SAM matches env-vars
 * entries by logical id and silently ignores unknown ids and undeclared variables, so a drift would
 * make `sam local` run against real Zoom or no secret without a word.
 */
// The CLI records construct paths in the template's metadata (functionLogicalIds reads them); an App
// built in-process does so only when asked.
const PATH_METADATA = { 'aws:cdk:enable-path-metadata': true };

const envVars = JSON.parse(readFileSync(ENV_VARS_FILE, 'utf8')) as EnvVarsFile;

describe('sam/env-vars.json and the SAM template', () => {
  let template: CfnTemplate;

  beforeAll(() => {
    // As scripts/sam-common.sh synthesizes it: cdk.json's context, nothing else.
    template = buildStack(PATH_METADATA).template.toJSON() as CfnTemplate;
  });

  it("names exactly the functions' logical ids of the synthesized template", () => {
    const functions = Object.entries(template.Resources)
      .filter(([, resource]) => resource.Type === 'AWS::Lambda::Function')
      .map(([id]) => id);

    expect(Object.keys(envVars).sort()).toEqual(functions.sort());
    expect(Object.values(functionLogicalIds(template)).sort()).toEqual(functions.sort());
  });

  it('keeps the logical ids when the secret is imported, as deploy:local synthesizes the stack', () => {
    const imported = buildStack({ ...PATH_METADATA, secretName: LOCAL_SECRET_NAME }).template.toJSON() as CfnTemplate;

    expect(functionLogicalIds(imported)).toEqual(functionLogicalIds(template));
  });

  it('sets only variables the SAM template declares on that function (SAM ignores the others)', () => {
    const sam = samTemplate(template);

    for (const [logicalId, variables] of Object.entries(envVars)) {
      const declared = Object.keys(sam.Resources[logicalId]?.Properties?.Environment?.Variables ?? {});
      expect({ logicalId, undeclared: Object.keys(variables).filter((name) => !declared.includes(name)) }).toEqual({
        logicalId,
        undeclared: [],
      });
    }
  });

  it("blanks every variable naming another stack resource: SAM cannot resolve those references, so the function keeps that state in memory", () => {
    for (const [logicalId, resource] of Object.entries(template.Resources)) {
      if (resource.Type !== 'AWS::Lambda::Function') continue;
      const references = Object.entries(resource.Properties?.Environment?.Variables ?? {})
        // SCHEDULE_GROUP names its group rather than referring to it, and goes with the scheduler's other variables.
        .filter(([name, value]) => (typeof value !== 'string' && name !== 'ZOOM_SECRET_ID') || name === 'SCHEDULE_GROUP')
        .map(([name]) => name);
      const blanked = Object.entries(envVars[logicalId] ?? {})
        .filter(([, value]) => value === '')
        .map(([name]) => name);

      expect({ logicalId, blanked: blanked.sort() }).toEqual({ logicalId, blanked: references.sort() });
    }
  });

  it('derives the SAM template by declaring SAM_ONLY_VARIABLES empty and changing nothing else', () => {
    const sam = samTemplate(template);
    const undo = structuredClone(sam);
    for (const resource of Object.values(undo.Resources)) {
      for (const name of SAM_ONLY_VARIABLES) delete resource.Properties?.Environment?.Variables?.[name];
    }

    expect(undo).toEqual(template);
    expect(sam).not.toEqual(template);
  });

  it('points every function that calls Zoom at the local secret, moto on the host and the Zoom simulator on the host', () => {
    const ids = functionLogicalIds(template);
    const callers = (Object.keys(ids) as (keyof typeof ids)[]).filter((name) => FUNCTIONS[name].callsZoom !== false).map((name) => ids[name]);
    expect(callers).toHaveLength(5);
    for (const variables of callers.map((id) => envVars[id] ?? {})) {
      expect(variables.ZOOM_SECRET_ID).toBe(LOCAL_SECRET_NAME);
      for (const name of ['AWS_ENDPOINT_URL_SECRETS_MANAGER', 'ZOOM_API_BASE_URL', 'ZOOM_OAUTH_TOKEN_URL']) {
        expect(new URL(variables[name] ?? '').hostname).toBe('host.docker.internal');
      }
    }
    // The defaults of deploy:local (LOCAL_AWS_PORT) and of `npm run simulator` (PORT 8090).
    expect(samTargets(envVars)).toEqual({
      secretId: LOCAL_SECRET_NAME,
      motoPort: DEFAULT_LOCAL_AWS_PORT,
      zoomApiBaseUrl: 'http://host.docker.internal:8090/v2',
    });
  });

  it('reaches the host services through localhost when checking them from the host', () => {
    expect(fromHost('http://host.docker.internal:8090/v2')).toBe('http://localhost:8090/v2');
    expect(fromHost('https://api.zoom.us/v2')).toBe('https://api.zoom.us/v2');
  });

  it('rejects an env-vars file whose functions disagree on the secret', () => {
    const [first, second] = Object.keys(envVars) as [string, string];
    const drifted = { ...envVars, [second]: { ...envVars[second], ZOOM_SECRET_ID: 'other' } };

    expect(first).not.toBe(second);
    expect(() => samTargets(drifted)).toThrow('every function must set the same ZOOM_SECRET_ID');
  });
});
