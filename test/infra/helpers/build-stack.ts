import type { CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
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

/** The logical id of a construct (or of its default CloudFormation resource) in the built stack. */
export function logicalIdOf(built: BuiltStack, construct: IConstruct): string {
  return built.stack.getLogicalId((construct.node.defaultChild ?? construct) as CfnElement);
}

/** One allowed action on one resource, as a role's policies grant it, however statements are grouped. */
export interface Permission {
  readonly action: string;
  readonly resource: unknown;
  readonly condition?: unknown;
}

/** Every action-on-resource pair the inline policies attached to `roleLogicalId` allow. */
export function permissionsOf(built: BuiltStack, roleLogicalId: string): Permission[] {
  const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);
  return Object.values(built.template.findResources('AWS::IAM::Policy'))
    .filter((policy) => (policy.Properties.Roles as unknown[]).some((role) => JSON.stringify(role) === JSON.stringify({ Ref: roleLogicalId })))
    .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: PolicyStatement[] }).Statement)
    .flatMap((statement) => {
      expect(statement.Effect).toBe('Allow');
      return list(statement.Action).flatMap((action) =>
        list(statement.Resource).map((resource) => ({
          action: String(action),
          resource,
          ...(statement.Condition === undefined ? {} : { condition: statement.Condition }),
        })),
      );
    });
}
