#!/bin/sh
# experiment.sh -- runs one experiment of a chapter on a chapter file and draws its figure:
# `make experiment CH=06 E=init` (yours), `make experiment-figures` (the reference's, for the
# notes). Without E it lists the experiments.
#
# An experiment is plots/experiments/NN_name.c (its driver, linked with the chapter file NN_*.c
# of IMPL and the files it names on `// @needs NN_topic.c` lines), NN_name.h (its core) and
# NN_name.gp (its figure); plots/experiments/experiment.h says more. The driver writes its data
# into BUILD/experiments/chNN/name/, prints its numbers and one `claim:` line per claim of the
# notes, each ending in `holds` or `DOES NOT HOLD`; the figure goes to BUILD/experiments/chNN/
# (PNG and SVG), drawn beside the reference's run (its curves.dat, kept in the chapter's fig/
# folder as name.dat), or, with FIGURES=1, to chapters/NN-topic/fig/ (PNG, SVG and PDF).
#
# Environment: IMPL (skeletons), CH, E (all: every experiment, of CH if given), BUILD (build), CC (cc), QUICK=1 (the small runs the
# workbook's own tests use), STRICT=1 (exit 1 when a claim does not hold), FIGURES=1.
# Exit status: 0 when it ran, and when the code is not ready yet (it names what to write, as
# make plots does); a claim that does not hold is reported, not an error. With STRICT=1, 1 for
# either. 2 for a bad CH or E, or a driver that stopped.
set -u
: "${IMPL:=skeletons}" "${CH:=}" "${E:=}" "${BUILD:=build}" "${CC:=cc}" "${QUICK:=}" \
  "${STRICT:=}" "${FIGURES:=}"

# One line per experiment: NN name description (the first line of its driver, after " -- ").
list() {
    for driver in plots/experiments/[0-9][0-9]_*.c; do
        [ -f "$driver" ] || continue
        base=${driver##*/}
        base=${base%.c}
        desc=$(sed -n '1s/^[^-]*-- //p' "$driver")
        printf '%s %s %s\n' "${base%%_*}" "${base#*_}" "$desc"
    done
}

# CH as two digits (6 and 06 both give 06), or empty.
nn=""
if [ -n "$CH" ]; then
    case $CH in
    *[!0-9]*|"") echo "experiment: CH=$CH is not a chapter number (e.g. CH=06)" >&2; exit 2 ;;
    esac
    nn=$(printf '%02d' "$(echo "$CH" | sed 's/^0*//; s/^$/0/')")
    if ! list | grep -q "^$nn "; then
        echo "experiment: no chapter matches CH=$CH; the experiments are in chapters $(list | cut -d' ' -f1 | sort -u | tr '\n' ' ')" >&2
        exit 2
    fi
fi

if [ -z "$E" ]; then
    echo "Experiments (make experiment CH=NN E=name; each draws its figure from your code):"
    list | awk -v nn="$nn" 'nn == "" || $1 == nn { d = $0; sub(/^[^ ]+ [^ ]+ /, "", d)
        printf "  CH=%s E=%-10s %s\n", $1, $2, d }'
    exit 0
fi

if [ "$E" = all ]; then
    status=0
    for e in $(list | awk -v nn="$nn" 'nn == "" || $1 == nn { print $1 ":" $2 }'); do
        CH=${e%%:*} E=${e#*:} sh "$0"
        rc=$?
        [ $rc -gt $status ] && status=$rc
    done
    exit $status
fi

matches=$(list | awk -v nn="$nn" -v e="$E" '$2 == e && (nn == "" || $1 == nn) { print $1 }')
case $(echo "$matches" | grep -c .) in
0)
    where=${nn:+ in chapter $nn}
    echo "experiment: no experiment E=$E$where; make experiment${nn:+ CH=$nn} lists them:" >&2
    list | awk -v nn="$nn" 'nn == "" || $1 == nn { printf "  CH=%s E=%s\n", $1, $2 }' >&2
    exit 2 ;;
1) nn=$matches ;;
*)
    echo "experiment: E=$E is in chapters $(echo "$matches" | tr '\n' ' ')- say which with CH=" >&2
    exit 2 ;;
esac

