/**
 * The template `sam local` runs: the synthesized ZoomLiveStreamStack template, unchanged but for one
 * declared, empty variable per function. SAM's `--env-vars` only overrides variables the template
 * declares, and the stack (rightly) declares no Secrets Manager endpoint, so without this the
 * functions in SAM's containers could not be pointed at a local secret. The copy is written next to
 * the original in cdk.out/, so the asset paths in its metadata still resolve.
 *
 *   tsx local/deploy/sam-template.ts write [cdk.out]        writes cdk.out/ZoomLiveStreamStack.sam.template.json
 *   tsx local/deploy/sam-template.ts logical-id <function> [cdk.out]   prints that function's logical id
 *   (<function>: a name of FUNCTIONS in functions/lib/handlers/function-catalogue.ts, e.g. start, startWorker)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { FUNCTIONS, type CatalogueName } from '../../functions/lib/handlers/function-catalogue';

export const STACK_TEMPLATE_FILE = 'ZoomLiveStreamStack.template.json';
export const SAM_TEMPLATE_FILE = 'ZoomLiveStreamStack.sam.template.json';
/** Declared (empty) in the SAM copy only, so that sam/env-vars.json can set them. */
export const SAM_ONLY_VARIABLES = ['AWS_ENDPOINT_URL_SECRETS_MANAGER'] as const;

export interface CfnResource {
  Type: string;
  Properties?: { Environment?: { Variables?: Record<string, unknown> } } & Record<string, unknown>;
  Metadata?: Record<string, unknown>;
}
export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
}

/**
 * Logical id of each catalogue function, found by its construct path (`<Stack>/<Name>Function/Function/Resource`,
 * infra/zoom-live-stream-stack.ts), which the CDK records in every resource's `aws:cdk:path` metadata.
 */
export function functionLogicalIds(template: CfnTemplate): Record<CatalogueName, string> {
  const ids: Partial<Record<CatalogueName, string>> = {};
  for (const name of Object.keys(FUNCTIONS) as CatalogueName[]) {
    const suffix = `/${name.charAt(0).toUpperCase()}${name.slice(1)}Function/Function/Resource`;
    const matches = Object.entries(template.Resources).filter(
      ([, resource]) =>
        resource.Type === 'AWS::Lambda::Function' && String(resource.Metadata?.['aws:cdk:path'] ?? '').endsWith(suffix),
    );
    if (matches.length !== 1) throw new Error(`expected one function with a construct path ending in ${suffix}, found ${matches.length}`);
    ids[name] = (matches[0] as [string, CfnResource])[0];
  }
  return ids as Record<CatalogueName, string>;
}

/** A deep copy of the template with SAM_ONLY_VARIABLES declared empty on every function. */
export function samTemplate(template: CfnTemplate): CfnTemplate {
  const copy = structuredClone(template);
  for (const resource of Object.values(copy.Resources)) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const properties = (resource.Properties ??= {});
    const environment = (properties.Environment ??= {});
    const variables = (environment.Variables ??= {});
    for (const name of SAM_ONLY_VARIABLES) {
      if (name in variables) throw new Error(`the stack already declares ${name}; SAM_ONLY_VARIABLES is out of date`);
      variables[name] = '';
    }
  }
  return copy;
}

function readTemplate(cdkOut: string): CfnTemplate {
  return JSON.parse(readFileSync(path.join(cdkOut, STACK_TEMPLATE_FILE), 'utf8')) as CfnTemplate;
}

function main(argv: string[]): void {
  const [command, ...rest] = argv;
  if (command === 'write') {
    const cdkOut = rest[0] ?? 'cdk.out';
    const target = path.join(cdkOut, SAM_TEMPLATE_FILE);
    writeFileSync(target, JSON.stringify(samTemplate(readTemplate(cdkOut)), null, 1));
    console.log(target);
  } else if (command === 'logical-id') {
    const name = rest[0] ?? '';
    if (!Object.hasOwn(FUNCTIONS, name)) throw new Error(`expected one of ${Object.keys(FUNCTIONS).join(', ')}, got "${name}"`);
    console.log(functionLogicalIds(readTemplate(rest[1] ?? 'cdk.out'))[name as CatalogueName]);
  } else {
    throw new Error(`usage: sam-template.ts write [cdk.out] | logical-id ${Object.keys(FUNCTIONS).join('|')} [cdk.out]`);
  }
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
