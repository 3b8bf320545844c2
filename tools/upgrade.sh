#!/bin/sh
# upgrade.sh -- takes a student's chapter files from an older release into this one.
#
# Usage: FROM=../old-release sh tools/upgrade.sh   (make upgrade FROM=...)
# Copies FROM/skeletons/NN_topic.c over skeletons/NN_topic.c for every chapter both releases
# have; this release's untouched file is kept as $O/upgrade/NN_topic.c.new. A chapter only the
# new release has keeps its fresh skeleton.
set -eu
O=${O:-build}
if [ -z "${FROM:-}" ] || [ ! -d "$FROM/skeletons" ]; then
    echo "upgrade: FROM must name the older release's folder (it has skeletons/), e.g." \
         "make upgrade FROM=../backprop-workbook-old" >&2
    exit 2
fi
if [ "$(cd "$FROM" && pwd)" = "$(pwd)" ]; then
    echo "upgrade: FROM=$FROM is this release itself" >&2
    exit 2
fi
mkdir -p "$O/upgrade"
for new in skeletons/[0-9][0-9]_*.c; do
    base=${new##*/}
    old="$FROM/skeletons/$base"
    if [ ! -f "$old" ]; then
        echo "$base: new in this release, kept as it is"
        continue
    fi
    if cmp -s "$old" "$new"; then
        echo "$base: unchanged"
        continue
    fi
    cp "$new" "$O/upgrade/$base.new"
    cp "$old" "$new"
    echo "$base: your work taken from $old (this release's file kept as $O/upgrade/$base.new)"
done
