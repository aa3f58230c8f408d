#!/usr/bin/env bash
# npm run sam:invoke -- start|stop [EVENT_FILE] [SAM_ARGS...]
# Invokes one function once with `sam local invoke` (Docker needed), with an event from events/
# (default: the API Gateway REST event for that action), e.g.
#   npm run sam:invoke -- start events/start-scheduler.json
set -euo pipefail
source "$(dirname "$0")/sam-common.sh"

action="${1:-}"
if [[ "$action" != start && "$action" != stop ]]; then
  sam_fail "usage: npm run sam:invoke -- start|stop [event.json] (events: $(cd "$(dirname "$0")/../events" && ls | tr '\n' ' '))"
fi
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
