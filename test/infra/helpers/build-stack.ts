import { Template } from 'aws-cdk-lib/assertions';
import * as path from 'node:path';
import { cdkJsonContext } from '../../../infra/cdk-json';
import { createApp, type CreatedApp } from '../../../infra/create-app';

export const REPOSITORY_ROOT = path.resolve(__dirname, '../../..');

export interface BuiltStack extends CreatedApp {
  readonly template: Template;
}

/**
 * Builds the app as `infra/app.ts` does, with extra `-c` style context. Bundling is skipped (the
 * assets are placeholders): these tests are about the template; the CLI synth test bundles for real.
 */
export function buildStack(context: Record<string, unknown> = {}, outdir?: string): BuiltStack {
  const created = createApp({
    outdir,
    context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], ...context },
  });
  return { ...created, template: Template.fromStack(created.stack) };
}

export type PolicyStatement = Record<string, unknown>;

/** Every statement of the stack's IAM policies whose actions belong to `service` (e.g. `secretsmanager`). */
export function statementsMentioning(built: BuiltStack, service: string): PolicyStatement[] {
  return Object.values(built.template.findResources('AWS::IAM::Policy'))
    .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: PolicyStatement[] }).Statement)
    .filter((statement) => JSON.stringify(statement.Action).includes(`${service}:`));
}
