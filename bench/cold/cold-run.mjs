// One cold start in this fresh process: load the bundle, run its handler once, print the times.
// argv: bundle path, event JSON. Times from process start (performance.now() counts from there).
const [bundle, eventJson] = process.argv.slice(2);
const loadStart = performance.now();
const module = await import(bundle);
const loaded = performance.now();
const context = { awsRequestId: 'cold', getRemainingTimeInMillis: () => 60_000, functionName: 'cold', functionVersion: '$LATEST', invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:cold', memoryLimitInMB: '256', logGroupName: '/aws/lambda/cold', logStreamName: 'cold', callbackWaitsForEmptyEventLoop: false };
const handler = module.handler ?? module.default?.handler;
const result = await handler(JSON.parse(eventJson), context);
const done = performance.now();
process.stdout.write(JSON.stringify({ processStartToLoad: loadStart, loadMs: loaded - loadStart, firstCallMs: done - loaded, result }));
process.exit(0);
