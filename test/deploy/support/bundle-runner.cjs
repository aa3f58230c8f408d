// Runs one Lambda bundle's handler the way the Node.js runtime does (import the file, call the
// export with the event and a context), in a process of its own so that only the function's own
// environment applies. Driven over IPC by run-bundle.ts: receives {event, timeoutMs}, answers
// {ok, result} or {ok: false, error}.
'use strict';

const [bundleFile, handlerName] = process.argv.slice(2);

process.once('message', async ({ event, timeoutMs }) => {
  const deadline = Date.now() + timeoutMs;
  const context = {
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${process.env.AWS_REGION}:123456789012:function:${process.env.AWS_LAMBDA_FUNCTION_NAME}`,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: `local-${process.pid}`,
    logGroupName: `/aws/lambda/${process.env.AWS_LAMBDA_FUNCTION_NAME}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  try {
    // import() takes the ES module bundle (index.mjs) as Lambda's Node.js runtime does, and CommonJS too.
    const module = await import(require('node:url').pathToFileURL(bundleFile).href);
    const result = await (module[handlerName] ?? module.default[handlerName])(event, context);
    process.send({ ok: true, result }, () => process.exit(0));
  } catch (error) {
    process.send({ ok: false, error: { name: error && error.name, message: error && error.message } }, () => process.exit(0));
  }
});
