// Handlers log every request as JSON; tests that assert on logs raise the level themselves.
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
// The AWS SDK's notice about Node.js 20 support concerns local tooling, not the Lambda runtime (22).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
