#!/bin/sh
# plots.sh -- draws each chapter's figures from a chapter file: the C driver plots/NN_topic.c,
# linked with the chapter file, writes the data; plots/NN_topic.gp draws PNG and SVG.
#
# Called by `make plots` (your files, into build/plots/chNN/, PNG and SVG) and `make figures`
# (the reference, into chapters/NN-topic/fig/: PNG, SVG for the HTML handouts, PDF for the
# printed ones). Environment: IMPL, CH, BUILD, CC, and
# FIGURES=1 for the reference figures.
# A chapter whose code is not ready is skipped with a message naming the exercise to finish.
set -u
: "${IMPL:=skeletons}" "${CH:=}" "${BUILD:=build}" "${CC:=cc}" "${FIGURES:=0}"

status=0
matched=0
for driver in plots/[0-9][0-9]_*.c; do
    [ -f "$driver" ] || continue
    base=${driver##*/}
    nn=${base%%_*}
    if [ -n "$CH" ] && ! printf ' %s ' "$CH" | grep -Eq " 0?${nn#0} "; then
        continue
    fi
    matched=$((matched + 1))
    src="$IMPL/$base"
    chapter_dir=$(ls -d chapters/"$nn"-* 2>/dev/null | head -n 1)
    work="$BUILD/plots/ch$nn"
    mkdir -p "$work/data"
    if [ "$FIGURES" = 1 ]; then
        if [ -z "$chapter_dir" ]; then
            echo "ch$nn: no folder chapters/$nn-TOPIC/ for its figures: create it first"
            status=1
            continue
        fi
        out="$chapter_dir/fig"
        exts="png svg pdf"
    else
        out="$work"
        exts="png svg"
    fi
    mkdir -p "$out"
    if [ ! -f "$src" ]; then
        echo "ch$nn: no plots: $src is missing"
        status=1
        continue
    fi
    # The chapter files it builds on (`// @needs` lines of its test file), from the same folder.
    needs=""
    for need in $(sed -n 's|^// @needs \([0-9][0-9]_[A-Za-z0-9_]*\.c\)$|\1|p' "grader/$base" 2>/dev/null); do
        needs="$needs $IMPL/$need"
    done
    # shellcheck disable=SC2086
    if ! $CC -std=c11 -O2 -Ilib -Iplots -o "$work/plot" "$driver" plots/plot.c "$src" $needs \
            "$BUILD/libworkbook.a" -lm > "$work/compile.log" 2>&1; then
        echo "ch$nn: no plots: $src does not compile (make grade CH=$nn shows the errors)"
        status=1
        continue
    fi
    # The driver runs the chapter's code, which may hang or crash: bounded in time.
    timeout -k 2 60 "$work/plot" "$work/data" "$src" > "$work/plot.log" 2>&1
    rc=$?
    if [ $rc -ne 0 ]; then
        if [ $rc = 3 ]; then
            echo "ch$nn: no plots yet: $(tail -n 1 "$work/plot.log") (make grade CH=$nn checks it)"
        else
            echo "ch$nn: no plots: the driver stopped (status $rc) running $src; see $work/plot.log"
            status=1
        fi
        continue
    fi
    grep '^note:' "$work/plot.log" | sed "s/^/ch$nn: /"
    for ext in $exts; do
        if ! gnuplot -e "dir='$work/data'; out='$out'; ext='$ext'" "plots/${base%.c}.gp" \
                > "$work/gnuplot.log" 2>&1; then
            echo "ch$nn: gnuplot failed on plots/${base%.c}.gp; see $work/gnuplot.log"
            status=1
            continue 2
        fi
    done
    if [ "$FIGURES" = 1 ]; then
        echo "ch$nn: reference figures in $out/"
    else
        echo "ch$nn: your figures:      $(ls "$out"/*.png | tr '\n' ' ')"
        [ -n "$chapter_dir" ] && [ -d "$chapter_dir/fig" ] &&
            echo "      reference figures: $(ls "$chapter_dir"/fig/*.png | tr '\n' ' ')"
    fi
done
if [ $matched = 0 ]; then
    echo "plots: no chapter with plots matches CH=$CH" >&2
    status=2
fi
exit $status
