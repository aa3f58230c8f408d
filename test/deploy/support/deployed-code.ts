import { createHash } from 'node:crypto';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../../local/deploy/local-aws';

export interface TemplateCode {
  readonly S3Bucket: string | { 'Fn::Sub': string };
  readonly S3Key: string;
}

/**
 * Downloads the code package a function was created from, out of the emulator's S3 (the bucket and key
 * the deployed template names), and checks that it is byte for byte what Lambda holds: its SHA-256 must
 * equal the function's CodeSha256. moto's `GetFunction` Code.Location points at an AWS host it does
 * not serve, so the template's S3 location is the way to the bytes.
 */
export async function downloadDeployedCode(
  endpoint: string,
  code: TemplateCode,
  accountId: string,
  expectedSha256Base64: string,
): Promise<Buffer> {
  const bucket = (typeof code.S3Bucket === 'string' ? code.S3Bucket : code.S3Bucket['Fn::Sub'])
    .replaceAll('${AWS::AccountId}', accountId)
    .replaceAll('${AWS::Region}', LOCAL_REGION);
  // The bootstrap bucket refuses anonymous reads; moto identifies the caller from the Authorization
  // header's access key and does not check the signature, so an unsigned header with the fake key works.
  const date = new Date().toISOString().slice(0, 10).replaceAll('-', '');
  const response = await fetch(`${endpoint}/${bucket}/${code.S3Key}`, {
    headers: {
      authorization: `AWS4-HMAC-SHA256 Credential=${LOCAL_CREDENTIALS.accessKeyId}/${date}/${LOCAL_REGION}/s3/aws4_request, SignedHeaders=host, Signature=0`,
    },
  });
  if (!response.ok) throw new Error(`GET s3://${bucket}/${code.S3Key} answered ${response.status}`);
  const zip = Buffer.from(await response.arrayBuffer());
  const sha256 = createHash('sha256').update(zip).digest('base64');
  if (sha256 !== expectedSha256Base64) {
    throw new Error(`s3://${bucket}/${code.S3Key} has SHA-256 ${sha256}, the function's code has ${expectedSha256Base64}`);
  }
  return zip;
}
