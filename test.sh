#!/usr/bin/env bash
# Runs every test of every module (the README's test command; .ci/run calls it).
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
# shellcheck source=scripts/jdk.sh
. "$root/scripts/jdk.sh"
find_jdk25 || exit 2
cd "$root"
mvn_quiet -B verify "$@"
