# Backprop Workbook -- from the perceptron to backpropagation, in C.
#
# Students:     make grade          grade your files in skeletons/ (CH=01 for one chapter)
#               make plots          draw your models beside the reference figures
# Maintainers:  make test           everything the workbook promises, checked
#
# Everything built goes under build/ (O=... for another folder). Variants are parameters, not
# copies: IMPL=solutions grades the reference, SANITIZE=1 builds under AddressSanitizer and
# UndefinedBehaviorSanitizer (into build/san), HIDDEN=1 adds the hidden tests.

.DEFAULT_GOAL := help
.DELETE_ON_ERROR:
.SUFFIXES:
SHELL := /bin/sh

CC      ?= cc
IMPL    ?= skeletons
CH      ?=
HIDDEN  ?= 0
STRICT  ?= 0
SANITIZE ?= 0
WERROR  ?= 0

O       ?= build

# The edition of the skeletons (make skeletons, make dist): guided, the default, states each
# exercise's formula in its TODO block; challenge withholds it and keeps the contract
# (tools/mkskel.awk). Both come from the one source in solutions/.
EDITION ?= guided
ifeq ($(filter guided challenge,$(EDITION)),)
$(error EDITION is guided (the default) or challenge, not `$(EDITION)')
endif
# SANITIZE=1: the student's code and the tests under the sanitizers, linked together (for
# finding bugs in the student's code). SANITIZE_GRADER=1: the grader's side of the boundary
# under them, the student's code in its own process as always (for finding bugs in the grader).
SANITIZE_GRADER ?= 0
SANITIZERS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
ifeq ($(SANITIZE),1)
BUILD   := $(O)/san
SANFLAGS := $(SANITIZERS)
else ifeq ($(SANITIZE_GRADER),1)
BUILD   := $(O)/san-grader
SANFLAGS := $(SANITIZERS)
else
BUILD   := $(O)
SANFLAGS :=
endif

WARN     := -Wall -Wextra -Wpedantic $(if $(filter 1,$(WERROR)),-Werror)
CRIT_CFLAGS = $(shell pkg-config --cflags criterion 2>/dev/null)
CRIT_LIBS   = $(shell pkg-config --libs criterion 2>/dev/null)
CFLAGS   ?= -O2 -g
# Every local variable of the grader starts as a fixed pattern (GCC 12+, clang 8+), so that an
# array a test forgets to initialise carries no leftovers of the test's process into the student
# process, where the student's code could read them (runner.c's malloc does the same for the heap).
# (Asked once: the sub-makes find the answer in their environment.)
ifeq ($(origin AUTO_INIT),undefined)
AUTO_INIT := $(shell $(CC) -ftrivial-auto-var-init=pattern -x c -c /dev/null -o /dev/null 2>/dev/null && \
               echo -ftrivial-auto-var-init=pattern)
endif
export AUTO_INIT
ALL_CFLAGS = -std=c11 $(WARN) $(CFLAGS) $(SANFLAGS) $(AUTO_INIT) -Ilib -Igrader -I$(BUILD)/gen -Iplots -Iplayground -MMD -MP
# The student's file: no -Wpedantic or -Werror, so that a newer compiler never stops a build;
# -O0 under make debug, so that every variable can be printed.
DEBUG   ?= 0
STUDENT_CFLAGS = -std=c11 $(if $(filter 1,$(DEBUG)),-O0,-O2) -g -Wall -Wextra \
                 $(if $(filter 1,$(SANITIZE)),$(SANITIZERS)) -Ilib

LIB_SRC    := $(wildcard lib/*.c)
LIB_OBJ    := $(LIB_SRC:%.c=$(BUILD)/%.o)
GRADER_SRC := grader/gradcheck.c
GRADER_OBJ := $(GRADER_SRC:%.c=$(BUILD)/%.o)
# runner.c, and grader/nogit.c's stand-ins for libgit2 (see runner.c, item 5)
RUNNER_OBJ := $(BUILD)/grader/runner.o $(BUILD)/grader/nogit.o
SUITE_SRC  := $(wildcard grader/[0-9][0-9]_*.c grader/hidden/[0-9][0-9]_*.c)
SUITE_OBJ  := $(SUITE_SRC:%.c=$(BUILD)/%.o)
CHAPTERS   := $(notdir $(wildcard solutions/[0-9][0-9]_*.c))

LIBWORKBOOK := $(BUILD)/libworkbook.a
LIBGRADER   := $(BUILD)/libgrader.a
REPORT      := $(BUILD)/bin/report
SANDBOX     := $(BUILD)/bin/sandbox
# A chapter's test binary: the chapter's tests, then these, then either the stubs that run the
# student's code in the student process (grader/boundary.h; graded runs) or the student's
# objects themselves (SANITIZE=1, make debug).
# The wrappers are runner.c's: out of memory fails the test with that reason, free() reaches the
# student process's heap; and, when the student's objects are linked in, exit, fork, system and
# popen fail the test with a message (in the student process its sandbox refuses them).
WRAP_MEMORY  := -Wl,--wrap=exit,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free
TESTS_LIBS   = $(RUNNER_OBJ) $(LIBGRADER) $(LIBWORKBOOK) $(CRIT_LIBS) -lm $(WRAP_MEMORY)
LINK_LIBS    = $(TESTS_LIBS) -Wl,--wrap=fork,--wrap=system,--wrap=popen
# How grade.sh runs the student's code: in the student process, or linked into the tests.
GRADE_MODE   = $(if $(filter 1,$(SANITIZE) $(DEBUG)),linked,contained)

# The boundary (grader/boundary.h): generated from grader/boundary.txt and the prototypes in lib/.
GEN          := $(BUILD)/gen
GEN_STAMP    := $(GEN)/boundary.stamp
BOUNDARY_OBJ := $(BUILD)/grader/boundary.o $(BUILD)/grader/boundary_mlp.o $(BUILD)/grader/sandbox.o \
                $(GEN)/boundary_stubs.o
# What the student binary is linked from besides the student's objects (grade.sh links it,
# statically): built without the sanitizers whatever the grader's build, in $(SIDE).
SIDE         := $(O)/student-side
SIDE_CFLAGS   = -std=c11 $(WARN) $(CFLAGS) -Ilib -Igrader -I$(GEN) -MMD -MP
STUDENT_SIDE := $(SIDE)/student_main.o $(SIDE)/boundary_calls.o $(SIDE)/sandbox.o $(SIDE)/libworkbook.a
LIBSYMS      := $(GEN)/libworkbook.syms

## help: list the targets (the default)
.PHONY: help
help:
	@echo "Backprop Workbook -- make TARGET [VARIABLE=value ...]"
	@echo
	@sed -n 's/^## //p' $(MAKEFILE_LIST) | \
	  awk -F': ' -v student=$(if $(INSTRUCTOR),0,1) \
	    'student && $$1 ~ /^(dist|gradescope|grade-class|grader-bins|skeletons|figures|facts|test|prairielearn|similarity)$$/ { next } \
	     { printf "  %-14s %s\n", $$1, $$2 }'
	@echo
	@echo "Variables: CH=01 (one chapter)  IMPL=solutions|DIR (what to grade)  HIDDEN=1"
	@echo "           STRICT=1 (fail below full marks)  SANITIZE=1 (ASan + UBSan, leaks)"
	@echo "           TEST=name (one test)  VERBOSE=1 (show what your code printed)"

# ---------------------------------------------------------------- dependencies

## deps: check for (and, as root on Debian/Ubuntu, install) what grading needs
.PHONY: deps deps-plots deps-test deps-release deps-watch deps-debug
deps:
	@sh tools/deps.sh cc criterion
deps-plots:
	@sh tools/deps.sh cc gnuplot
# (all of make test's tools at once: its checks run two at a time, never two apt-gets)
deps-test:
	@sh tools/deps.sh cc criterion gnuplot clang jq xmllint zip inotifywait gdb clangd python3 \
	  pandoc katex pdflatex chromium poppler node wasm similarity
deps-release:
	@sh tools/deps.sh zip
deps-watch:
	@sh tools/deps.sh cc criterion inotifywait
deps-debug:
	@sh tools/deps.sh cc criterion gdb

# ---------------------------------------------------------------- building

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(CRIT_CFLAGS) -c $< -o $@

$(LIBWORKBOOK): $(LIB_OBJ)
	@mkdir -p $(@D)
	@rm -f $@
	ar rcs $@ $^

$(LIBGRADER): $(GRADER_OBJ)
	@mkdir -p $(@D)
	@rm -f $@
	ar rcs $@ $^

$(REPORT): grader/report.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< 

$(SANDBOX): $(BUILD)/grader/sandbox_main.o $(BUILD)/grader/sandbox.o
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SANFLAGS) -o $@ $(filter %.o,$^)

$(GEN_STAMP): grader/boundary.txt tools/mkboundary.awk $(wildcard lib/*.h)
	@mkdir -p $(@D)
	awk -v out=$(GEN) -f tools/mkboundary.awk grader/boundary.txt $(wildcard lib/*.h)
	@touch $@
$(GEN)/boundary_ids.h $(GEN)/boundary_stubs.c $(GEN)/boundary_calls.c: $(GEN_STAMP)
$(GEN)/%.o: $(GEN)/%.c $(GEN_STAMP)
	$(CC) $(ALL_CFLAGS) $(CRIT_CFLAGS) -c $< -o $@
# Everything that includes the generated header waits for it (the first build has no .d yet).
$(BUILD)/grader/boundary.o $(BUILD)/grader/boundary_mlp.o: $(GEN_STAMP)

# The student side (never sanitized: the student binary is static and seccomp-bound).
$(SIDE)/student_main.o: grader/student_main.c $(GEN_STAMP)
	@mkdir -p $(@D)
	$(CC) $(SIDE_CFLAGS) -c $< -o $@
$(SIDE)/boundary_calls.o: $(GEN)/boundary_calls.c $(GEN_STAMP)
	@mkdir -p $(@D)
	$(CC) $(SIDE_CFLAGS) -c $< -o $@
$(SIDE)/sandbox.o: grader/sandbox.c
	@mkdir -p $(@D)
	$(CC) $(SIDE_CFLAGS) -c $< -o $@
$(SIDE)/lib/%.o: lib/%.c
	@mkdir -p $(@D)
	$(CC) $(SIDE_CFLAGS) -c $< -o $@
$(SIDE)/libworkbook.a: $(LIB_SRC:%.c=$(SIDE)/%.o)
	@rm -f $@
	ar rcs $@ $^

# The names lib/ defines: a chapter file may call them (grader/objcheck.sh) -- except those of
# numgrad.o, the centred differences the grader and the plots use, which chapter 6 asks students
# to write themselves (gradcheck_numeric).
$(LIBSYMS): $(LIBWORKBOOK)
	@mkdir -p $(@D)
	nm -g --defined-only $< | awk '/:$$/ { skip = $$1 == "numgrad.o:" } NF == 3 && !skip { print $$3 }' | sort -u > $@

# A chapter's test binaries, visible tests only and with the hidden ones: they hold no student
# code, so they are built once and serve every submission. They load Criterion without its
# libgit2, which the grader never uses, where the loader allows (grader/nogit.sh; NOGIT/ldflags
# says how, or is empty).
NOGIT := $(BUILD)/grader/bin/nogit
$(NOGIT)/ldflags: grader/nogit.sh grader/nogit.c
	@sh grader/nogit.sh '$(CC)' '$(NOGIT)' '$(CRIT_CFLAGS)' '$(CRIT_LIBS)'
$(BUILD)/grader/bin/%.tests: $(BUILD)/grader/%.o $(BOUNDARY_OBJ) $(RUNNER_OBJ) $(LIBGRADER) $(LIBWORKBOOK) $(NOGIT)/ldflags
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BOUNDARY_OBJ) $(TESTS_LIBS) $$(cat $(NOGIT)/ldflags)
$(BUILD)/grader/bin/%.hidden.tests: $(BUILD)/grader/%.o $(BUILD)/grader/hidden/%.o $(BOUNDARY_OBJ) $(RUNNER_OBJ) $(LIBGRADER) $(LIBWORKBOOK) $(NOGIT)/ldflags
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $(BUILD)/grader/$*.o $(BUILD)/grader/hidden/$*.o $(BOUNDARY_OBJ) $(TESTS_LIBS) \
	  $$(cat $(NOGIT)/ldflags)

# Header dependencies of this build's own objects (not of the other builds under it: san/, clang/).
-include $(wildcard $(BUILD)/lib/*.d $(BUILD)/grader/*.d $(BUILD)/grader/hidden/*.d $(BUILD)/gen/*.d \
                    $(BUILD)/solutions/*.d $(BUILD)/skeletons/*.d $(BUILD)/plots/*.d $(BUILD)/tests/unit/*.d \
                    $(BUILD)/bin/*.d $(BUILD)/bench/*/*/*.d)

# ---------------------------------------------------------------- grading

## grade: grade your chapter files (skeletons/); CH=01 for one chapter, IMPL=solutions for the reference
.PHONY: grade
grade: deps
	@$(MAKE) --no-print-directory -s grader-parts
	@IMPL='$(IMPL)' CH='$(CH)' HIDDEN='$(HIDDEN)' BUILD='$(BUILD)' CC='$(CC)' STRICT='$(STRICT)' \
	  SANITIZE='$(SANITIZE)' STUDENT_CFLAGS='$(STUDENT_CFLAGS)' LINK_LIBS='$(LINK_LIBS)' \
	  GRADE_MODE='$(GRADE_MODE)' SIDE='$(SIDE)' MAKE_SUITE='$(MAKE_SUITE)' sh grader/grade.sh

# Each chapter's test binaries (visible tests; with the hidden ones where they are here).
CHAPTER_BINS := $(patsubst grader/%.c,$(BUILD)/grader/bin/%.tests,$(wildcard grader/[0-9][0-9]_*.c)) \
                $(patsubst grader/hidden/%.c,$(BUILD)/grader/bin/%.hidden.tests,$(wildcard grader/hidden/[0-9][0-9]_*.c))
## grader-bins: build the grader once (what grading a class or a Gradescope image reuses)
.PHONY: grader-bins
grader-bins: grader-parts suites $(CHAPTER_BINS)

# The variables make grade passes to grader/grade.sh, as shell assignments: for the workbook's own
# tests, which grade hundreds of planted copies after building the grader once.
.PHONY: grade-env
grade-env:
	@printf "BUILD='%s' CC='%s' STUDENT_CFLAGS='%s' LINK_LIBS='%s' GRADE_MODE='%s' SIDE='%s'\n" \
	  '$(BUILD)' '$(CC)' '$(STUDENT_CFLAGS)' '$(LINK_LIBS)' '$(GRADE_MODE)' '$(SIDE)'

# What every chapter needs. Each chapter's own tests are built by grade.sh through MAKE_SUITE,
# so that one chapter's tests failing to build cannot stop the grading of another.
.PHONY: grader-parts suites
grader-parts: $(LIBWORKBOOK) $(LIBGRADER) $(RUNNER_OBJ) $(REPORT) $(SANDBOX) $(LIBSYMS) \
              $(BOUNDARY_OBJ) $(STUDENT_SIDE) $(NOGIT)/ldflags
suites: $(SUITE_OBJ)

# (The sub-make inherits this make's variables: O, SANITIZE, CC, WERROR.)
MAKE_SUITE = $(MAKE) --no-print-directory -s

# ---------------------------------------------------------------- working on a chapter

## watch: re-grade a chapter each time you save it (CH=05 for one chapter); Ctrl-C stops
## status: points per chapter from your last grading, and the next thing to do
## hint: the next hint for the first exercise that fails (CH=03); again for the next level
## reset: put one exercise back to its TODO block, keeping a backup (EX=function_name)
## debug: run one test under gdb, stopped in the function it grades (TEST=name)
.PHONY: watch status hint reset debug
watch: deps-watch grader-parts
	@O='$(O)' IMPL='$(IMPL)' CH='$(CH)' MAKE='$(MAKE)' sh tools/watch.sh
status:
	@O='$(O)' IMPL='$(IMPL)' sh tools/status.sh
hint:
	@O='$(O)' IMPL='$(IMPL)' CH='$(CH)' EX='$(EX)' sh tools/hint.sh
reset:
	@O='$(O)' EX='$(EX)' YES='$(YES)' sh tools/reset.sh
debug: deps-debug
	@O='$(O)' IMPL='$(IMPL)' TEST='$(TEST)' MAKE='$(MAKE)' GDB_BATCH='$(GDB_BATCH)' \
	  DEBUG_SERVER='$(DEBUG_SERVER)' sh tools/debug.sh

# ---------------------------------------------------------------- plots

## plots: draw your models (build/plots/chNN/) beside the reference figures; CH=01 for one chapter
.PHONY: plots figures
plots: deps-plots $(LIBWORKBOOK)
	@IMPL='$(IMPL)' CH='$(CH)' BUILD='$(BUILD)' CC='$(CC)' sh plots/plots.sh

## figures: redraw the reference figures in chapters/NN-topic/fig/ from solutions/
figures: deps-plots $(LIBWORKBOOK)
	$(instructor_only)
	@IMPL=solutions CH='$(CH)' BUILD='$(BUILD)' CC='$(CC)' FIGURES=1 sh plots/plots.sh

## facts: recompute the numbers the notes state into chapters/NN-topic/facts.txt (plots/facts.sh)
.PHONY: facts
facts: $(LIBWORKBOOK)
	$(instructor_only)
	@CH='$(CH)' BUILD='$(BUILD)' CC='$(CC)' sh plots/facts.sh write

# ---------------------------------------------------------------- experiments

# plots/experiment.sh runs one (plots/experiments/NN_name.c and .gp) on a chapter file; E=all runs
# every experiment (of CH=NN, if given) one after the other.
EXPERIMENT = IMPL='$(IMPL)' CH='$(CH)' QUICK='$(QUICK)' STRICT='$(STRICT)' BUILD='$(BUILD)' CC='$(CC)'
EXPERIMENT_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(wildcard plots/experiments/*.c))
all: $(EXPERIMENT_OBJ)
-include $(wildcard $(BUILD)/plots/experiments/*.d)

## experiment: run an experiment on your code, its figure beside the reference's (CH=06 E=init; no E: the list)
.PHONY: experiment experiment-figures
experiment: deps-plots $(LIBWORKBOOK)
	@$(EXPERIMENT) E='$(E)' sh plots/experiment.sh

# experiment-figures: the experiments' reference figures and curves in chapters/NN-topic/fig/
# (CH=NN, E=name for fewer)
experiment-figures: deps-plots $(LIBWORKBOOK)
	$(instructor_only)
	@$(EXPERIMENT) E='$(or $(E),all)' IMPL=solutions FIGURES=1 sh plots/experiment.sh

# ---------------------------------------------------------------- releases and class grading

# The instructor's tree has solutions/; the student release does not.
INSTRUCTOR := $(wildcard solutions/*.c)
instructor_only = $(if $(INSTRUCTOR),,$(error make $@ is for the instructor's tree: this is the student release))

## submit: pack your chapter files into build/submission.zip
.PHONY: submit upgrade dist gradescope grade-class similarity
submit: deps-release
	@O='$(O)' sh tools/release.sh submit

## upgrade: take your chapter files from an older release (FROM=../old-release)
upgrade:
	@O='$(O)' FROM='$(FROM)' sh tools/upgrade.sh

## dist: the student release, build/dist/backprop-workbook/ and .tar.gz (no solutions, no hidden tests; EDITION=challenge)
dist: deps-release
	$(instructor_only)
	@O='$(O)' EDITION='$(EDITION)' sh tools/release.sh dist

## gradescope: build/gradescope/autograder.zip (hidden tests included; EDITION=challenge for that edition's hints)
gradescope: deps-release
	$(instructor_only)
	@O='$(O)' EDITION='$(EDITION)' sh tools/release.sh gradescope

## prairielearn: build/prairielearn/, a PrairieLearn question per chapter for a course repository (PL_IMAGE=account/name; EDITION=challenge)
.PHONY: prairielearn
prairielearn:
	$(instructor_only)
	@sh tools/deps.sh jq pandoc
	@O='$(O)' EDITION='$(EDITION)' PL_IMAGE='$(PL_IMAGE)' PL_TOPIC='$(PL_TOPIC)' PL_COURSE='$(PL_COURSE)' \
	  PL_TIMEOUT='$(PL_TIMEOUT)' sh tools/prairielearn/make_course.sh

## grade-class: grade every submission folder in SUBMISSIONS=dir into build/class/ (gradebook.csv)
grade-class: deps
	@$(MAKE) --no-print-directory -s grader-bins
	@O='$(O)' SUBMISSIONS='$(SUBMISSIONS)' BUILD='$(BUILD)' CC='$(CC)' \
	  STUDENT_CFLAGS='$(STUDENT_CFLAGS)' LINK_LIBS='$(LINK_LIBS)' GRADE_MODE=contained SIDE='$(SIDE)' \
	  MAKE_SUITE=true sh tools/grade_class.sh

## similarity: how alike the students' files are, pair by pair per chapter, SUBMISSIONS=dir as for grade-class, into build/similarity/ (evidence for a human, never a verdict)
similarity:
	$(instructor_only)
	@sh tools/deps.sh similarity
	@O='$(O)' SUBMISSIONS='$(SUBMISSIONS)' sh tools/similarity.sh

# ---------------------------------------------------------------- skeletons

SKELETONS := $(CHAPTERS:%=skeletons/%)

## skeletons: regenerate skeletons/ from solutions/ (refuses to overwrite local edits; FORCE=1); EDITION=challenge: into build/skeletons-challenge/
.PHONY: skeletons
skeletons:
	$(instructor_only)
	@O='$(O)' EDITION='$(EDITION)' sh tools/skeletons.sh write

# ---------------------------------------------------------------- handouts

# make handouts, make test-handouts: HTML and PDF of every chapter and the book (tools/handouts/;
# not in the student release or the Gradescope zip, hence -include)
-include tools/handouts/handouts.mk

# ---------------------------------------------------------------- benchmarks

# make bench, make bench-short: the reference and a fast trainer against PyTorch and numpy, and
# the grader's own speed (bench/; not in the releases, hence -include)
-include bench/bench.mk

# ---------------------------------------------------------------- the playground

# make playground, make test-playground: the TensorFlow Playground's page, trained by your
# chapters 5 and 6 compiled to WebAssembly (playground/)
-include playground/playground.mk

# ---------------------------------------------------------------- tests of the workbook

UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:%.c=$(BUILD)/%)

$(BUILD)/tests/unit/%: tests/unit/%.c $(LIBGRADER) $(LIBWORKBOOK)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(CRIT_CFLAGS) -o $@ $< $(LIBGRADER) $(LIBWORKBOOK) $(CRIT_LIBS) -lm

# Every C file of the workbook, built with this CC and these flags (make test sets WERROR=1);
# solutions and skeletons are compiled with the strict flags here, the loose ones when graded.
.PHONY: all
PLOT_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(wildcard plots/*.c plots/facts/*.c))
all: grader-parts suites $(CHAPTER_BINS) $(UNIT_BIN) $(PLOT_OBJ) $(CHAPTERS:%.c=$(BUILD)/solutions/%.o) \
     $(CHAPTERS:%.c=$(BUILD)/skeletons/%.o)

## test: build warning-free with gcc and clang, run every check of the workbook
.PHONY: test
test: deps-test
	$(instructor_only)
	@sh tests/run.sh

## clean: remove build/
.PHONY: clean
clean:
	rm -rf $(O)
