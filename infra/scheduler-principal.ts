import { Stack, aws_iam as iam } from 'aws-cdk-lib';
import type { Construct } from 'constructs';

/**
 * EventBridge Scheduler, as a principal that may assume a role only for schedules of this account and
 * of one schedule group (confused-deputy protection). Scheduler presents the schedule group's ARN as
 * `aws:SourceArn`, so a condition on schedule ARNs would never match.
 */
export function schedulerPrincipal(scope: Construct, groupName: string): iam.IPrincipal {
  const stack = Stack.of(scope);
  return new iam.ServicePrincipal('scheduler.amazonaws.com', {
    conditions: {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: {
        'aws:SourceArn': stack.formatArn({ service: 'scheduler', resource: 'schedule-group', resourceName: groupName }),
      },
    },
  });
}
