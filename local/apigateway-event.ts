import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { Route } from '../functions/lib/http/routes';

export interface LocalRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  /** Name/value pairs as the client sent them (Node's `rawHeaders`): API Gateway keeps their case. */
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
  readonly sourceIp: string;
}

/** The REST API (payload 1.0) proxy event API Gateway would send for this request. */
export function toRestEvent(route: Route, pathParameters: Record<string, string>, request: LocalRequest): APIGatewayProxyEvent {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) {
    const name = request.rawHeaders[i] as string;
    const value = request.rawHeaders[i + 1] as string;
    (multiValueHeaders[name] ??= []).push(value);
    headers[name] = value;
  }
  const header = (name: string) => Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1] ?? null;
  const query = [...request.query.keys()];
  return {
    resource: route.resourcePath,
    path: request.path,
    httpMethod: request.method,
    headers,
    multiValueHeaders,
    queryStringParameters: query.length ? Object.fromEntries(request.query) : null,
    multiValueQueryStringParameters: query.length ? Object.fromEntries(query.map((k) => [k, request.query.getAll(k)])) : null,
    pathParameters,
    stageVariables: null,
    // The stack declares no binary media types, so API Gateway passes every body as text.
    body: request.body.length === 0 ? null : request.body.toString('utf8'),
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      authorizer: undefined,
      protocol: 'HTTP/1.1',
      httpMethod: request.method,
      path: `/local${request.path}`,
      stage: 'local',
      requestId: randomUUID(),
      requestTimeEpoch: Date.now(),
      resourceId: 'local',
      resourcePath: route.resourcePath,
      identity: {
        apiKey: header('x-api-key'),
        apiKeyId: null,
        sourceIp: request.sourceIp,
        userAgent: header('user-agent'),
        accessKey: null,
        accountId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        user: null,
        userArn: null,
      },
    },
  };
}
