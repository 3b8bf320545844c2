#!/bin/sh
# bugs.sh -- plants every bug of a catalogue in a copy of the chapter's solution, grades the copy
# with the hidden tests, and checks that each expected test lost points with a message naming
# the function. Prints the catch rate and the survivors.
#
# Usage: sh tests/bugs.sh [--dir DIR] [NN...]
#   DIR   the catalogues, DIR/NN_topic.bugs (default tests/bugs; tests/hostile has the hostile
#         code, whose checks are stricter: see `reason` and `others` below)
#   NN    only these chapters (default: every catalogue in DIR)
#
# Catalogue format, one entry per bug:
#   bug ID: what the student did
#     in REGION                 the exercise (region) the lines are in (NN_topic.c:REGION: in a
#                               file the chapter builds on, // @needs); `in (file)`: the new
#                               lines are added at the end of the file (no old lines), for code
#                               at file scope (a constructor, a definition). An entry may plant
#                               in several places: each `in` starts a step with its own - and +
#                               lines, applied in order; then the expected tests need not name
#                               the first region (the honest bug and the attack are separate)
#     base skeleton             optional: plant in the skeleton, not the solution
#     expect TEST [TEST...]     tests that must lose points (names without the chNN/ suffix);
#                               `expect all`: every test of the chapter must score 0
#     reason TEXT               optional: each expected test's message must contain TEXT; may
#                               repeat (every TEXT)
#     not TEXT                  optional: no expected test's message (with the hint it is shown
#                               with) may contain TEXT -- a misleading diagnosis; may repeat
#     only TEST [TEST...]       optional: grade only these tests (make grade TEST=...), which
#                               saves time when the point is what those tests say (in
#                               tests/bugs/, the expected tests are the default: see below)
#     others pass               optional: every other test must keep its full points
#     refused TEXT              the chapter must not build: every test scores 0 and the
#                               compiler's or the checks' message contains TEXT
#     never TEXT                results.json and what make grade printed must not contain TEXT
#                               (a line of a file the student must not see); may repeat
#     unchecked                 grade with GRADE_UNCHECKED=1: grader/objcheck.sh reports but
#                               refuses nothing, so that the sandbox alone is shown to hold
#     names -                   optional: the expected tests need not name the region (the
#                               message names the function the test called, which called it)
#     build-limit SECONDS       optional: GRADE_BUILD_LIMIT for this entry (a compiler bomb)
#     max-bytes N               results.json and what make grade printed stay under N bytes
#     test-seconds S            optional: GRADE_TEST_SECONDS, a shorter time per test (for code
#                               that never returns: the point is that it is stopped, not when)
#   In + lines, @ROOT@ stands for this checkout's absolute path.
#     needs root                optional: skipped (and said so) unless running as root
#     settle SECONDS            optional: wait this long after grading before checking the
#                               results (for code that leaves a process behind to tamper later)
#     - old line                lines of the solution, consecutive, matched without indentation
#     + new line                their replacement (none: the old lines are deleted)
# Exit status: 0 when every bug was caught, 1 when one survived or an entry is stale (no longer
# matches the solution, or the planted copy does not compile and so proves nothing).
# The copies are planted first, then graded BUGS_JOBS at a time (default: one per core, each with
# one test at a time), then checked in the catalogue's order.
set -u

# One planted copy graded (the catalogue runs these BUGS_JOBS at a time): --grade BUG NN.
if [ "${1:-}" = --grade ]; then
    bug=$2 nn=$3
    unchecked=0
    [ -f "$bug/unchecked" ] && unchecked=1
    started=$(date +%s)
    # make grade's own variables (grade-env), the grader built once before (grader-bins).
    eval "$GRADE_ENV"
    export BUILD CC STUDENT_CFLAGS LINK_LIBS GRADE_MODE SIDE
    only=$(cat "$bug/only" 2>/dev/null)
    case $only in
    *" "*) only="@($(echo $only | tr ' ' '|'))" ;;
    esac
    TEST=$only GRADE_UNCHECKED=$unchecked GRADE_BUILD_LIMIT=$(cat "$bug/build-limit" 2>/dev/null || echo 20) \
        GRADE_TEST_SECONDS=$(cat "$bug/test-seconds" 2>/dev/null) MAKE_SUITE=true \
        GRADE_JOBS=${GRADE_JOBS:-2} IMPL="$bug/impl" CH="$nn" HIDDEN=1 GRADE_OUT="$bug/grade" \
        GRADE_LIMIT=60 sh grader/grade.sh > "$bug/grade.log" 2>&1
    echo $(( $(date +%s) - started )) > "$bug/seconds"
    exit 0
