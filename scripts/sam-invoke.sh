#!/usr/bin/env bash
# npm run sam:invoke -- start|stop|meetings|webhook|startWorker [EVENT_FILE] [SAM_ARGS...]
# Invokes one function once with `sam local invoke` (Docker needed), with an event from events/
# (default for start and stop: their API Gateway REST event; the others need one named), e.g.
#   npm run sam:invoke -- start events/start-scheduler.json
set -euo pipefail
source "$(dirname "$0")/sam-common.sh"

action="${1:-}"
case "$action" in
  start|stop|meetings|webhook|startWorker) ;;
  *) sam_fail "usage: npm run sam:invoke -- start|stop|meetings|webhook|startWorker [event.json] (events: $(cd "$(dirname "$0")/../events" && ls | tr '\n' ' '))" ;;
esac
shift
event="events/${action}-apigateway-rest.json"
if [[ $# -gt 0 && "$1" != -* ]]; then
  event="$1"
  shift
fi

sam_require_tools
cd "$(dirname "$0")/.."
[[ -f "$event" ]] || sam_fail "no event file $event"
sam_prepare
function_id="$(./node_modules/.bin/tsx local/deploy/sam-template.ts logical-id "$action" cdk.out)"
exec sam local invoke "$function_id" \
  --template "$SAM_TEMPLATE" \
  --env-vars "$SAM_ENV_VARS" \
  --event "$event" \
  ${SAM_HOST_ARGS[@]+"${SAM_HOST_ARGS[@]}"} \
  "$@"
