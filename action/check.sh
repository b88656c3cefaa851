#!/usr/bin/env bash
# The GitHub Action's check step (action.yml runs it; tests/test_action.py runs it on a scratch
# repository). On a pull request it checks the copy files the pull request changed; otherwise
# the paths given. Findings become annotations (--format github); with a SARIF path the same
# run is also written as SARIF for code scanning. The exit code is customerlens's.
set -euo pipefail

paths=${INPUT_PATHS:-.}
fail_under=${INPUT_FAIL_UNDER:-0}
sarif=${INPUT_SARIF:-}
extra=${INPUT_ARGS:-}
suffixes='\.(md|markdown|mdx|txt|text|html|htm)$'

read -r -a targets <<< "$paths"
if [[ "${GITHUB_EVENT_NAME:-}" == pull_request* && -n "${GITHUB_BASE_REF:-}" ]]; then
  base="origin/$GITHUB_BASE_REF"
  git rev-parse --verify --quiet "$base" > /dev/null || base="$GITHUB_BASE_REF"
  mapfile -t targets < <(
    git diff --name-only --diff-filter=ACMR "$base...HEAD" -- "${targets[@]}" | grep -iE "$suffixes" || true
  )
  if (( ${#targets[@]} == 0 )); then
    echo "customerlens: no copy changed in this pull request"
    exit 0
  fi
fi

read -r -a options <<< "$extra"
status=0
customerlens check "${targets[@]}" --format github --fail-under "$fail_under" ${options[@]+"${options[@]}"} || status=$?
if [[ -n "$sarif" ]]; then
  customerlens check "${targets[@]}" --format sarif --output "$sarif" --exit-zero ${options[@]+"${options[@]}"}
fi
exit "$status"
