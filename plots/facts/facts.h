/* facts.h -- what the facts drivers share. A facts driver (plots/facts/NN_topic.c) recomputes,
 * from the reference solutions, every number that chapters/NN-topic/notes.md states, and prints
 * each as a fact: one line of chapters/NN-topic/facts.txt,
 *
 *     NAME: WORDS
 *
 * where WORDS are the words of notes.md (its Markdown as written, line breaks and runs of
 * spaces aside) that state the number. `make facts` writes the files; `make test` recomputes
 * them, fails when a number moved, and fails when notes.md does not say WORDS (see
 * plots/facts.sh). So the notes cannot drift from the code: change the code and the facts
 * change; change the notes and they must still say what the code computes.
 *
 * Example:
 *     fact("nan_step", "NaN after %d steps", k);        // prints "nan_step: NaN after 1750 steps"
 *     fact("tiny", "$%s$", sci(4.2e-18, 2));            // "tiny: $4.2 \times 10^{-18}$"
 * Not here on purpose: any knowledge of the notes (the drivers hold the words, facts.sh checks).
 */
#ifndef WORKBOOK_FACTS_H
#define WORKBOOK_FACTS_H

#include <stdint.h>

// Prints "name: WORDS", WORDS from a printf format. name is [a-z0-9_]+ and unique within a
// driver; WORDS is one line. A bad name or a repeated one stops the driver (status 2).
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void fact(const char *name, const char *fmt, ...);

// Numbers as the notes write them. Each returns one of 32 rotating buffers, so several can
// appear in one fact; a buffer is overwritten 32 calls later.
const char *num(double x, int sig);      // %.{sig}g, and "-" for a negative: num(-1.75, 3) = "-1.75"
const char *fix(double x, int decimals); // %.{decimals}f: fix(0.8156351, 6) = "0.815635"
const char *pct(double frac, int decimals);  // a fraction as a percentage, at most `decimals`
                                             // of them: pct(0.745, 1) = "74.5%", pct(0.98, 1) = "98%"
const char *sci(double x, int sig);      // TeX: sci(4.2e-18, 2) = "4.2 \times 10^{-18}";
                                         // 1 and 10 are left out: sci(1e6, 1) = "10^{6}"

// A demo of the lecture in TensorFlow Playground (github.com/tensorflow/playground): its settings,
// as the notes print them and as the Playground reads them from its URL's fragment (the keys of
// its src/state.ts). Only classification; regularisation off; test data hidden.
typedef struct {
    const char *dataset;      // "circle", "xor", "gauss" or "spiral"
    int noise;                // the Playground's noise slider, 0 .. 50 (our data's noise x 100)
    int train_percent;        // the share of the points used for training, 10 .. 90
    const char *features;     // which inputs: a comma list of x1, x2, x1sq, x2sq, x1x2, sin1, sin2
    const char *hidden;       // the hidden layers' widths, "3" or "8,8,8"; "" for none
    const char *activation;   // the hidden units': "tanh", "relu", "sigmoid" or "linear"
    double lr;                // the learning rate
    int batch;                // the batch size
    const char *seed;         // the Playground's data seed, e.g. "0.12345"
} Playground;

// The demo's URL, and its settings in words: "data xor, noise 0, 50% for training; ...".
// A name outside the lists above stops the driver.
const char *playground_url(const Playground *pg);
const char *playground_words(const Playground *pg);

// Stops the driver with a message (status 2): for a computation that did not go as the
// notes need (a value out of the expected range, a data file missing).
#if defined(__GNUC__)
__attribute__((format(printf, 1, 2), noreturn))
#endif
void facts_die(const char *fmt, ...);

#endif