driver=plots/experiments/${nn}_$E.c
chapter_file=$(ls solutions/"$nn"_*.c skeletons/"$nn"_*.c 2>/dev/null | head -n 1)
chapter_file=${chapter_file##*/}
src="$IMPL/$chapter_file"
chapter_dir=$(ls -d chapters/"$nn"-* 2>/dev/null | head -n 1)
work="$BUILD/experiments/ch$nn"
data="$work/$E"
mkdir -p "$data"
if [ "$FIGURES" = 1 ]; then
    out="$chapter_dir/fig"
    exts="png svg pdf"
    ref=""
    mode=""
else
    out="$work"
    exts="png svg"
    ref="$chapter_dir/fig/$E.dat"
    [ -f "$ref" ] || ref=""
    mode=""
    [ "$QUICK" = 1 ] && mode=quick
fi
mkdir -p "$out"
if [ ! -f "$src" ]; then
    echo "ch$nn $E: $src is missing" >&2
    exit 2
fi
needs=""
for need in $(sed -n 's|^// @needs \([0-9][0-9]_[A-Za-z0-9_]*\.c\)$|\1|p' "$driver"); do
    needs="$needs $IMPL/$need"
done
echo "ch$nn $E: $(sed -n '1s/^[^-]*-- //p' "$driver")"
# shellcheck disable=SC2086
if ! $CC -std=c11 -O2 -Ilib -Iplots -o "$work/$E.run" "$driver" plots/plot.c "$src" $needs \
        "$BUILD/libworkbook.a" -lm > "$work/$E.compile.log" 2>&1; then
    echo "ch$nn $E: $src does not compile (make grade CH=$nn shows the errors; $work/$E.compile.log)" >&2
    exit 2
fi
# The driver runs the chapter's code, which may hang or crash: bounded in time.
timeout -k 2 300 "$work/$E.run" "$data" "$src" $mode > "$work/$E.log" 2> "$work/$E.err"
rc=$?
sed 's/^/  /' "$work/$E.log"
if [ $rc = 3 ]; then
    # the chapter of the file the message names (chapter 6's experiments need chapter 5's too)
    needs_msg=$(tail -n 1 "$work/$E.err")
    needs_ch=$(echo "$needs_msg" | sed -n 's|.*write it in \([^ ]*/\)\{0,1\}\([0-9][0-9]\)_[A-Za-z0-9_]*\.c.*|\2|p')
    echo "ch$nn $E: not yet: $needs_msg (make grade CH=${needs_ch:-$nn} checks it)"
    [ "$STRICT" = 1 ] && exit 1
    exit 0
elif [ $rc != 0 ]; then
    echo "ch$nn $E: the experiment stopped (status $rc) running $src:" >&2
    tail -n 5 "$work/$E.err" | sed 's/^/  /' >&2
    exit 2
fi
for ext in $exts; do
    if ! gnuplot -e "dir='$data'; out='$out'; ext='$ext'; ref='$ref'" "plots/experiments/${nn}_$E.gp" \
            > "$work/$E.gnuplot.log" 2>&1; then
        echo "ch$nn $E: gnuplot failed on plots/experiments/${nn}_$E.gp; see $work/$E.gnuplot.log" >&2
        exit 2
    fi
done
if [ "$FIGURES" = 1 ]; then
    # The reference's curves, drawn beside each student's own.
    [ -f "$data/curves.dat" ] && cp "$data/curves.dat" "$chapter_dir/fig/$E.dat"
    echo "ch$nn $E: reference figure in $out/ ($(cd "$out" && ls "$E".png "$E"_*.png 2>/dev/null | tr '\n' ' '))"
else
    figs=$(cd "$out" && ls "$E".png "$E"_*.png 2>/dev/null)
    for fig in $figs; do
        echo "ch$nn $E: your figure:      $out/$fig"
        [ -f "$chapter_dir/fig/$fig" ] && echo "       the reference's: $chapter_dir/fig/$fig"
    done
    echo "       the question it answers: $chapter_dir/notes.md, section Experiments"
fi
if grep -q '^claim: .*: DOES NOT HOLD$' "$work/$E.log"; then
    echo "ch$nn $E: $(grep -c '^claim: .*: DOES NOT HOLD$' "$work/$E.log") of $(grep -c '^claim: ' "$work/$E.log") claims of the notes do not hold for this run (make grade CH=$nn checks the code)"
    [ "$STRICT" = 1 ] && exit 1
fi
exit 0
