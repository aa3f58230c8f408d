import { Template } from 'aws-cdk-lib/assertions';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createApp, type CreatedApp } from '../../../infra/create-app';

export const REPOSITORY_ROOT = path.resolve(__dirname, '../../..');

/** The context of cdk.json, so the tests build what `cdk synth` builds (same feature flags). */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(path.join(REPOSITORY_ROOT, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  return cdkJson.context ?? {};
}

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
