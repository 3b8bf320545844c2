# bench/bench.mk -- make bench, make bench-short (included by the Makefile: `include bench/bench.mk`).
#
# Builds the reference trainer (solutions/05_mlp.c + 06_backprop.c, as they are) with release
# flags, and the benchmark-only fast trainer (bench/fast_mlp.c) with -ffast-math, into
# $(O)/bench; checks that one step of the fast trainer agrees with the reference to 1e-9; then
# times both beside PyTorch and numpy (bench/torch_numpy.py, run with BENCH_PYTHON) when those
# are installed. Results and how to read them: bench/RESULTS.md.
#
# Variables: BENCH_CFLAGS (the reference's flags), BENCH_FAST_CFLAGS, BENCH_PYTHON, and
# BENCH_ARGS for bench itself (e.g. BENCH_ARGS='--rounds 11 --seconds 1'); BENCH_PLAYGROUND_ARGS
# for bench-playground (e.g. '--rounds 9 --seconds 1 --batches 32').

BENCH_OUT         := $(O)/bench
BENCH_CFLAGS      ?= -O3 -march=native
BENCH_FAST_CFLAGS ?= $(BENCH_CFLAGS) -ffast-math -ffp-contract=fast
BENCH_PYTHON      ?= /usr/bin/python3
BENCH_ARGS        ?=
BENCH_WARN         = -std=c11 $(WARN) -Ilib -Ibench -MMD -MP

# The reference side (no -ffast-math: NaN checks and IEEE sums as the grader sees them), the
# fast trainer, and the two programs.
BENCH_REF_OBJ  := $(patsubst %.c,$(BENCH_OUT)/ref/%.o,solutions/05_mlp.c solutions/06_backprop.c \
                    lib/rng.c lib/data.c bench/tasks.c)
BENCH_FAST_OBJ := $(BENCH_OUT)/fast/bench/fast_mlp.o
BENCH_BIN      := $(BENCH_OUT)/bench
BENCH_CHECK    := $(BENCH_OUT)/check_fast
BENCH_STAMP    := $(BENCH_OUT)/flags.txt

# Rebuild everything here when the compiler or a flag changes (the stamp only changes then).
.PHONY: bench-flags-stamp
bench-flags-stamp:
$(BENCH_STAMP): bench-flags-stamp
	@mkdir -p $(@D)
	@printf '%s\n%s\n%s\n' '$(CC)' '$(BENCH_WARN) $(BENCH_CFLAGS)' '$(BENCH_FAST_CFLAGS)' > $@.new
	@if cmp -s $@.new $@; then rm -f $@.new; else mv $@.new $@; fi

$(BENCH_OUT)/ref/%.o: %.c $(BENCH_STAMP)
	@mkdir -p $(@D)
	$(CC) $(BENCH_WARN) $(BENCH_CFLAGS) -c $< -o $@

$(BENCH_OUT)/fast/%.o: %.c $(BENCH_STAMP)
	@mkdir -p $(@D)
	$(CC) $(BENCH_WARN) $(BENCH_FAST_CFLAGS) -c $< -o $@

$(BENCH_OUT)/main/%.o: %.c $(BENCH_STAMP)
	@mkdir -p $(@D)
	$(CC) $(BENCH_WARN) $(BENCH_CFLAGS) -DBENCH_FLAGS='"$(BENCH_CFLAGS)"' \
	  -DBENCH_FAST_FLAGS='"$(BENCH_FAST_CFLAGS)"' -c $< -o $@

$(BENCH_BIN): $(BENCH_OUT)/main/bench/bench.o $(BENCH_REF_OBJ) $(BENCH_FAST_OBJ)
	$(CC) $(BENCH_CFLAGS) -o $@ $^ -lm

$(BENCH_CHECK): $(BENCH_OUT)/main/bench/check_fast.o $(BENCH_REF_OBJ) $(BENCH_FAST_OBJ)
	$(CC) $(BENCH_CFLAGS) -o $@ $^ -lm

# The agreement check, its output kept in $(BENCH_OUT)/check_fast.log.
BENCH_RUN_CHECK = $(BENCH_CHECK) data/digits.csv.gz > $(BENCH_OUT)/check_fast.log 2>&1 \
	  && tail -n 1 $(BENCH_OUT)/check_fast.log \
	  || { cat $(BENCH_OUT)/check_fast.log; echo "make $@: the fast trainer disagrees with the reference (above)" >&2; exit 1; }

## bench: samples/s of the reference trainer and a fast one beside PyTorch and numpy (under a minute; bench/RESULTS.md)
## bench-short: the same in a few seconds, to check that it runs (make test)
.PHONY: bench bench-short
bench: $(BENCH_BIN) $(BENCH_CHECK)
	@sh tools/deps.sh cc
	@$(BENCH_RUN_CHECK)
	@sh tools/deps.sh wasm node && $(MAKE) --no-print-directory -s bench-check-wasm
	@$(BENCH_BIN) --native-blas --python '$(BENCH_PYTHON)' --out $(BENCH_OUT) $(BENCH_ARGS)
	@sh tools/deps.sh wasm node && $(MAKE) --no-print-directory -s bench-playground

