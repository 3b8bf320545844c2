# mkskel.awk -- turns a reference solution into the student's skeleton.
#
# Usage: awk -v chapter=01 [-v edition=challenge] -f tools/mkskel.awk solutions/01_perceptron.c
#
# In the solution, an exercise is a region of lines
#     // @begin NAME          NAME is the function's name, [A-Za-z0-9_]
#     // @todo TEXT           the contract the grader checks, in the code's own names
#     // @formula TEXT        a line of the contract that states the formula or the shape of the
#                             code: the guided edition (the default) shows it, the challenge
#                             edition withholds it (the notes and `make hint` hold the formula)
#     // @challenge TEXT      said in the challenge edition only: the contract in words where a
#                             @formula line said it in symbols (conventions are never withheld)
#     // @stub CODE           what the skeleton runs instead (returns NaN or -1, never a plausible value)
#     ...solution lines...
#     // @end NAME
# Outside the regions every line is copied as it is, but a `// @formula TEXT` line becomes
# `// TEXT` in the guided edition and goes in the challenge edition, and `// @challenge TEXT`
# the other way round; ` * @formula TEXT` and ` * @challenge TEXT` do the same inside a block
# comment (so a header in lib/ can hold both: a file without regions needs no chapter). Inside, the solution lines are dropped, the @todo lines (with the
# @formula lines, or the @challenge ones) become one TODO comment in their order and the @stub
# lines become code, indented as the marker was:
#     // TODO(ch01 NAME):
#     //   TEXT
#     //   TEXT ...
#     //   Work out the formula from the chapter's notes (make hint CH=01 gives it in steps).
#                                      (challenge edition, when a @formula line was withheld)
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
    if (edition == "") edition = "guided"
    if (edition != "guided" && edition != "challenge") {
        print "mkskel.awk: the edition is guided or challenge, not `" edition "`" > "/dev/stderr"
        failed = 1
        exit 1
    }
    inside = 0
}

# The same two markers in a block comment, outside the regions: " * @formula TEXT".
!inside && match($0, /^[ \t]*\* @(formula|challenge)( |$)/) {
    star = $0; sub(/\*.*$/, "", star)
    rest = substr($0, RLENGTH + 1)
    word = $0; sub(/^[ \t]*\* @/, "", word); sub(/[ \t].*$/, "", word)
    if (rest == "") fail("@" word " needs the text of the comment line")
    if ((word == "formula") == (edition == "guided")) print star "* " rest
    next
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
    if (chapter !~ /^[0-9][0-9]$/) fail("a region needs the chapter number: -v chapter=01")
    if (rest !~ /^[A-Za-z0-9_]+$/) fail("@begin needs a name of letters, digits and _, found `" rest "`")
    if (rest in seen) fail("a second region named " rest)
    inside = 1; name = rest; seen[name] = FNR; ntodo = 0; nstub = 0; begin_indent = indent
    nshown = 0; nformula = 0; nchallenge = 0
    next
}

# The contract: @todo lines in both editions, @formula in the guided one, @challenge in the
# challenge one, kept in the order they are written.
marker == "todo" || marker == "formula" || marker == "challenge" {
    if (!inside) {
        if (marker == "todo") fail("@todo outside a region")
        if (rest == "") fail("@" marker " needs the text of the comment line")
        if ((marker == "formula") == (edition == "guided")) print indent "// " rest
        next
    }
    if (marker == "todo") ntodo++
    if (marker == "formula") nformula++
    if (marker == "challenge") nchallenge++
    if (marker == "todo" || (marker == "formula") == (edition == "guided"))
        todo[++nshown] = rest
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
    if (ntodo + nformula == 0) fail("the region " name " has no @todo: say what the student must write")
    if (ntodo + nchallenge == 0)
        fail("the region " name " says nothing in the challenge edition: its contract needs @todo" \
             " or @challenge lines beside the @formula ones")
    if (nstub == 0) fail("the region " name " has no @stub: the skeleton would not compile")
    tag = "TODO(ch" chapter " " name ")"
    print begin_indent "// " tag ":"
    for (i = 1; i <= nshown; i++) print begin_indent "//   " todo[i]
    if (edition == "challenge" && nformula > 0)
        print begin_indent "//   Work out the formula from the chapter's notes (make hint CH=" chapter " gives it in steps)."
    print begin_indent "//   Check: make grade CH=" chapter
    for (i = 1; i <= nstub; i++) print stub[i]
    print begin_indent "// END " tag
    inside = 0
    next
}

marker != "" { fail("unknown marker @" marker " (expected @begin, @todo, @formula, @challenge, @stub or @end)") }

inside { next }   # a solution line: not in the skeleton

{ print }

END {
    if (failed) exit 1
    if (inside) { printf "%s:%d: the region %s has no @end\n", FILENAME, seen[name], name > "/dev/stderr"; exit 1 }
}
