#!/usr/bin/env bash
# npm run sam:start-api [-- SAM_ARGS...]
# Serves the synthesized API with `sam local start-api` on http://127.0.0.1:3001 (Docker needed): each
# request runs the bundled function in a Lambda container that reads the secret from moto_server and
# calls the Zoom simulator on this machine (see sam/env-vars.json). SAM does not check x-api-key.
set -euo pipefail
source "$(dirname "$0")/sam-common.sh"
sam_require_tools
sam_prepare
exec sam local start-api \
  --template "$SAM_TEMPLATE" \
  --env-vars "$SAM_ENV_VARS" \
  --port "${SAM_PORT:-3001}" \
  ${SAM_HOST_ARGS[@]+"${SAM_HOST_ARGS[@]}"} \
  "$@"
