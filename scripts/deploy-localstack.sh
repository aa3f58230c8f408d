#!/usr/bin/env bash
# npm run deploy:localstack [-- -c key=value ...]
# Deploys the real ZoomLiveStreamStack (secret, REST API, functions, schedules, alarms) to a running
# LocalStack with cdklocal (aws-cdk-local), then prints the API's LocalStack URLs.
# LOCALSTACK_ENDPOINT (default http://localhost:4566) says where LocalStack listens.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() {
  echo "deploy:localstack: $*" >&2
  exit 1
}

endpoint="${LOCALSTACK_ENDPOINT:-http://localhost:4566}"
endpoint="${endpoint%/}"
# Node's fetch, not curl: node is certain to be here. Any HTTP answer from the health route counts.
if ! node -e '
  fetch(process.argv[1] + "/_localstack/health", { signal: AbortSignal.timeout(3000) })
    .then((response) => process.exit(response.ok ? 0 : 1), () => process.exit(1));
' "$endpoint"; then
  fail "LocalStack is not reachable at $endpoint (no answer from $endpoint/_localstack/health). Start it (e.g. 'localstack start -d' or 'docker run --rm -p 4566:4566 localstack/localstack'; both need Docker) or set LOCALSTACK_ENDPOINT. Without Docker: npm run deploy:local"
fi

cdklocal=./node_modules/.bin/cdklocal
[[ -x "$cdklocal" ]] || fail "$cdklocal not found; run 'npm ci' first"

# cdklocal drops every AWS_* variable it is not told to keep, so that nothing can reach real AWS; the
# region is kept on purpose. LocalStack accepts any credentials.
export AWS_ENVAR_ALLOWLIST=AWS_REGION,AWS_DEFAULT_REGION
export AWS_REGION="${AWS_REGION:-us-east-1}" AWS_DEFAULT_REGION="${AWS_REGION:-us-east-1}"
if [[ -n "${LOCALSTACK_ENDPOINT:-}" ]]; then
  export AWS_ENDPOINT_URL="$endpoint"
  # cdklocal recognises S3 requests by an ".s3." in this URL; LocalStack serves it on the same port.
  if [[ -z "${AWS_ENDPOINT_URL_S3:-}" ]]; then
    port="$(node -e 'const u = new URL(process.argv[1]); process.stdout.write(u.port || (u.protocol === "https:" ? "443" : "80"))' "$endpoint")"
    scheme="${endpoint%%://*}"
    export AWS_ENDPOINT_URL_S3="$scheme://s3.localhost.localstack.cloud:$port"
  fi
fi

outdir=cdk.out.localstack
outputs="$outdir/outputs.json"
# Synthesize once (context arguments apply here), then bootstrap and deploy that same assembly.
"$cdklocal" synth --quiet --output "$outdir" "$@"
"$cdklocal" bootstrap --app "$outdir"
"$cdklocal" deploy ZoomLiveStreamStack --app "$outdir" --require-approval never --outputs-file "$outputs"

node -e '
  const [file, endpoint] = process.argv.slice(1);
  const outputs = require(require("node:path").resolve(file)).ZoomLiveStreamStack ?? {};
  const apiId = /https?:\/\/([a-z0-9]+)\.execute-api\./.exec(outputs.ApiUrl ?? "")?.[1];
  if (!apiId) { console.error("deploy:localstack: no ApiUrl in " + file); process.exit(1); }
  const host = new URL(endpoint);
  console.log("\nAPI on LocalStack (stage prod):");
  console.log("  " + host.protocol + "//" + apiId + ".execute-api.localhost.localstack.cloud:" + (host.port || "4566") + "/prod/");
  console.log("  " + endpoint + "/restapis/" + apiId + "/prod/_user_request_/   (path form)");
  console.log("Routes: POST meetings/{meetingId}/livestream/start | stop, header x-api-key; the key: " + (outputs.ApiKeyValueCommand ?? "").replace(/^aws /, "awslocal "));
  console.log("Put the Zoom credentials into the secret first: " + (outputs.PutSecretValueCommand ?? "").replace(/^aws /, "awslocal "));
' "$outputs" "$endpoint"
