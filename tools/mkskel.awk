# mkskel.awk -- turns a reference solution into the student's skeleton.
#
# Usage: awk -v chapter=01 -f tools/mkskel.awk solutions/01_perceptron.c > skeletons/01_perceptron.c
#
# In the solution, an exercise is a region of lines
#     // @begin NAME          NAME is the function's name, [A-Za-z0-9_]
#     // @todo TEXT           the contract the grader checks, in the code's own names
#     // @stub CODE           what the skeleton runs instead (returns NaN or -1, never a plausible value)
#     ...solution lines...
#     // @end NAME
# Outside the regions every line is copied as it is. Inside, the solution lines are dropped,
# the @todo lines become one TODO comment and the @stub lines become code, indented as the
# marker was:
#     // TODO(ch01 NAME):
#     //   TEXT
#     //   TEXT ...
#     //   Check: make grade CH=01
#     CODE
#     // END TODO(ch01 NAME)
# Any malformed region stops the generator with the file and line.

function fail(msg) {
    printf "%s:%d: %s\n", FILENAME, FNR, msg > "/dev/stderr"
    failed = 1
    exit 1
}

BEGIN {
    if (chapter !~ /^[0-9][0-9]$/) {
        print "mkskel.awk: pass the chapter number, e.g. -v chapter=01" > "/dev/stderr"
        failed = 1
        exit 1
    }
    inside = 0
}

# A marker is a line whose first non-blank characters are "// @word".
{
    marker = ""
    if (match($0, /^[ \t]*\/\/ @[a-z]+/)) {
        indent = $0; sub(/[^ \t].*$/, "", indent)
        rest = substr($0, RLENGTH + 1)
        marker = substr($0, length(indent) + 5, RLENGTH - length(indent) - 4)
        sub(/^ /, "", rest)
    }
}

marker == "begin" {
    if (inside) fail("@begin " rest " inside the region of " name " (regions do not nest)")
    if (rest !~ /^[A-Za-z0-9_]+$/) fail("@begin needs a name of letters, digits and _, found `" rest "`")
    if (rest in seen) fail("a second region named " rest)
    inside = 1; name = rest; seen[name] = FNR; ntodo = 0; nstub = 0; begin_indent = indent
    next
}

marker == "todo" {
    if (!inside) fail("@todo outside a region")
    todo[++ntodo] = rest
    next
}

marker == "stub" {
    if (!inside) fail("@stub outside a region")
    stub[++nstub] = indent rest
    next
}

marker == "end" {
    if (!inside) fail("@end " rest " without a @begin")
    if (rest != name) fail("@end " rest " closes the region of " name)
    if (ntodo == 0) fail("the region " name " has no @todo: say what the student must write")
    if (nstub == 0) fail("the region " name " has no @stub: the skeleton would not compile")
    tag = "TODO(ch" chapter " " name ")"
    print begin_indent "// " tag ":"
    for (i = 1; i <= ntodo; i++) print begin_indent "//   " todo[i]
    print begin_indent "//   Check: make grade CH=" chapter
    for (i = 1; i <= nstub; i++) print stub[i]
    print begin_indent "// END " tag
    inside = 0
    next
}

marker != "" { fail("unknown marker @" marker " (expected @begin, @todo, @stub or @end)") }

inside { next }   # a solution line: not in the skeleton

{ print }

END {
    if (failed) exit 1
    if (inside) { printf "%s:%d: the region %s has no @end\n", FILENAME, seen[name], name > "/dev/stderr"; exit 1 }
}
