#!/bin/sh
# status.sh -- where the student stands: for each chapter the points of its last grading, the
# exercises done, whether the chapter file changed since, and the next thing to do.
#
# Usage: sh tools/status.sh  (make status); reads $O/grade/chNN/summary.tsv, written by make grade.
# An exercise is done when every visible test of it passed at the last grading.
set -u
O=${O:-build}
IMPL=${IMPL:-skeletons}
next=""
printf '%-6s %-38s %9s %11s  %s\n' chapter file points exercises "last graded"
for skel in skeletons/[0-9][0-9]_*.c; do
    base=${skel##*/}
    nn=${base%%_*}
    src="$IMPL/$base"
    summary="$O/grade/ch$nn/summary.tsv"
    available=$(awk -v ch="ch$nn/" '!/^[ \t]*#/ && NF >= 5 && index($1, ch) == 1 && $4 == "visible" { s += $3 }
                                    END { print s + 0 }' grader/points.txt)
    exercises=$(awk -v ch="ch$nn/" '!/^[ \t]*#/ && NF >= 5 && index($1, ch) == 1 && !seen[$2]++ { n++ }
                                    END { print n + 0 }' grader/points.txt)
    # Results of another folder's files (IMPL=solutions, a submission) are not the student's.
    if [ -f "$summary" ] && [ "$(cat "$O/grade/ch$nn/source" 2>/dev/null)" != "$src" ]; then
        summary=/nonexistent
    fi
    if [ ! -f "$summary" ]; then
        printf '%-6s %-38s %9s %11s  %s\n' "ch$nn" "$src" "- / $available" "- / $exercises" "never"
        [ -n "$next" ] || next="run make grade CH=$nn, then edit $src"
        continue
    fi
    got=$(awk -F'\t' '!/^#/ && $1 !~ /hidden/ { s += $3 } END { print s + 0 }' "$summary")
    # Exercises whose every test passed (hidden ones count only if they ran).
    done_count=$(awk -F'\t' '!/^#/ { all[$2] = 1; if ($3 < $4) bad[$2] = 1 }
                             END { for (e in all) if (!(e in bad)) n++; print n + 0 }' "$summary")
    when="graded"
    if [ -f "$src" ] && [ "$src" -nt "$summary" ]; then
        when="your file changed since: make grade CH=$nn"
    fi
    printf '%-6s %-38s %9s %11s  %s\n' "ch$nn" "$src" "$got / $available" "$done_count / $exercises" "$when"
    if [ -z "$next" ]; then
        first=$(awk -F'\t' '!/^#/ && $3 < $4 { print $2 "\t" $1; exit }' "$summary")
        if [ -n "$first" ]; then
            next="edit $src: ${first%%	*} (the test ${first#*	} fails; make hint CH=$nn for a hint)"
        fi
    fi
done
echo
if [ -n "$next" ]; then
    echo "Next: $next"
else
    echo "Every chapter is graded with full marks. Well done."
fi