fi

dir=tests/bugs
if [ "${1:-}" = --dir ]; then
    dir=${2:?usage: bugs.sh [--dir DIR] [NN...]}
    shift 2
fi
O=${O:-build}
export O
work="$O/bugs/$(basename "$dir")"
rm -rf "$work"
mkdir -p "$work"
make --no-print-directory -s grader-bins || exit 1
GRADE_ENV=$(make --no-print-directory -s grade-env) || exit 1
export GRADE_ENV
jobs=$(nproc 2>/dev/null || echo 2)

caught=0 survived=0 stale=0 skipped=0
survivors=""
for cat in "$dir"/[0-9][0-9]_*.bugs; do
    [ -f "$cat" ] || continue
    base=${cat##*/}
    base=${base%.bugs}
    nn=${base%%_*}
    if [ $# -gt 0 ] && ! printf ' %s ' "$*" | grep -q " $nn "; then
        continue
    fi
    # Split the catalogue: one folder per bug with its parts as files.
    awk -v dir="$work/$base" -v file="$cat" -v root="$(pwd)" '
        function put(name, text) { print text > (dir "/" id "/" name); close(dir "/" id "/" name) }
        /^[ \t]*#/ || /^[ \t]*$/ { next }
        /^bug / {
            if (id != "") for (k = 1; k <= step; k++) { close(dir "/" id "/old." k); close(dir "/" id "/new." k) }
            id = $2; sub(/:$/, "", id)
            if (id !~ /^[A-Za-z0-9_]+$/) { printf "%s:%d: bad bug id `%s`\n", file, FNR, id > "/dev/stderr"; exit 2 }
            if (id in seen) { printf "%s:%d: the bug id %s is used twice\n", file, FNR, id > "/dev/stderr"; exit 2 }
            seen[id] = 1
            system("mkdir -p \"" dir "/" id "\"")
            step = 0
            desc = $0; sub(/^bug [^:]*: */, "", desc); put("desc", desc)
            next
        }
        id == "" { printf "%s:%d: expected `bug ID: description` first\n", file, FNR > "/dev/stderr"; exit 2 }
        $1 == "in"     { if (++step == 1) put("region", $2); put("region." step, $2)
                         printf "" > (dir "/" id "/old." step); printf "" > (dir "/" id "/new." step); next }
        $1 == "expect" { $1 = ""; put("expect", $0); next }
        $1 == "reason" { line = $0; sub(/^[ \t]*reason[ \t]+/, "", line); f = dir "/" id "/reason"; print line >> f; close(f); next }
        $1 == "not"    { line = $0; sub(/^[ \t]*not[ \t]+/, "", line); f = dir "/" id "/not"; print line >> f; close(f); next }
        $1 == "only"   { $1 = ""; sub(/^ +/, ""); put("only", $0); next }
        $1 == "refused" { line = $0; sub(/^[ \t]*refused[ \t]+/, "", line); put("refused", line); next }
        $1 == "never" { line = $0; sub(/^[ \t]*never[ \t]+/, "", line); print line >> (dir "/" id "/never"); next }
        $1 == "unchecked" { put("unchecked", "yes"); next }
        $1 == "names" && $2 == "-" { put("anonymous", "yes"); next }
        $1 == "build-limit" && $2 ~ /^[0-9]+$/ { put("build-limit", $2); next }
        $1 == "max-bytes" && $2 ~ /^[0-9]+$/ { put("max-bytes", $2); next }
        $1 == "test-seconds" && $2 ~ /^[0-9.]+$/ { put("test-seconds", $2); next }
        $1 == "base" && $2 == "skeleton" { put("base", "skeletons"); next }
        $1 == "others" && $2 == "pass" { put("others", "pass"); next }
        $1 == "needs" && $2 == "root" { put("root", "yes"); next }
        $1 == "settle" && $2 ~ /^[0-9]+$/ { put("settle", $2); next }
        ($1 == "-" || $1 == "+" || $0 ~ /^[ \t]*\+$/) && step == 0 { printf "%s:%d: lines before any `in REGION`\n", file, FNR > "/dev/stderr"; exit 2 }
        $1 == "-"      { line = $0; sub(/^[ \t]*- ?/, "", line); print line > (dir "/" id "/old." step); next }
        $1 == "+" || $0 ~ /^[ \t]*\+$/ { line = $0; sub(/^[ \t]*\+ ?/, "", line); gsub(/@ROOT@/, root, line)
                                          print line > (dir "/" id "/new." step); next }
        { printf "%s:%d: cannot read `%s`\n", file, FNR, $0 > "/dev/stderr"; exit 2 }
    ' "$cat" || exit 1

    # 1. Plant every bug of the catalogue.
    for bug in "$work/$base"/*/; do
        bug=${bug%/}
        [ -f "$bug/desc" ] || continue
        if [ -f "$bug/root" ] && [ "$(id -u)" != 0 ]; then
            echo skip > "$bug/state"
            continue
        fi
        mkdir -p "$bug/impl"
        # The other chapter files this one builds on (// @needs) come from the solutions.
        for need in $(sed -n 's|^// @needs \([0-9][0-9]_[A-Za-z0-9_]*\.c\)$|\1|p' "grader/$base.c"); do
            cp "solutions/$need" "$bug/impl/"
        done
        from="$(cat "$bug/base" 2>/dev/null || echo solutions)/$base.c"
        cp "$from" "$bug/impl/$base.c"
        planted=1 steps=0
        for r in "$bug"/region.*; do
            [ -f "$r" ] || continue
            k=${r##*.} where=$(cat "$r")
            steps=$((steps + 1))
            # NN_topic.c:REGION plants in a file this chapter builds on (// @needs).
            target="$bug/impl/$base.c"
            case $where in
            [0-9][0-9]_*.c:*) target="$bug/impl/${where%%:*}" where=${where#*:} ;;
            esac
            if [ "$where" = "(file)" ] && [ ! -s "$bug/old.$k" ]; then
                cat "$bug/new.$k" >> "$target"
            elif [ "$where" = "(file)" ] || [ ! -f "$target" ] ||
                 ! awk -v region="$where" -f tests/plant.awk "$bug/old.$k" "$bug/new.$k" \
                     "$target" > "$bug/impl/planted.c" 2> "$bug/plant.err"; then
                planted=0
            else
                mv "$bug/impl/planted.c" "$target"
            fi
        done
        echo "$steps" > "$bug/steps"
        # A planted bug of tests/bugs/ is graded on its expected tests only: nothing else of
        # its grading is looked at, and Criterion costs a process per test. (Not where an entry
        # looks further: `expect all`, `others`, `never`, `refused`, `max-bytes`, nor outside
        # tests/bugs/, whose hostile and feedback entries say where they need every test.)
        if [ "$dir" = tests/bugs ] && [ ! -f "$bug/only" ]; then
            e=$(cat "$bug/expect" 2>/dev/null)
            case " $e " in *" all "*) e="" ;; esac
            for f in others never refused max-bytes; do [ -f "$bug/$f" ] && e=""; done
            [ -z "$(echo $e)" ] || echo $e > "$bug/only"
        fi
        if [ ! -f "$bug/region" ] || [ "$planted" = 0 ]; then
            echo stale > "$bug/state"
        else
            echo planted > "$bug/state"
        fi
    done

    # 2. Grade the planted copies, several at once.
    for bug in "$work/$base"/*/; do
        [ "$(cat "$bug/state" 2>/dev/null)" = planted ] && printf '%s\n' "${bug%/}"
    done | xargs -P "${BUGS_JOBS:-$jobs}" -I{} env GRADE_JOBS=1 sh tests/bugs.sh --grade {} "$nn"

    # 3. Check each, in order.
    for bug in "$work/$base"/*/; do
        bug=${bug%/}
        id=${bug##*/}
        [ -f "$bug/desc" ] || continue
        case $(cat "$bug/state") in
        skip)
            printf 'skipped   %-36s       needs root (as on CI and Gradescope)\n' "$base/$id"
            skipped=$((skipped + 1))
            continue ;;
        stale)
            cat "$bug/plant.err" 2>/dev/null
            echo "STALE     $base/$id: cannot be planted in $(cat "$bug/base" 2>/dev/null || echo solutions)/$base.c"
            stale=$((stale + 1))
            continue ;;
        esac
        region=$(cat "$bug/region")
        steps=$(cat "$bug/steps")
        seconds=$(cat "$bug/seconds" 2>/dev/null || echo '?')
        [ -f "$bug/settle" ] && sleep "$(cat "$bug/settle")"
        json="$bug/grade/results.json"
        built=$(cat "$bug/grade/ch$nn/compile.status" 2>/dev/null)
        missed="" spoiled=""
        if [ -f "$bug/refused" ]; then
            # Refused: it must not build, every test scores 0, and the message says why.
            why=$(cat "$bug/refused")
            [ "$built" != ok ] || missed="$missed (it built)"
            [ "$(jq '[.tests[] | select(.score > 0)] | length' "$json" 2>/dev/null)" = 0 ] ||
                missed="$missed (tests scored)"
            jq -r '.tests[0].output' "$json" 2>/dev/null | grep -qF -- "$why" ||
                missed="$missed (no message with: $why)"
        elif [ "$built" != ok ]; then
            echo "STALE     $base/$id: the planted copy does not compile, so it proves nothing ($bug/grade/ch$nn/compile.log)"
            stale=$((stale + 1))
            continue
        fi
        if [ -f "$bug/max-bytes" ]; then
            for f in "$json" "$bug/grade.log"; do
                [ "$(wc -c < "$f")" -le "$(cat "$bug/max-bytes")" ] ||
                    spoiled="$spoiled ($f is $(wc -c < "$f") bytes)"
            done
        fi
        if [ -f "$bug/never" ]; then
            while IFS= read -r secret; do
                if grep -qF -- "$secret" "$json" "$bug/grade.log" 2>/dev/null; then
                    spoiled="$spoiled (it saw: $secret)"
                fi
            done < "$bug/never"
        fi
        expect=$(cat "$bug/expect" 2>/dev/null)
        if [ "$expect" = " all" ] || [ "$expect" = all ]; then
            [ "$(jq '[.tests[] | select(.score > 0)] | length' "$json" 2>/dev/null)" = 0 ] ||
                missed="$missed (a test scored)"
            expect=""
        fi
        named=${region#[0-9][0-9]_*.c:}
        { [ "$region" = "(file)" ] || [ "$steps" -gt 1 ] || [ -f "$bug/anonymous" ]; } && named=""
        # Each expected test: lost points, names the region, says every reason and no `not`.
        reasons='[]' nots='[]'
        [ ! -f "$bug/reason" ] || reasons=$(jq -Rn '[inputs]' "$bug/reason")
        [ ! -f "$bug/not" ] || nots=$(jq -Rn '[inputs]' "$bug/not")
        for t in $expect; do
            ok=$(jq -r --arg n ": $t" --arg r "$named" --argjson why "$reasons" --argjson nots "$nots" \
                '[.tests[] | select(.name | endswith($n)) | select(.score < .max_score) |
                  select(.output | contains($r)) | select(.output as $o | all($why[]; . as $w | $o | contains($w))) |
                  select(.output as $o | any($nots[]; . as $w | $o | contains($w)) | not)] | length' \
                "$json" 2>/dev/null)
            [ "$ok" = 1 ] || missed="$missed $t"
        done
        reason=$(cat "$bug/reason" 2>/dev/null | tr '\n' '|' | sed 's/|$//')
        [ ! -f "$bug/not" ] || reason="$reason${reason:+; }none of: $(tr '\n' '|' < "$bug/not" | sed 's/|$//')"
        if [ -f "$bug/others" ]; then
            spoiled="$spoiled$(jq -r --arg expect " $(cat "$bug/expect" 2>/dev/null) " \
                '.tests[] | select(.score < .max_score) |
                 select(.name | split(": ") | .[-1] as $t | $expect | contains(" " + $t + " ") | not) |
                 .name' "$json" 2>/dev/null | tr '\n' ' ')"
            jq -e . "$json" > /dev/null 2>&1 || spoiled="$spoiled (results.json is not valid)"
        fi
        if [ -z "$missed" ] && [ -z "$spoiled" ]; then
            caught=$((caught + 1))
            printf 'caught    %-36s %3ss  %s\n' "$base/$id" "$seconds" "$(cat "$bug/desc")"
        else
            survived=$((survived + 1))
            survivors="$survivors $base/$id"
            printf 'SURVIVED  %-36s %3ss  %s\n' "$base/$id" "$seconds" "$(cat "$bug/desc")"
            [ -z "$missed" ] || printf '          not caught by:%s%s\n' "$missed" \
                "${reason:+ (with the reason \"$reason\")}"
            [ -z "$spoiled" ] || printf '          and other tests lost points: %s\n' "$spoiled"
            printf '          log: %s\n' "$bug/grade.log"
        fi
    done
done
total=$((caught + survived + stale))
summary="$(basename "$dir"): $caught of $total caught"
[ -z "$survivors" ] || summary="$summary; survivors:$survivors"
[ "$stale" = 0 ] || summary="$summary; $stale stale"
[ "$skipped" = 0 ] || summary="$summary; $skipped skipped (they need root)"
echo "$summary"
[ "$survived" = 0 ] && [ "$stale" = 0 ]
