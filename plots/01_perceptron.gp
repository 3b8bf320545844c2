# 01_perceptron.gp -- chapter 1's figures, from the data plots/01_perceptron.c wrote.
# Usage: gnuplot -e "dir='DATA'; out='FIGURES'; ext='png'" plots/01_perceptron.gp

load "plots/style.gp"

# The number of updates, counted before any range is set (stats obeys the ranges).
stats dir . "/updates.dat" using 3 nooutput
last = STATS_max

# ---- pass_boundary: the trained perceptron's classes over the plane, the data on top
eval term(560, 520)
set output out . "/pass_boundary." . ext
set size ratio -1
set xrange [-6:6]; set yrange [-6:6]; set cbrange [0:1]
set xlabel "x_1: hours studied per week - 5"
set ylabel "x_2: hours slept per night - 7"
set title "Will I pass? The perceptron's classes after training"
unset colorbox
# The key names the class colours only.
set key noautotitle outside bottom center horizontal samplen 1
keys = "@classkey0 title 'class 0: fail', @classkey1 title 'class 1: pass'"
# The classes, lightened (0.2 and 0.8 on the palette) so that the points show on them.
plot dir . "/grid.dat" using 1:2:(0.2 + 0.6 * $3) with image, \
     dir . "/pass.dat" using 1:2 @ring, \
     dir . "/pass.dat" using 1:2:(class_colour($3)) @dot, \
     @keys
unset output

# ---- boundary_epochs: the boundary after each update (light: first, dark: last), and the
#      final one in bold
eval term(560, 520)
set output out . "/boundary_epochs." . ext
set title sprintf("The boundary after each of the %d updates", last)
set palette defined (0 "#d8d8d8", 1 "#404040")
set cbrange [1:(last > 1 ? last : 2)]
set colorbox
set cblabel "update"
plot dir . "/updates.dat" using 1:2:3 with lines lw 1.2 lc palette, \
     dir . "/final.dat" using 1:2 with lines lw 3 lc rgb "black", \
     dir . "/pass.dat" using 1:2 @ring, \
     dir . "/pass.dat" using 1:2:(class_colour($3)) @dot, \
     @keys
unset output
set palette defined (0 ORANGE, 0.5 GREY, 1 BLUE)
unset colorbox

# ---- mistakes: per epoch, on the pass data (reaches 0) and on XOR (never does)
eval term(620, 360)
set output out . "/mistakes." . ext
set size noratio
set title "Mistakes per epoch"
set xlabel "epoch"; set ylabel "mistakes"
set xrange [1:*]; set yrange [0:*]
set key top right
set grid
plot dir . "/mistakes_pass.dat" using 1:2 with linespoints pt 7 lw 2 lc rgb BLUE title "Will I pass? (separable)", \
     dir . "/mistakes_xor.dat" using 1:2 with linespoints pt 5 lw 2 lc rgb ORANGE title "XOR (not separable)"
unset output
