// Lambda hands every function its role's credentials in AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
// AWS_SESSION_TOKEN. The SDK's default chain would bundle SSO, STS, web identity, ini files and the
// instance metadata clients besides, none of which a Lambda function uses.
'use strict';
const { fromEnv } = require('@aws-sdk/credential-provider-env');
exports.defaultProvider = (init) => fromEnv(init);
