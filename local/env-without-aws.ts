/**
 * The caller's environment without anything that could reach a real AWS account: every AWS_* and
 * CDK_* variable (keys, profiles, SSO sessions, regions) dropped and instance metadata disabled.
 * Child processes that must work with no account (synth) or only against an emulator start from it.
 */
export function envWithoutAws(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) {
    if (!key.startsWith('AWS_') && !key.startsWith('CDK_')) env[key] = value;
  }
  return { ...env, AWS_EC2_METADATA_DISABLED: 'true' };
}
