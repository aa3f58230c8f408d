import type { CfnElement } from 'aws-cdk-lib';
import * as path from 'node:path';
import { FUNCTIONS, type CatalogueName } from '../../../functions/lib/handlers/function-catalogue';
import { cdkJsonContext } from '../../../infra/cdk-json';
import { createApp } from '../../../infra/create-app';

/** A template value of an environment variable: a literal, a `Ref`, or an `Fn::GetAtt`. */
export type TemplateValue = string | { Ref: string } | { 'Fn::GetAtt': [string, string] };

/** One function as the synthesized template declares it, with its code package on disk. */
export interface StackFunction {
  readonly name: CatalogueName;
  readonly logicalId: string;
  /** The asset directory the stack uploads as the function's code (Lambda's /var/task). */
  readonly taskRoot: string;
  readonly handler: string;
  readonly runtime: string;
  readonly timeoutS: number;
  readonly memoryMb: number;
  readonly variables: Readonly<Record<string, TemplateValue>>;
}

export interface SynthesizedFunctions {
  readonly functions: Readonly<Record<CatalogueName, StackFunction>>;
  /** Every resource of the template: its type, for resolving what the variables refer to. */
  readonly resourceTypes: ReadonlyMap<string, string>;
  /** The meetings table's keys and indexes as the template declares them (CreateTable's shape). */
  readonly table: TableDefinition;
}

/** The parts of a template's `AWS::DynamoDB::Table` that CreateTable takes as they are. */
export interface TableDefinition {
  readonly KeySchema: Array<{ AttributeName: string; KeyType: 'HASH' | 'RANGE' }>;
  readonly AttributeDefinitions: Array<{ AttributeName: string; AttributeType: 'S' | 'N' | 'B' }>;
  readonly GlobalSecondaryIndexes?: Array<{
    IndexName: string;
    KeySchema: Array<{ AttributeName: string; KeyType: 'HASH' | 'RANGE' }>;
    Projection: { ProjectionType?: 'ALL' | 'KEYS_ONLY' | 'INCLUDE'; NonKeyAttributes?: string[] };
  }>;
}

interface TemplateResource {
  readonly Type: string;
  readonly Properties?: {
    Handler?: string;
    Runtime?: string;
    Timeout?: number;
    MemorySize?: number;
    Code?: { S3Key?: string };
    Environment?: { Variables?: Record<string, TemplateValue> };
  } & Partial<TableDefinition>;
}

/**
 * Synthesizes the app as `cdk synth` does (infra/create-app.ts, cdk.json's context, bundling on)
 * into `outdir`, and returns each catalogue function with the asset directory its template names:
 * the very bundle a deployment uploads.
 */
export function synthesizeFunctions(outdir: string, context: Record<string, unknown> = {}): SynthesizedFunctions {
  const { app, stack } = createApp({ outdir, context: { ...cdkJsonContext(), ...context } });
  const assembly = app.synth();
  const template = assembly.getStackByName(stack.stackName).template as { Resources: Record<string, TemplateResource> };
  const names = Object.keys(FUNCTIONS) as CatalogueName[];
  const functions = Object.fromEntries(
    names.map((name) => {
      const logicalId = stack.getLogicalId(stack.functions[name].node.defaultChild as CfnElement);
      const properties = template.Resources[logicalId]?.Properties;
      const hash = properties?.Code?.S3Key?.replace(/\.zip$/, '');
      if (!properties || !hash) throw new Error(`the template has no code package for ${name} (${logicalId})`);
      const fn: StackFunction = {
        name,
        logicalId,
        taskRoot: path.join(outdir, `asset.${hash}`),
        handler: properties.Handler as string,
        runtime: properties.Runtime as string,
        timeoutS: properties.Timeout as number,
        memoryMb: properties.MemorySize as number,
        variables: properties.Environment?.Variables ?? {},
      };
      return [name, fn];
    }),
  ) as Record<CatalogueName, StackFunction>;
  const resourceTypes = new Map(Object.entries(template.Resources).map(([id, resource]) => [id, resource.Type]));
  return { functions, resourceTypes, table: tableOf(template.Resources) };
}

/** The template's one table, keys and indexes as declared: the local table is created from these. */
function tableOf(resources: Record<string, TemplateResource>): TableDefinition {
  const tables = Object.entries(resources).filter(([, resource]) => resource.Type === 'AWS::DynamoDB::Table');
  const [id, table] = tables[0] ?? [];
  const { KeySchema, AttributeDefinitions, GlobalSecondaryIndexes } = table?.Properties ?? {};
  if (tables.length !== 1 || !KeySchema || !AttributeDefinitions) throw new Error(`expected one table with keys in the template, found ${tables.length} (${id ?? 'none'})`);
  return { KeySchema, AttributeDefinitions, ...(GlobalSecondaryIndexes ? { GlobalSecondaryIndexes } : {}) };
}

/** What a variable refers to: the resource's logical id and type, and the attribute (`Ref` when none). */
export interface Reference {
  readonly logicalId: string;
  readonly type: string;
  readonly attribute: 'Ref' | string;
}

/**
 * The function's variables with every reference replaced by `resolve`'s value for it, literals
 * kept. A variable whose value is neither fails here, naming it, rather than reaching the function.
 */
export function resolveVariables(
  fn: StackFunction,
  resourceTypes: ReadonlyMap<string, string>,
  resolve: (reference: Reference) => string,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fn.variables).map(([variable, value]) => {
      if (typeof value === 'string') return [variable, value];
      const [logicalId, attribute] = 'Ref' in value ? [value.Ref, 'Ref'] : value['Fn::GetAtt'];
      const type = resourceTypes.get(logicalId);
      if (!type) throw new Error(`${fn.name}: ${variable} refers to ${logicalId}, which the template does not hold`);
      return [variable, resolve({ logicalId, type, attribute })];
    }),
  );
}
