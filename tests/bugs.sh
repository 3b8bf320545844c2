#!/bin/sh
# bugs.sh -- plants every bug of the catalogue (tests/bugs/NN_topic.bugs) in a copy of the
# chapter's solution, grades the copy with the hidden tests, and checks that each expected test
# lost points with a message naming the function. Prints the catch rate and the survivors.
#
# Usage: sh tests/bugs.sh [NN...]     (default: every catalogue)
# Exit status: 0 when every bug was caught, 1 when one survived or a catalogue entry is stale.
set -u
O=${O:-build}
export O
work="$O/bugs"
rm -rf "$work"
mkdir -p "$work"
make --no-print-directory -s grader-parts || exit 1

caught=0 survived=0 stale=0
survivors=""
for cat in tests/bugs/[0-9][0-9]_*.bugs; do
    base=${cat##*/}
    base=${base%.bugs}
    nn=${base%%_*}
    [ $# -gt 0 ] && ! printf ' %s ' "$*" | grep -q " $nn " && continue
    # Split the catalogue: one folder per bug with meta (region, expected tests), old and new.
    awk -v dir="$work" -v file="$cat" '
        function flush() { if (id != "") { close(dir "/" id "/old"); close(dir "/" id "/new") } }
        /^[ \t]*#/ || /^[ \t]*$/ { next }
        /^bug / {
            flush(); id = $2; sub(/:$/, "", id)
            if (id !~ /^[A-Za-z0-9_]+$/) { printf "%s:%d: bad bug id `%s`\n", file, FNR, id > "/dev/stderr"; exit 2 }
            system("mkdir -p " dir "/" id); printf "" > (dir "/" id "/new"); printf "" > (dir "/" id "/old")
            desc = $0; sub(/^bug [^:]*: */, "", desc); print desc > (dir "/" id "/desc"); close(dir "/" id "/desc")
            next
        }
        id == "" { printf "%s:%d: expected `bug ID: description` first\n", file, FNR > "/dev/stderr"; exit 2 }
        $1 == "in"     { print $2 > (dir "/" id "/region"); close(dir "/" id "/region"); next }
        $1 == "expect" { $1 = ""; print > (dir "/" id "/expect"); close(dir "/" id "/expect"); next }
        $1 == "-"      { line = $0; sub(/^[ \t]*- ?/, "", line); print line > (dir "/" id "/old"); next }
        $1 == "+" || $0 ~ /^[ \t]*\+$/ { line = $0; sub(/^[ \t]*\+ ?/, "", line); print line > (dir "/" id "/new"); next }
        { printf "%s:%d: cannot read `%s`\n", file, FNR, $0 > "/dev/stderr"; exit 2 }
        END { flush() }
    ' "$cat" || exit 1

    for bug in "$work"/*/; do
        bug=${bug%/}
        id=${bug##*/}
        [ -f "$bug/desc" ] && [ ! -f "$bug/done" ] || continue
        touch "$bug/done"
        region=$(cat "$bug/region" 2>/dev/null)
        mkdir -p "$bug/impl"
        if [ -z "$region" ] || ! awk -v region="$region" -f tests/plant.awk "$bug/old" "$bug/new" \
                "solutions/$base.c" > "$bug/impl/$base.c"; then
            echo "STALE     $id: cannot be planted in solutions/$base.c (see the message above)"
            stale=$((stale + 1))
            continue
        fi
        make --no-print-directory -s grade IMPL="$bug/impl" CH="$nn" HIDDEN=1 \
            GRADE_OUT="$bug/grade" GRADE_LIMIT=60 > "$bug/grade.log" 2>&1
        json="$bug/grade/results.json"
        if [ "$(cat "$bug/grade/ch$nn/compile.status" 2>/dev/null)" != ok ]; then
            echo "STALE     $id: the planted copy does not compile, so it proves nothing ($bug/grade/ch$nn/compile.log)"
            stale=$((stale + 1))
            continue
        fi
        missed=""
        for t in $(cat "$bug/expect"); do
            ok=$(jq -r --arg n ": $t" --arg r "$region" \
                '[.tests[] | select(.name | endswith($n)) | select(.score < .max_score) |
                  select(.output | contains($r))] | length' "$json" 2>/dev/null)
            [ "$ok" = 1 ] || missed="$missed $t"
        done
        if [ -z "$missed" ]; then
            caught=$((caught + 1))
            printf 'caught    %-32s %s\n' "$id" "$(cat "$bug/desc")"
        else
            survived=$((survived + 1))
            survivors="$survivors $id"
            printf 'SURVIVED  %-32s %s\n          not caught by:%s (log: %s)\n' "$id" "$(cat "$bug/desc")" "$missed" "$bug/grade.log"
        fi
    done
done
total=$((caught + survived + stale))
echo "planted bugs: $caught of $total caught${survivors:+; survivors:$survivors}${stale:+}"
[ "$survived" = 0 ] && [ "$stale" = 0 ]
