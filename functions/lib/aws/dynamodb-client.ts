import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { AWS_CLIENT_OPTIONS } from './aws-call';

export function createDynamoDbClient(): DynamoDBClient {
  return new DynamoDBClient(AWS_CLIENT_OPTIONS);
}
