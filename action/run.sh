#!/usr/bin/env bash
# Runs one shipspec command for the shipspec action and puts its report in
# the job summary. `--format github` writes its own summary; any other
# command's output is added as a code block. Keeps shipspec's exit code.
#
# Environment: SHIPSPEC_COMMAND (the arguments, split on spaces),
# GITHUB_STEP_SUMMARY (set by GitHub).
set -uo pipefail

read -r -a args <<< "${SHIPSPEC_COMMAND:-check --format github}"
if [ "${#args[@]}" -eq 0 ]; then
  echo "::error::shipspec: the command input is empty" >&2
  exit 2
fi

output=$(mktemp)
shipspec "${args[@]}" | tee "$output"
status=${PIPESTATUS[0]}

own_summary=false
for ((i = 0; i < ${#args[@]}; i++)); do
  if [ "${args[i]}" = "--format=github" ] || { [ "${args[i]}" = "--format" ] && [ "${args[i + 1]:-}" = github ]; }; then
    own_summary=true
  fi
done
if [ "$own_summary" = false ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  {
    printf '### shipspec %s (exit %s)\n\n' "${args[*]}" "$status"
    printf '```text\n'
    cat "$output"
    printf '```\n'
  } >> "$GITHUB_STEP_SUMMARY"
fi
rm -f "$output"
exit "$status"
