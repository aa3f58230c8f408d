// Handlers log every request as JSON; tests that assert on logs raise the level themselves.
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
// On Node 20 (still used for development) the AWS SDK warns that it drops that line; the warning is
// about the machine running the tests, not the functions (Node.js 24 on Lambda). Node 22+ draws none.
if (Number(process.versions.node.split('.')[0]) < 22) process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// No test may reach real AWS: anything that does not name its own endpoint gets a dead loopback
// port and fake credentials, so a forgotten override fails loudly instead of calling an account.
process.env.AWS_ENDPOINT_URL ??= 'http://127.0.0.1:1';
process.env.AWS_REGION ??= 'us-east-1';
process.env.AWS_ACCESS_KEY_ID ??= 'testing';
process.env.AWS_SECRET_ACCESS_KEY ??= 'testing';
delete process.env.AWS_PROFILE;
delete process.env.AWS_SESSION_TOKEN;
