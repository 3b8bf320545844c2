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
#     in REGION                 the exercise (region) the lines are in
#     expect TEST [TEST...]     tests that must lose points (names without the chNN/ suffix)
#     reason TEXT               optional: each expected test's message must contain TEXT
#     others pass               optional: every other test must keep its full points
#     needs root                optional: skipped (and said so) unless running as root
#     settle SECONDS            optional: wait this long after grading before checking the
#                               results (for code that leaves a process behind to tamper later)
#     - old line                lines of the solution, consecutive, matched without indentation
#     + new line                their replacement (none: the old lines are deleted)
# Exit status: 0 when every bug was caught, 1 when one survived or an entry is stale (no longer
# matches the solution, or the planted copy does not compile and so proves nothing).
set -u
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
make --no-print-directory -s grader-parts || exit 1

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
    awk -v dir="$work/$base" -v file="$cat" '
        function put(name, text) { print text > (dir "/" id "/" name); close(dir "/" id "/" name) }
        /^[ \t]*#/ || /^[ \t]*$/ { next }
        /^bug / {
            if (id != "") { close(dir "/" id "/old"); close(dir "/" id "/new") }
            id = $2; sub(/:$/, "", id)
            if (id !~ /^[A-Za-z0-9_]+$/) { printf "%s:%d: bad bug id `%s`\n", file, FNR, id > "/dev/stderr"; exit 2 }
            if (id in seen) { printf "%s:%d: the bug id %s is used twice\n", file, FNR, id > "/dev/stderr"; exit 2 }
            seen[id] = 1
            system("mkdir -p \"" dir "/" id "\"")
            printf "" > (dir "/" id "/old"); printf "" > (dir "/" id "/new")
            desc = $0; sub(/^bug [^:]*: */, "", desc); put("desc", desc)
            next
        }
        id == "" { printf "%s:%d: expected `bug ID: description` first\n", file, FNR > "/dev/stderr"; exit 2 }
        $1 == "in"     { put("region", $2); next }
        $1 == "expect" { $1 = ""; put("expect", $0); next }
        $1 == "reason" { line = $0; sub(/^[ \t]*reason[ \t]+/, "", line); put("reason", line); next }
        $1 == "others" && $2 == "pass" { put("others", "pass"); next }
        $1 == "needs" && $2 == "root" { put("root", "yes"); next }
        $1 == "settle" && $2 ~ /^[0-9]+$/ { put("settle", $2); next }
        $1 == "-"      { line = $0; sub(/^[ \t]*- ?/, "", line); print line > (dir "/" id "/old"); next }
        $1 == "+" || $0 ~ /^[ \t]*\+$/ { line = $0; sub(/^[ \t]*\+ ?/, "", line); print line > (dir "/" id "/new"); next }
        { printf "%s:%d: cannot read `%s`\n", file, FNR, $0 > "/dev/stderr"; exit 2 }
    ' "$cat" || exit 1

    for bug in "$work/$base"/*/; do
        bug=${bug%/}
        id=${bug##*/}
        [ -f "$bug/desc" ] || continue
        if [ -f "$bug/root" ] && [ "$(id -u)" != 0 ]; then
            printf 'skipped   %-36s       needs root (as on CI and Gradescope)\n' "$base/$id"
            skipped=$((skipped + 1))
            continue
        fi
        region=$(cat "$bug/region" 2>/dev/null)
        mkdir -p "$bug/impl"
        # The other chapter files this one builds on (// @needs) come from the solutions.
        for need in $(sed -n 's|^// @needs \([0-9][0-9]_[A-Za-z0-9_]*\.c\)$|\1|p' "grader/$base.c"); do
            cp "solutions/$need" "$bug/impl/"
        done
        if [ -z "$region" ] || ! awk -v region="$region" -f tests/plant.awk "$bug/old" "$bug/new" \
                "solutions/$base.c" > "$bug/impl/$base.c"; then
            echo "STALE     $base/$id: cannot be planted in solutions/$base.c (see the message above)"
            stale=$((stale + 1))
            continue
        fi
        started=$(date +%s)
        make --no-print-directory -s grade IMPL="$bug/impl" CH="$nn" HIDDEN=1 \
            GRADE_OUT="$bug/grade" GRADE_LIMIT=60 > "$bug/grade.log" 2>&1
        seconds=$(( $(date +%s) - started ))
        [ -f "$bug/settle" ] && sleep "$(cat "$bug/settle")"
        json="$bug/grade/results.json"
        if [ "$(cat "$bug/grade/ch$nn/compile.status" 2>/dev/null)" != ok ]; then
            echo "STALE     $base/$id: the planted copy does not compile, so it proves nothing ($bug/grade/ch$nn/compile.log)"
            stale=$((stale + 1))
            continue
        fi
        reason=$(cat "$bug/reason" 2>/dev/null)
        missed=""
        for t in $(cat "$bug/expect"); do
            ok=$(jq -r --arg n ": $t" --arg r "$region" --arg why "$reason" \
                '[.tests[] | select(.name | endswith($n)) | select(.score < .max_score) |
                  select(.output | contains($r)) | select(.output | contains($why))] | length' \
                "$json" 2>/dev/null)
            [ "$ok" = 1 ] || missed="$missed $t"
        done
        spoiled=""
        if [ -f "$bug/others" ]; then
            spoiled=$(jq -r --arg expect " $(cat "$bug/expect") " \
                '.tests[] | select(.score < .max_score) |
                 select(.name | split(": ") | .[-1] as $t | $expect | contains(" " + $t + " ") | not) |
                 .name' "$json" 2>/dev/null | tr '\n' ' ')
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
