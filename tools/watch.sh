#!/bin/sh
# watch.sh -- re-grades a chapter each time its file is saved, and shows where the book stands.
#
# Usage: sh tools/watch.sh   (make watch, or make watch CH=05 to watch one chapter)
# Each save of skeletons/NN_topic.c (IMPL=... for another folder) re-grades chapter NN, clears
# the screen and shows: a progress line for the whole book (exercises done / total, points),
# the chapter's score, and its first failing test with the reason and the hint, or its compile
# errors. Waits with inotifywait when it is there, else checks the files every second.
# Ctrl-C stops it. WATCH_ROUNDS=N stops after N re-grades (for the workbook's own tests).
set -u
O=${O:-build}
IMPL=${IMPL:-skeletons}
MAKE=${MAKE:-make}
rounds=${WATCH_ROUNDS:-0}
export O IMPL

trap 'echo; echo "watch: stopped."; exit 0' INT TERM

chapters_of() {   # the two-digit chapter numbers to watch
    if [ -n "${CH:-}" ]; then
        for c in $CH; do printf '%02d\n' "$(printf '%s' "$c" | sed 's/^0*//; s/^$/0/')"; done
    else
        ls skeletons/ | sed -n 's/^\([0-9][0-9]\)_.*\.c$/\1/p'
    fi
}
file_of() { ls "$IMPL"/"$1"_*.c 2>/dev/null | head -n 1; }

# Whole-book progress from the saved results of the student's own files.
progress() {
    done_ex=0 all_ex=0 got=0 max=0
    for p_skel in skeletons/[0-9][0-9]_*.c; do
        p_base=${p_skel##*/}
        p_nn=${p_base%%_*}
        max=$((max + $(awk -v ch="ch$p_nn/" '!/^[ \t]*#/ && NF >= 5 && index($1, ch) == 1 && $4 == "visible" { s += $3 } END { print s + 0 }' grader/points.txt)))
        all_ex=$((all_ex + $(awk -v ch="ch$p_nn/" '!/^[ \t]*#/ && NF >= 5 && index($1, ch) == 1 && !seen[$2]++ { n++ } END { print n + 0 }' grader/points.txt)))
        p_summary="$O/grade/ch$p_nn/summary.tsv"
        [ -f "$p_summary" ] && [ "$(cat "$O/grade/ch$p_nn/source" 2>/dev/null)" = "$IMPL/$p_base" ] || continue
        got=$((got + $(awk -F'\t' '!/^#/ && $1 !~ /hidden/ { s += $3 } END { print s + 0 }' "$p_summary")))
        done_ex=$((done_ex + $(awk -F'\t' '!/^#/ { all[$2] = 1; if ($3 < $4) bad[$2] = 1 } END { for (e in all) if (!(e in bad)) n++; print n + 0 }' "$p_summary")))
    done
    echo "Book: $done_ex of $all_ex exercises done, $got of $max points"
}

# Grades chapter $1 and shows the screen.
show() {
    nn=$1
    $MAKE --no-print-directory -s grade CH="$nn" IMPL="$IMPL" NO_COLOR=1 > "$O/watch.out" 2>&1
    if [ -t 1 ]; then printf '\033[H\033[2J'; else echo "----------------------------------------"; fi
    echo "Backprop Workbook -- watching $IMPL/ (Ctrl-C to stop)   $(date +%H:%M:%S)"
    progress
    echo
    sed -n "s/^\(ch$nn -- .*\)$/\1/p" "$O/watch.out"
    awk '
        /^(DOES NOT COMPILE|MISSING FILE)$/ { show = 1 }
        /^  (FAIL|CRASH|TIMEOUT|EXIT|STOPPED|NOT RUN) / && !shown { show = 1; shown = 1; print; next }
        show && /^  [A-Z]/ { exit }
        show && /^ch[0-9]/ { exit }
        show { print }' "$O/watch.out"
    if ! grep -q '^  \(FAIL\|CRASH\|TIMEOUT\|EXIT\|STOPPED\|NOT RUN\|NO BUILD\|MISSING\)' "$O/watch.out" &&
       grep -q "^ch$nn -- " "$O/watch.out"; then
        echo "  Every visible test of chapter $nn passes."
        sed -n 's/^note: /  note: /p' "$O/watch.out"
    fi
    grep -q "^ch$nn -- " "$O/watch.out" || sed -n '1,15p' "$O/watch.out"
}

stamp() {   # a fingerprint of the watched files' modification times
    for s_nn in $(chapters_of); do s_f=$(file_of "$s_nn"); [ -n "$s_f" ] && ls -l --time-style=+%s.%N "$s_f" 2>/dev/null; done | cksum
}

mkdir -p "$O"
# Grade every watched chapter once, so that the progress line starts right.
first=""
for nn in $(chapters_of); do
    [ -n "$(file_of "$nn")" ] || continue
    GRADE_NOTES=0 $MAKE --no-print-directory -s grade CH="$nn" IMPL="$IMPL" > /dev/null 2>&1
    [ -n "$first" ] || first=$nn
done
if [ -z "$first" ]; then
    echo "watch: no chapter file to watch in $IMPL/ (CH=${CH:-all})" >&2
    exit 2
fi
show "$first"
count=0
last=$(stamp)
while :; do
    if command -v inotifywait > /dev/null 2>&1; then
        inotifywait -q -t 2 -e close_write,moved_to,create "$IMPL" > /dev/null 2>&1
    else
        sleep 1
    fi
    now=$(stamp)
    [ "$now" = "$last" ] && continue
    last=$now
    # The chapter whose file changed last.
    changed=$(for nn in $(chapters_of); do f=$(file_of "$nn"); [ -n "$f" ] && echo "$f"; done |
              xargs ls -t 2>/dev/null | head -n 1)
    nn=$(basename "$changed" | cut -c1-2)
    show "$nn"
    count=$((count + 1))
    [ "$rounds" -gt 0 ] && [ "$count" -ge "$rounds" ] && exit 0
done
