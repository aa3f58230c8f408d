#!/usr/bin/env bash
# npm run deploy [-- CDK_ARGS...]
#   e.g. npm run deploy -- -c secretName=zoom/prod --profile work
#
# Synthesizes once, bootstraps the target account/region from that assembly (idempotent: an
# up-to-date bootstrap stack is left as it is), then deploys the same assembly without an approval
# prompt and saves the stack outputs to cdk-outputs.json.
set -euo pipefail

cd "$(dirname "$0")/.."
cdk=./node_modules/.bin/cdk
if [[ ! -x "$cdk" ]]; then
  echo "deploy: $cdk not found; run 'npm ci' first" >&2
  exit 1
fi

# Only the options that mean the same to synth and bootstrap go to them; everything goes to deploy.
common=()
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in
    -c | --context | --profile)
      if ((i + 1 >= ${#args[@]})); then
        echo "deploy: ${args[i]} needs a value" >&2
        exit 1
      fi
      common+=("${args[i]}" "${args[i + 1]}")
      i=$((i + 1))
      ;;
    --context=* | --profile=* | -v | --verbose | --debug)
      common+=("${args[i]}")
      ;;
  esac
done

assembly=cdk.out
"$cdk" synth --quiet --output "$assembly" ${common[@]+"${common[@]}"}
# Environment-agnostic stack: bootstrap resolves it to the account and region of the current
# credentials (AWS_PROFILE / --profile, AWS_REGION or the profile's region).
"$cdk" bootstrap --app "$assembly" ${common[@]+"${common[@]}"}
"$cdk" deploy --app "$assembly" --require-approval never --outputs-file cdk-outputs.json "$@"

echo
echo "Outputs saved to cdk-outputs.json. Next: put the Zoom credentials into the secret (PutSecretValueCommand) and print the API key (ApiKeyValueCommand)."
