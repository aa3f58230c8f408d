# Sourced by scripts/sam-start-api.sh and scripts/sam-invoke.sh.
# Checks for the SAM CLI and a running Docker engine (fails fast, naming what is missing), synthesizes
# the stack into cdk.out/, writes the SAM copy of its template (local/deploy/sam-template.ts) and
# readies moto with the secret and the Zoom simulator that sam/env-vars.json points at.

sam_fail() {
  echo "sam: $*" >&2
  exit 1
}

sam_require_tools() {
  local without="Without Docker, use 'npm start' (local API) or 'npm run deploy:local' (deploy to moto_server)."
  command -v sam >/dev/null 2>&1 ||
    sam_fail "the AWS SAM CLI ('sam') is not on PATH. Install it (https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/install-sam-cli.html) and retry. $without"
  command -v docker >/dev/null 2>&1 ||
    sam_fail "Docker is not installed ('docker' is not on PATH); sam local runs every function in a container. $without"
  docker info >/dev/null 2>&1 ||
    sam_fail "no running Docker engine ('docker info' failed): start Docker Desktop, or the docker service ('sudo systemctl start docker'), and retry. $without"
}

sam_prepare() {
  cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
  SAM_TEMPLATE=cdk.out/ZoomLiveStreamStack.sam.template.json
  SAM_ENV_VARS=sam/env-vars.json
  ./node_modules/.bin/cdk synth --quiet --output cdk.out || sam_fail "cdk synth failed"
  ./node_modules/.bin/tsx local/deploy/sam-template.ts write cdk.out >/dev/null || sam_fail "could not write $SAM_TEMPLATE"
  ./node_modules/.bin/tsx local/deploy/sam-prepare.ts || exit 1

  # SAM hands these to the containers as the functions' credentials: fake ones for moto, so that no
  # real AWS credential of this shell ever reaches a local container.
  unset AWS_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL
  export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1

  SAM_HOST_ARGS=()
  # Docker Desktop resolves host.docker.internal by itself; the Linux engine needs it mapped.
  if [[ "$(uname -s)" == Linux ]]; then
    SAM_HOST_ARGS=(--add-host host.docker.internal:host-gateway)
  fi
}
