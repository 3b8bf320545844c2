#!/usr/bin/env bash
# setup.sh -- Gradescope runs this once when it builds the autograder image (Ubuntu 24.04).
# It installs the compiler and Criterion, and refuses a Criterion older than 2.4.1 (Ubuntu
# 22.04 ships 2.4.0-rc, whose runner the grader does not support).
set -euo pipefail
cd "${AUTOGRADER:-/autograder}/source"
sh tools/deps.sh cc criterion jq
if ! pkg-config --atleast-version=2.4.1 criterion; then
    echo "setup.sh: Criterion $(pkg-config --modversion criterion) is too old: the grader needs 2.4.1" \
         "or newer. Choose Gradescope's Ubuntu 24.04 base image." >&2
    exit 1
fi
# Everything but the student's files, built once: the tests hold no student code.
make --no-print-directory -s grader-bins
echo "setup.sh: ready (Criterion $(pkg-config --modversion criterion))"
