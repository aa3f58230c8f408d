import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { Route } from '../functions/lib/routes';

export interface LocalRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly sourceIp: string;
}

/** The REST API (payload 1.0) proxy event API Gateway would send for this request. */
export function toRestEvent(route: Route, pathParameters: Record<string, string>, request: LocalRequest): APIGatewayProxyEvent {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    headers[name] = values.join(',');
    multiValueHeaders[name] = values;
  }
  const query = [...request.query.keys()];
  const text = request.body.toString('utf8');
  // API Gateway passes binary-looking bodies base64-encoded; a UTF-8 round trip tells them apart.
  const isBase64Encoded = request.body.length > 0 && Buffer.from(text, 'utf8').compare(request.body) !== 0;
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
    body: request.body.length === 0 ? null : isBase64Encoded ? request.body.toString('base64') : text,
    isBase64Encoded,
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
        apiKey: headers['x-api-key'] ?? null,
        apiKeyId: null,
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? null,
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
