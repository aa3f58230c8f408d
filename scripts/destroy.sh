#!/usr/bin/env bash
# npm run destroy [-- CDK_ARGS...]   Deletes ZoomLiveStreamStack without a confirmation prompt.
# The stack-created secret is scheduled for deletion with Secrets Manager's recovery window; an
# imported secret (-c secretName / secretArn) is not touched. The CDK bootstrap stack stays, and so
# does the meetings table (auto-start registrations; output MeetingsTableName): delete it by hand.
set -euo pipefail

cd "$(dirname "$0")/.."
exec ./node_modules/.bin/cdk destroy --force ZoomLiveStreamStack "$@"
