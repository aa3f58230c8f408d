import type { Message } from '@aws-sdk/client-sqs';
import { LOCAL_REGION } from '../../../local/deploy/local-aws';

/**
 * The event Lambda's SQS event source hands a function for messages it received from `queueArn`
 * (moto can run no function, so the tests receive the messages themselves and shape the event).
 */
export function sqsEvent(queueArn: string, messages: readonly Message[]): { Records: unknown[] } {
  return {
    Records: messages.map((message) => ({
      messageId: message.MessageId,
      receiptHandle: message.ReceiptHandle,
      body: message.Body,
      attributes: {
        ApproximateReceiveCount: message.Attributes?.ApproximateReceiveCount ?? '1',
        SentTimestamp: message.Attributes?.SentTimestamp ?? String(Date.now()),
        SenderId: message.Attributes?.SenderId ?? 'AIDAEXAMPLE',
        ApproximateFirstReceiveTimestamp: message.Attributes?.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: message.MD5OfBody,
      eventSource: 'aws:sqs',
      eventSourceARN: queueArn,
      awsRegion: LOCAL_REGION,
    })),
  };
}
