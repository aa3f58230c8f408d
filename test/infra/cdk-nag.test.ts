import { Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { IConstruct } from 'constructs';
import { FUNCTIONS } from '../../functions/lib/handlers/function-catalogue';
import { ROUTES } from '../../functions/lib/http/routes';
import { buildStack } from './helpers/build-stack';

/** [rule id, reason] of every acknowledgement on `scope` and below. */
function acknowledgedRules(scope: IConstruct): Array<[string, string]> {
  return scope.node
    .findAll()
    .flatMap((construct) => construct.node.metadata)
    .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
    .map(([id, reason]) => [id.replace(/^annotation::/i, ''), reason]);
}

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
    ['a webinar schedule with a start window', { schedules: [{ name: 'webinar', webinarId: '91234567890', start: 'rate(1 day)', startWindowMinutes: 30 }] }],
  ])('reports no unacknowledged finding for %s', (_name, context) => {
    const { app } = buildStack(context);

    const report = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(app);

    expect(report.violations.map((violation) => `${violation.ruleName}: ${violation.description}`)).toEqual([]);
  });

  it('gives every acknowledged rule a written reason', () => {
    const { stack } = buildStack();
    const acknowledged = acknowledgedRules(stack);
    const count = (id: string) => acknowledged.filter(([rule]) => rule === id).length;

    expect([...new Set(acknowledged.map(([id]) => id.replace(/\[.*\]$/, '[…]')))].sort()).toEqual([
      'AwsSolutions-APIG2',
      'AwsSolutions-APIG3',
      'AwsSolutions-APIG4',
      'AwsSolutions-APIG6',
      'AwsSolutions-COG4',
      'AwsSolutions-IAM5[…]',
      'AwsSolutions-SMG4',
      'AwsSolutions-SQS3',
    ]);
    // Per method: every route's authorization is explained on its own method.
    expect(count('AwsSolutions-APIG4')).toBe(ROUTES.length);
    expect(count('AwsSolutions-COG4')).toBe(ROUTES.length);
    // The functions run the latest Node.js runtime, so the outdated-runtime rule has nothing to acknowledge.
    expect(count('AwsSolutions-L1')).toBe(0);
    // The on-failure queues of start and stop, the start failure queue, the schedules' dead-letter queue.
    expect(count('AwsSolutions-SQS3')).toBe(4);
    // Only the wildcard over the meeting-time group's schedules, for the two functions that manage them.
    const wildcards = acknowledged.filter(([id]) => id.startsWith('AwsSolutions-IAM5'));
    expect(wildcards.map(([id]) => id)).toEqual(
      Object.values(FUNCTIONS)
        .filter((entry) => entry.uses.managesSchedules)
        .map(() => expect.stringMatching(/^AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule\/ZoomLiveStreamStack-meeting-times\/\*\]$/)),
    );
    for (const [, reason] of acknowledged) expect(reason.length).toBeGreaterThan(60);
  });

  it("explains the webhook's missing API key with Zoom's signature check, on that method only", () => {
    const { stack } = buildStack();
    const webhook = stack.node.findAll().find((construct) => construct.node.path.endsWith('/webhooks/zoom/POST'));
    const rules = new Map(acknowledgedRules(webhook!));

    expect(rules.get('AwsSolutions-APIG4')).toMatch(/HMAC.*signature.*300-second replay window/);
    expect(rules.get('AwsSolutions-COG4')).toMatch(/HMAC/);
    const elsewhere = acknowledgedRules(stack).filter(([id, reason]) => id === 'AwsSolutions-APIG4' && /HMAC/.test(reason));
    expect(elsewhere).toHaveLength(1);
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