# Tests leave OPENBLAS_CORETYPE alone (no --native-blas) and write apart from the full run.
bench-short: $(BENCH_BIN) $(BENCH_CHECK)
	@sh tools/deps.sh cc
	@mkdir -p $(BENCH_OUT)/short
	@$(BENCH_RUN_CHECK)
	@sh tools/deps.sh wasm node && $(MAKE) --no-print-directory -s bench-check-wasm
	@$(BENCH_BIN) --short --python '$(BENCH_PYTHON)' --out $(BENCH_OUT)/short $(BENCH_ARGS)

# The playground's speed in the JavaScript engine (bench/playground_bench.js): the TensorFlow
# Playground's training loop transcribed to JavaScript, against the reference and the fast trainer
# compiled to WebAssembly (bench/wasm_trainer.c), in node and, when it is installed, headless
# Chromium. The reference gets the playground page's flags; the fast trainer -O3 and 128-bit SIMD
# (no -ffast-math: its tanh for WebAssembly is its own, see fast_mlp.c).
BENCH_WASM       := $(BENCH_OUT)/wasm
BENCH_WASM_CMD_FLAGS = --target=wasm32-wasi $(if $(WASI_SYSROOT),--sysroot=$(WASI_SYSROOT)) -std=c11 \
                    $(WARN) -Ilib -Ibench -Iplayground -Wl,--strip-debug
BENCH_WASM_FLAGS  = $(BENCH_WASM_CMD_FLAGS) -mexec-model=reactor
# playground/pg_math.c: the page's tanh, which the page links ahead of wasi-libc's (and so do both
# builds here).
BENCH_WASM_SRC   := bench/wasm_trainer.c lib/rng.c lib/data.c solutions/05_mlp.c solutions/06_backprop.c \
                    playground/pg_math.c playground/pg_math.h
PG_CC            ?= clang-14
PG_CFLAGS        ?= -O2

$(BENCH_WASM)/ref.wasm: $(BENCH_WASM_SRC) $(BENCH_STAMP)
	@mkdir -p $(@D)
	$(PG_CC) $(BENCH_WASM_FLAGS) $(PG_CFLAGS) -o $@ $(filter %.c,$(BENCH_WASM_SRC))

$(BENCH_WASM)/fast.wasm: $(BENCH_WASM_SRC) bench/fast_mlp.c bench/fast_mlp.h $(BENCH_STAMP)
	@mkdir -p $(@D)
	$(PG_CC) $(BENCH_WASM_FLAGS) -O3 -msimd128 -DWT_FAST -o $@ $(filter %.c,$(BENCH_WASM_SRC)) bench/fast_mlp.c

# check_fast (above) built for WebAssembly and run in node (bench/wasi_run.js): the fast trainer's
# section for WebAssembly SIMD (two examples a vector, its own tanh, exp and log1p) against the
# reference, every case to the same tolerances. The digits are read from a decompressed copy
# (WebAssembly cannot start gzip). Its output is kept in $(BENCH_OUT)/check_fast_wasm.log.
# (BENCH_FAST_SRC: make test checks the check with a planted bug in a copy of fast_mlp.c.)
BENCH_FAST_SRC       ?= bench/fast_mlp.c
BENCH_WASM_CHECK_SRC := bench/check_fast.c bench/tasks.c $(BENCH_FAST_SRC) \
                        $(filter-out bench/wasm_trainer.c %.h,$(BENCH_WASM_SRC))
$(BENCH_WASM)/check_fast.wasm: $(BENCH_WASM_CHECK_SRC) bench/fast_mlp.h bench/tasks.h $(BENCH_STAMP)
	@mkdir -p $(@D)
	$(PG_CC) $(BENCH_WASM_CMD_FLAGS) -O3 -msimd128 -DBENCH_FLAGS='"wasm32-wasi -O3 -msimd128"' \
	  -DBENCH_FAST_FLAGS='"wasm32-wasi -O3 -msimd128"' -o $@ $(BENCH_WASM_CHECK_SRC)

$(BENCH_WASM)/digits.csv: data/digits.csv.gz
	@mkdir -p $(@D)
	gzip -dc $< > $@.tmp && mv $@.tmp $@

.PHONY: bench-check-wasm
bench-check-wasm: $(BENCH_WASM)/check_fast.wasm $(BENCH_WASM)/digits.csv
	@node --no-warnings bench/wasi_run.js $^ > $(BENCH_OUT)/check_fast_wasm.log 2>&1 \
	  && echo "$$(tail -n 1 $(BENCH_OUT)/check_fast_wasm.log) (WebAssembly, in node)" \
	  || { cat $(BENCH_OUT)/check_fast_wasm.log; echo "make $@: the fast trainer's WebAssembly build disagrees with the reference (above)" >&2; exit 1; }

## bench-playground: the playground's trainers in the JavaScript engine against the Playground's own loop (part of make bench)
.PHONY: bench-playground
bench-playground: $(BENCH_WASM)/ref.wasm $(BENCH_WASM)/fast.wasm
	@sh tools/deps.sh node
	@node bench/playground_bench.js $(BENCH_WASM)/ref.wasm $(BENCH_WASM)/fast.wasm $(BENCH_OUT)/playground \
	  $(if $(shell command -v $${CHROMIUM:-chromium} 2>/dev/null),--browser) $(BENCH_PLAYGROUND_ARGS)

## bench-grading: time make grade (clean, warm), make handouts, make grade-class on 100 submissions twice (~15 min)
.PHONY: bench-grading
bench-grading:
	@MAKE='$(MAKE)' O='$(O)' sh bench/grading.sh
