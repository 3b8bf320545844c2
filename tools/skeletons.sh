#!/bin/sh
# skeletons.sh -- generates skeletons/ from solutions/ with tools/mkskel.awk.
#
#   sh tools/skeletons.sh write        regenerate skeletons/NN_topic.c for every solution;
#                                      a skeleton with uncommitted edits is left alone unless
#                                      FORCE=1 (someone may be solving the exercises in it)
#   sh tools/skeletons.sh check DIR    generate into DIR and fail if skeletons/ differs
#   sh tools/skeletons.sh generate EDITION DIR
#                                      write every skeleton of that edition (guided or
#                                      challenge, tools/mkskel.awk) into DIR
# EDITION=challenge with write: the challenge edition, into $O/skeletons-challenge/ (never
# committed: skeletons/ holds the guided edition, the default).
set -u
mode=${1:-}
edition=${EDITION:-guided}
case "$mode" in
write)
    dest=skeletons
    if [ "$edition" = challenge ]; then
        dest=${O:-build}/skeletons-challenge
        mode=generate
        mkdir -p "$dest"
    elif [ "$edition" != guided ]; then
        echo "skeletons: EDITION is guided (the default) or challenge, not \`$edition\`" >&2; exit 2
    fi ;;
check) dest=${2:?usage: skeletons.sh check DIR}; mkdir -p "$dest" ;;
generate)
    edition=${2:?usage: skeletons.sh generate EDITION DIR}
    dest=${3:?usage: skeletons.sh generate EDITION DIR}
    mkdir -p "$dest" ;;
*) echo "usage: sh tools/skeletons.sh write | check DIR | generate EDITION DIR" >&2; exit 2 ;;
esac

status=0
for sol in solutions/[0-9][0-9]_*.c; do
    [ -f "$sol" ] || continue
    base=${sol##*/}
    nn=${base%%_*}
    tmp="$dest/.$base.tmp"
    if ! awk -v chapter="$nn" -v edition="$edition" -f tools/mkskel.awk "$sol" > "$tmp"; then
        rm -f "$tmp"
        status=1
        continue
    fi
    if [ "$mode" = generate ]; then
        mv "$tmp" "$dest/$base"
        continue
    fi
    if [ "$mode" = check ]; then
        mv "$tmp" "$dest/$base"
        if ! cmp -s "$dest/$base" "skeletons/$base"; then
            echo "skeletons/$base is out of date with $sol (make skeletons regenerates it):" >&2
            diff -u "skeletons/$base" "$dest/$base" | head -n 20 >&2
            status=1
        fi
        continue
    fi
    if [ -f "skeletons/$base" ] && [ "${FORCE:-0}" != 1 ] &&
       git rev-parse --is-inside-work-tree >/dev/null 2>&1 &&
       ! git diff --quiet HEAD -- "skeletons/$base" 2>/dev/null; then
        echo "skeletons/$base has uncommitted edits: left alone (FORCE=1 overwrites them)" >&2
        rm -f "$tmp"
        status=1
        continue
    fi
    if cmp -s "$tmp" "skeletons/$base"; then
        rm -f "$tmp"
    else
        mv "$tmp" "skeletons/$base"
        echo "wrote skeletons/$base"
    fi
done
[ "$mode" = generate ] && [ "$status" = 0 ] && [ "${EDITION:-}" = challenge ] && [ "${1:-}" = write ] &&
    echo "wrote the challenge edition into $dest/ (skeletons/ keeps the guided edition)"
exit $status
