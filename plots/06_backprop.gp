# 06_backprop.gp -- chapter 6's figures, from the data plots/06_backprop.c wrote.
# Usage: gnuplot -e "dir='DATA'; out='FIGURES'; ext='png'" plots/06_backprop.gp

load "plots/style.gp"

# ---- loss: the mean cross-entropy of the train and test halves after each epoch
eval term(700, 420)
set output out . "/loss." . ext
set title "Training a 2-16-16-1 tanh network on spiral data (lr 0.2, batches of 10)"
set xlabel "epoch"; set ylabel "mean cross-entropy"
set logscale y
set format y "%g"
set grid
set key top right
set xrange [0:*]
plot dir . "/loss.dat" using 1:2 with lines lw 2.5 lc rgb BLUE title "train", \
     dir . "/loss.dat" using 1:3 with lines lw 2.5 dt 2 lc rgb ORANGE title "test"
unset output
unset logscale y
set format y "% h"

# ---- boundary: the network this code trained, beside the reference's
set contour base
set cntrparam levels discrete 0.5
unset surface
set view map
set table $yours
splot dir . "/yours_grid.dat" using 1:2:3 with lines
unset table
set table $reference
splot dir . "/reference_grid.dat" using 1:2:3 with lines
unset table
unset contour

eval term(1100, 540)
set output out . "/boundary." . ext
set multiplot layout 1, 2 title "The decision boundary after 400 epochs, and the reference's"
set xrange [-6:6]; set yrange [-6:6]; set cbrange [0:1]
set size ratio -1
set xlabel "x_1"; set ylabel "x_2"
set palette defined (0 ORANGE, 0.5 GREY, 1 BLUE)
unset colorbox
unset grid
# The probability lightened, so that each point shows in its class's colour and a point on the
# wrong side of the boundary stands out.
set key outside bottom center horizontal samplen 1
set title "trained by this code"
plot dir . "/yours_grid.dat" using 1:2:(light($3)) with image notitle, \
     $yours using 1:2 with lines lw 2 lc rgb "black" notitle, \
     dir . "/spiral.dat" using 1:2 @ring notitle, \
     dir . "/spiral.dat" using 1:2:(class_colour($3)) @dot notitle, \
     @classkey0 title "class 0", @classkey1 title "class 1"
set title "trained by the reference"
plot dir . "/reference_grid.dat" using 1:2:(light($3)) with image notitle, \
     $reference using 1:2 with lines lw 2 lc rgb "black" notitle, \
     dir . "/spiral.dat" using 1:2 @ring notitle, \
     dir . "/spiral.dat" using 1:2:(class_colour($3)) @dot notitle, \
     @classkey0 title "class 0", @classkey1 title "class 1"
unset key
unset multiplot
unset output

# ---- gradnorm: how big the weight gradients are, layer by layer, at initialisation
eval term(700, 440)
set output out . "/gradnorm." . ext
set size noratio
set title "Gradient size per layer of a 2-8-8-8-8-8-1 network at initialisation"
set xlabel "layer (1 = nearest the input, 6 = the output layer)"
set ylabel "RMS of d loss / d weight"
set xrange [0.8:6.2]; set yrange [*:*]
set xtics 1
set logscale y
set format y "10^{%L}"
set grid
set key bottom right
plot dir . "/gradnorm.dat" using 1:2 with linespoints pt 7 lw 2.5 lc rgb BLUE title "sigmoid", \
     dir . "/gradnorm.dat" using 1:3 with linespoints pt 5 lw 2.5 lc rgb ORANGE title "tanh", \
     dir . "/gradnorm.dat" using 1:4 with linespoints pt 9 lw 2.5 lc rgb "#303030" title "relu"
unset output
