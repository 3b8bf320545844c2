/* plot.h -- what the chapters' plot drivers share: writing the data files the gnuplot scripts
 * in plots/ read. Every figure of a 2-D model is drawn on the TensorFlow Playground's plane,
 * [-6, 6] x [-6, 6].
 *
 * File layouts (gnuplot reads '#' lines as comments):
 *   points.dat   x1 x2 label                     one point a line, label 0 or 1
 *   grid.dat     x1 x2 value                     x1 fastest, a blank line after each row
 *   lines.dat    x1 x2 epoch                     one segment per block (blank line between)
 * Not here on purpose: any plotting itself (gnuplot does that), colours (plots/style.gp).
 */
#ifndef WORKBOOK_PLOT_H
#define WORKBOOK_PLOT_H

#include <stdio.h>
#include "data.h"

#define PLANE_LO (-6.0)
#define PLANE_HI 6.0

// The model's output at a point of the plane; ctx is the driver's.
typedef double (*PlotModel)(const double x[2], void *ctx);

// Opens path for writing, or prints "plot: PATH: cannot write: REASON" and exits with status 2.
FILE *plot_open(const char *dir, const char *name);

// points.dat from a data set (d must be 2).
void plot_points(const char *dir, const char *name, const Dataset *ds);

// grid.dat: the model at G x G points spanning the plane.
void plot_grid(const char *dir, const char *name, PlotModel model, void *ctx, int G);

// Appends to f the part of the line w[0] x1 + w[1] x2 + b = 0 inside the plane, as a block of
// two points tagged with `tag`; nothing when the line misses the plane or w is 0.
void plot_line(FILE *f, const double w[2], double b, double tag);

// Tells the student which exercise to finish before the plots can be drawn, and exits with 3.
void plot_needs(const char *fn, const char *source);

#endif
