import { Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildStack } from './helpers/build-stack';

const WEEKLY = {
  name: 'weekly-all-hands',
  meetingId: '85746065432',
  start: 'cron(55 8 ? * MON *)',
  stop: 'cron(30 10 ? * MON *)',
  timezone: 'Europe/Berlin',
};

/**
 * cdk-nag 3 is a CDK policy-validation plugin: findings no longer arrive as annotations
 * (`Annotations.fromStack(...).findError` sees none), they fail synthesis and land in the
 * validation report. So the pack is run on the construct tree directly, as its docs advise for tests.
 */
describe('cdk-nag AwsSolutions', () => {
  it.each([
    ['the default stack', {}],
    ['a secret imported by name with a customer key', { secretName: 'zoom/prod', kmsKeyArn: 'arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' }],
    ['a secret imported by ARN', { secretArn: 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:zoom-AbCdEf' }],
    ['schedules with an alarm e-mail', { schedules: [WEEKLY], alarmEmail: 'ops@example.com' }],
  ])('reports no unacknowledged finding for %s', (_name, context) => {
    const { app } = buildStack(context);

    const report = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(app);

    expect(report.violations.map((violation) => `${violation.ruleName}: ${violation.description}`)).toEqual([]);
  });

  it('gives every acknowledged rule a written reason', () => {
    const { stack } = buildStack();
    const acknowledged = stack.node
      .findAll()
      .flatMap((construct) => construct.node.metadata)
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>));

    expect(acknowledged.map(([id]) => id.replace(/^annotation::/i, '')).sort()).toEqual([
      'AwsSolutions-APIG2',
      'AwsSolutions-APIG3',
      'AwsSolutions-APIG4',
      'AwsSolutions-APIG6',
      'AwsSolutions-COG4',
      'AwsSolutions-L1',
      'AwsSolutions-L1',
      'AwsSolutions-SMG4',
      'AwsSolutions-SQS3',
      'AwsSolutions-SQS3',
    ]);
    for (const [, reason] of acknowledged) expect(reason.length).toBeGreaterThan(60);
  });

  it('is registered on the app, so a new finding fails synthesis', () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'nag-synth-'));
    const { app, stack } = buildStack({}, outdir);
    new sqs.Queue(stack, 'QueueWithoutTlsPolicy');

    try {
      expect(() => app.synth({ force: true })).toThrow(/AwsSolutions-SQS4/);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
