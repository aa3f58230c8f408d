import type { LocalDeployment } from '../../local/deploy/deploy-local';
import { deploySummary } from '../../local/deploy/deploy-summary';
import { formatStackOutput, stackOutputs } from '../../local/deploy/stack-outputs';

/** Outputs of the synthesized stack and the values moto 5 answers for them (stage and API key skipped). */
const apiUrl = (suffix: string) => ({
  'Fn::Join': [
    '',
    ['https://', { Ref: 'ApiF70053CD' }, '.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }, '/', { Ref: 'ApiDeploymentStageprod3EB9684E' }, suffix],
  ],
});
const TEMPLATE = {
  Outputs: {
    ApiUrl: { Value: apiUrl('/') },
    StartRouteUrl: { Value: apiUrl('/meetings/{meetingId}/livestream/start') },
    StartFunctionName: { Value: { Ref: 'StartFunction922A76AA' } },
    ApiKeyId: { Value: { Ref: 'ApiApiKey8A01341B' } },
    ApiKeyValueCommand: { Value: { 'Fn::Sub': 'aws apigateway get-api-key --api-key ${ApiApiKey8A01341B} --region ${AWS::Region}' } },
    QueueArn: { Value: { 'Fn::GetAtt': ['StartFunctionFailureQueue0178A3E4', 'Arn'] } },
  },
};
const VALUES = {
  ApiUrl: 'https://w6b04hqsed.execute-api.us-east-1.amazonaws.com/None/',
  StartRouteUrl: 'https://w6b04hqsed.execute-api.us-east-1.amazonaws.com/None/meetings/{meetingId}/livestream/start',
  StartFunctionName: 'ZoomLiveStreamStack-StartFunction922A76AA-PCODKMKP11UD',
  ApiKeyValueCommand: 'aws apigateway get-api-key --api-key None --region us-east-1',
  QueueArn: 'None',
};
const SKIPPED = [
  { logicalId: 'ApiDeploymentStageprod3EB9684E', type: 'AWS::ApiGateway::Stage' },
  { logicalId: 'ApiApiKey8A01341B', type: 'AWS::ApiGateway::ApiKey' },
];

describe('stackOutputs', () => {
  const outputs = stackOutputs(TEMPLATE, VALUES, SKIPPED);
  const byKey = (key: string) => outputs.find((output) => output.key === key);

  it('keeps resolved values as they are', () => {
    expect(byKey('StartFunctionName')).toEqual({ key: 'StartFunctionName', value: VALUES.StartFunctionName });
  });

  it.each(['ApiUrl', 'StartRouteUrl'])('marks %s, which holds "None" for the API stage moto skips', (key) => {
    expect(byKey(key)?.unresolved).toBe(
      "it refers to ApiDeploymentStageprod3EB9684E (AWS::ApiGateway::Stage), which moto's CloudFormation does not create",
    );
  });

  it('marks an output moto left out, and one built with Fn::Sub, by the skipped resource they name', () => {
    expect(byKey('ApiKeyId')).toEqual({ key: 'ApiKeyId', unresolved: expect.stringContaining('ApiApiKey8A01341B (AWS::ApiGateway::ApiKey)') });
    expect(byKey('ApiKeyValueCommand')?.unresolved).toContain('ApiApiKey8A01341B (AWS::ApiGateway::ApiKey)');
  });

  it('still marks a "None" value that no skipped resource explains', () => {
    expect(byKey('QueueArn')?.unresolved).toBe('moto had no value for a reference in it');
  });

  it('prints unresolved outputs as such, never as an address', () => {
    expect(outputs.map(formatStackOutput)).toEqual([
      "ApiUrl: (not resolved by moto: it refers to ApiDeploymentStageprod3EB9684E (AWS::ApiGateway::Stage), which moto's CloudFormation does not create)",
      "StartRouteUrl: (not resolved by moto: it refers to ApiDeploymentStageprod3EB9684E (AWS::ApiGateway::Stage), which moto's CloudFormation does not create)",
      `StartFunctionName: ${VALUES.StartFunctionName}`,
      "ApiKeyId: (not resolved by moto: it refers to ApiApiKey8A01341B (AWS::ApiGateway::ApiKey), which moto's CloudFormation does not create)",
      "ApiKeyValueCommand: (not resolved by moto: it refers to ApiApiKey8A01341B (AWS::ApiGateway::ApiKey), which moto's CloudFormation does not create)",
      'QueueArn: (not resolved by moto: moto had no value for a reference in it)',
    ]);
  });
});

describe("deploy:local's summary", () => {
  it('lists the stack outputs without a bare None', () => {
    const deployment: LocalDeployment = {
      stackName: 'ZoomLiveStreamStack',
      stackStatus: 'CREATE_COMPLETE',
      outputs: stackOutputs(TEMPLATE, VALUES, SKIPPED),
      functions: [],
      skipped: SKIPPED,
      moto: { endpoint: 'http://localhost:5000' },
      secret: { name: 'zoom-livestream/local', arn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:zoom-livestream/local-AbCdEf', created: true },
      outdir: '/repo/cdk.out.local',
      completed: [{ logicalId: 'MeetingTimeSchedulesGroupC35EAE04', type: 'AWS::Scheduler::ScheduleGroup', done: 'created through the Scheduler API' }],
    };

    const summary = deploySummary(deployment, '/repo');

    expect(summary).toContain(`Stack outputs:\n  ApiUrl: (not resolved by moto: it refers to ApiDeploymentStageprod3EB9684E`);
    expect(summary).toContain('  MeetingTimeSchedulesGroupC35EAE04 (AWS::Scheduler::ScheduleGroup): created through the Scheduler API');
    expect(summary).toContain(`  StartFunctionName: ${VALUES.StartFunctionName}`);
    expect(summary).not.toMatch(/\bNone\b/);
  });
});
