#!/bin/sh
# debug.sh -- runs one test under gdb, stopped at the start of the function it grades.
#
# Usage: TEST=name sh tools/debug.sh   (make debug TEST=name [IMPL=...])
# The test is found in grader/points.txt (its chapter and the exercise it grades); make grade
# builds the chapter's test binary; Criterion runs the test under gdbserver (--debug=gdb, no time
# limit) and gdb connects to it with a breakpoint on the exercise. GDB_BATCH=1 runs gdb without
# a prompt (bt, then continue), for the workbook's own tests.
# DEBUG_SERVER=PORT starts no gdb: the test waits on localhost:PORT for a debugger (the launch
# configuration of .vscode/launch.json), which finds the test binary at $O/grade/debug/tests and
# the breakpoint in $O/grade/debug/break.gdb.
set -u
O=${O:-build}
IMPL=${IMPL:-skeletons}
MAKE=${MAKE:-make}
test=${TEST:-}
if [ -z "$test" ]; then
    echo "debug: say which test, e.g. make debug TEST=predict_uses_every_feature (names: make grade)" >&2
    exit 2
fi
case ${DEBUG_SERVER:-} in
*[!0-9]*) echo "debug: DEBUG_SERVER must be a port number, not $DEBUG_SERVER" >&2; exit 2 ;;
esac
row=$(awk -v t="$test" '!/^[ \t]*#/ && NF >= 5 { split($1, p, "/"); if (p[2] == t || $1 == t) { print $1, $2; exit } }' grader/points.txt)
if [ -z "$row" ]; then
    echo "debug: no test named $test in grader/points.txt" >&2
    exit 2
fi
full=${row% *}
exercise=${row#* }
chapter=${full%%/*}
nn=${chapter#ch}
$MAKE --no-print-directory -s grade CH="$nn" IMPL="$IMPL" TEST="${full#*/}" NO_COLOR=1 DEBUG=1 \
    GRADE_OUT="$O/grade/debug" || true
bin="$O/grade/debug/$chapter/tests"
if [ ! -x "$bin" ]; then
    echo "debug: the chapter did not build; fix the compile errors above first" >&2
    exit 1
fi
port=$((20000 + $$ % 20000))
if [ -n "${DEBUG_SERVER:-}" ]; then
    ln -sfn "$chapter/tests" "$O/grade/debug/tests"
    printf 'break %s\n' "$exercise" > "$O/grade/debug/break.gdb"
    echo "Starting $full for a debugger on localhost:$DEBUG_SERVER; it stops in $exercise."
    GRADE_SOURCE="$IMPL" "$bin" --debug=gdb --debug-transport="tcp:$DEBUG_SERVER" --filter "$full" -j1
    exit 0   # a failing test is no failure of this command
fi
echo "Starting $full under gdb, stopped in $exercise; gdb commands: next, step, print VAR, bt, continue, quit."
GRADE_SOURCE="$IMPL" "$bin" --debug=gdb --debug-transport="tcp:$port" --filter "$full" -j1 \
    > "$O/grade/debug/$chapter/debug.log" 2>&1 &
server=$!
sleep 1
if [ "${GDB_BATCH:-0}" = 1 ]; then
    gdb -q -batch -ex "target remote localhost:$port" -ex "break $exercise" -ex continue \
        -ex bt -ex "info args" -ex continue "$bin"
else
    gdb -q -ex "target remote localhost:$port" -ex "break $exercise" -ex continue "$bin"
fi
kill "$server" 2>/dev/null
wait "$server" 2>/dev/null
exit 0
