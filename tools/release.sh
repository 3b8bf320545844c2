#!/bin/sh
# release.sh -- packs the workbook for the people who use it.
#
#   sh tools/release.sh submit       build/submission.zip: exactly the student's chapter files
#                                    from skeletons/ (a flat zip, as the graders expect)
#   sh tools/release.sh gradescope   build/gradescope/autograder.zip: setup.sh, run_autograder and
#                                    the grader with its hidden tests (no solutions); with
#                                    EDITION=challenge, the challenge edition's fixed hints
#   sh tools/release.sh dist         build/dist/backprop-workbook/ and .tar.gz: the student
#                                    release (see below); EDITION=challenge for the challenge
#                                    edition (tools/mkskel.awk: no formula in the TODO blocks, the
#                                    headers or the fixed hints)
#
# The student release holds the skeletons, the notes and reference figures, the visible tests,
# the plots, the playground (make playground) and the grading machinery. It holds no solution code in any form, no hidden tests
# (their rows in the points table keep only their points, so students see how many points are
# left for submission) and no planted bugs. Its README is tools/dist/README.md.
set -eu
O=${O:-build}
mode=${1:-}
edition=${EDITION:-guided}
case "$edition" in
guided|challenge) ;;
*) echo "release: EDITION is guided (the default) or challenge, not \`$edition\`" >&2; exit 2 ;;
esac

chapter_files() { ls skeletons/[0-9][0-9]_*.c; }

case "$mode" in
submit)
    mkdir -p "$O"
    rm -f "$O/submission.zip"
    # shellcheck disable=SC2046
    (cd skeletons && zip -q -X "../$O/submission.zip" $(cd .. && chapter_files | sed 's|^skeletons/||'))
    echo "wrote $O/submission.zip:"
    unzip -l "$O/submission.zip" | sed -n 's/^ *[0-9][0-9]* .*  \([0-9][0-9]_.*\.c\)$/    \1/p'
    ;;
gradescope)
    stage="$O/gradescope/autograder"
    rm -rf "$O/gradescope"
    mkdir -p "$stage/tools"
    cp -R Makefile lib grader skeletons data "$stage/"
    # The fixed hints of the edition the students were given (the tests are the same).
    awk -v edition="$edition" -v hidden=keep -f tools/points.awk grader/points.txt > "$stage/grader/points.txt"
    cp tools/deps.sh tools/mkboundary.awk "$stage/tools/"
    cp tools/gradescope/setup.sh tools/gradescope/run_autograder "$stage/"
    (cd "$stage" && zip -q -r -X ../autograder.zip .)
    echo "wrote $O/gradescope/autograder.zip ($edition edition's hints; upload it as the autograder; base image Ubuntu 24.04)"
    ;;
dist)
    name=backprop-workbook
    stage="$O/dist/$name"
    rm -rf "$O/dist"
    mkdir -p "$stage/tools" "$stage/grader" "$stage/.github/workflows"
    cp -R Makefile lib plots chapters data "$stage/"
    # The skeletons and the headers of the edition asked for, from the one source: the guided
    # edition's are the committed skeletons/; a header's @formula and @challenge lines are kept
    # or dropped as tools/mkskel.awk does for the TODO blocks.
    if [ "$edition" = challenge ]; then
        sh tools/skeletons.sh generate challenge "$stage/skeletons"
    else
        cp -R skeletons "$stage/"
    fi
    for h in lib/*.h; do
        awk -v edition="$edition" -f tools/mkskel.awk "$h" > "$stage/$h"
    done
    # The editors' setup (.clangd, VS Code's tasks and launch configuration, the Codespaces container)
    cp -R .clangd .vscode .devcontainer "$stage/"
    # make playground: the page and its glue (not its tests, which need solutions/)
    mkdir -p "$stage/playground"
    cp playground/README.md playground/glue.c playground/glue.h playground/pg_math.c playground/pg_math.h \
       playground/index.html playground/playground.css playground/playground.js playground/playground.mk \
       "$stage/playground/"
    cp tools/deps.sh tools/status.sh tools/hint.sh tools/reset.sh tools/watch.sh tools/debug.sh \
       tools/release.sh tools/upgrade.sh tools/mkboundary.awk "$stage/tools/"
    # The untouched skeletons, from which make reset restores an exercise.
    mkdir -p "$stage/tools/pristine"
    cp "$stage"/skeletons/[0-9][0-9]_*.c "$stage/tools/pristine/"
    cp tools/dist/README.md "$stage/README.md"
    if [ "$edition" = challenge ]; then
        cat >> "$stage/README.md" <<'TEXT'

## This is the challenge edition

Each TODO block states what its function must compute, its shapes and every convention the
tests check, but not the formula: you work it out from the chapter's notes, and `make hint`
gives it in steps (a nudge, then the formula, then the shape of the code). A failed test says
what is wrong, as always; its fixed hint points to `make hint` instead of stating the formula.
TEXT
    fi
    printf 'build/\n*.o\n*.d\n' > "$stage/.gitignore"
    # The grader without its hidden tests; hidden rows keep only their chapter and points.
    for f in grader/*; do
        [ -f "$f" ] && cp "$f" "$stage/grader/"
    done
    # (In the challenge edition no fixed hint states a formula: each points to make hint.)
    awk -v edition="$edition" -v hidden=anonymise -f tools/points.awk grader/points.txt > "$stage/grader/points.txt"
    sh tools/classroom.sh > "$stage/.github/workflows/classroom.yml"
    tar -C "$O/dist" -czf "$O/dist/$name.tar.gz" "$name"
    echo "wrote $O/dist/$name/ and $O/dist/$name.tar.gz ($edition edition)"
    ;;
*)
    echo "usage: sh tools/release.sh submit | gradescope | dist" >&2
    exit 2
    ;;
esac
