# 05_mlp.gp -- chapter 5's figures, from the data plots/05_mlp.c wrote.
# Usage: gnuplot -e "dir='DATA'; out='FIGURES'; ext='png'" plots/05_mlp.gp

load "plots/style.gp"

# The p = 0.5 contour of a grid file into a datablock: the decision boundary as a line.
set contour base
set cntrparam levels discrete 0.5
unset surface
set view map
set table $circle_boundary
splot dir . "/circle_grid.dat" using 1:2:3 with lines
unset table
set table $spiral1_boundary
splot dir . "/spiral1_grid.dat" using 1:2:3 with lines
unset table
set table $spiral3_boundary
splot dir . "/spiral3_grid.dat" using 1:2:3 with lines
unset table
unset contour

# ---- activations: each function (solid) and its derivative (dashed)
eval term(1200, 400)
set output out . "/activations." . ext
set multiplot layout 1, 3 title "Activation functions (solid) and their derivatives (dashed)"
set xrange [-5:5]
set grid
set key top left Left reverse samplen 2.5
set xlabel "z"
set yrange [-0.1:1.45]
set title "sigmoid: squashes to (0, 1)"
plot dir . "/act.dat" using 1:2 with lines lw 2.5 lc rgb BLUE title "sigmoid(z)", \
     dir . "/act.dat" using 1:3 with lines lw 2.5 dt 2 lc rgb BLUE title "sigmoid'(z), at most 1/4"
set yrange [-1.1:1.75]
set title "tanh: squashes to (-1, 1)"
plot dir . "/act.dat" using 1:4 with lines lw 2.5 lc rgb ORANGE title "tanh(z)", \
     dir . "/act.dat" using 1:5 with lines lw 2.5 dt 2 lc rgb ORANGE title "tanh'(z), at most 1"
set yrange [-0.5:6.5]
set title "relu: thresholds at 0"
plot dir . "/act.dat" using 1:6 with lines lw 2.5 lc rgb "#303030" title "relu(z)", \
     dir . "/act.dat" using 1:7 with lines lw 2.5 dt 2 lc rgb "#303030" title "relu'(z): 0 or 1"
unset multiplot
unset output

# The plane, as in the Playground.
set xrange [-6:6]; set yrange [-6:6]; set cbrange [0:1]
set size ratio -1
set xlabel "x_1"; set ylabel "x_2"
set palette defined (0 ORANGE, 0.5 GREY, 1 BLUE)
unset grid

# ---- circle_1x3: one hidden layer of 3 units; each unit's own line (dashed), and what the
#      output layer makes of them (the boundary, black)
eval term(600, 600)
set output out . "/circle_1x3." . ext
set title "2-3-1 tanh network on circle data: 3 lines make a triangle"
set colorbox
set cblabel "p(y = 1 | x)"
set key outside bottom center horizontal
plot dir . "/circle_grid.dat" using 1:2:3 with image notitle, \
     dir . "/circle_units.dat" using 1:2 with lines lw 1.5 dt 2 lc rgb "#505050" title "hidden units: z = 0", \
     $circle_boundary using 1:2 with lines lw 2.5 lc rgb "black" title "network: p = 0.5", \
     dir . "/circle.dat" using 1:2 @ring notitle, \
     dir . "/circle.dat" using 1:2:(class_colour($3)) @dot notitle
unset output

# ---- spiral_depth: one hidden layer against three, same data, same training budget
eval term(1100, 540)
set output out . "/spiral_depth." . ext
set multiplot layout 1, 2 title "Spiral data, tanh units, 2000 epochs each: one hidden layer of 8 units against three"
unset colorbox
unset key
set title "1 hidden layer, 2-8-1 (train accuracy 0.83)"
plot dir . "/spiral1_grid.dat" using 1:2:3 with image, \
     $spiral1_boundary using 1:2 with lines lw 2 lc rgb "black", \
     dir . "/spiral.dat" using 1:2 @ring, \
     dir . "/spiral.dat" using 1:2:(class_colour($3)) @dot
set title "3 hidden layers, 2-8-8-8-1 (train accuracy 1.00)"
plot dir . "/spiral3_grid.dat" using 1:2:3 with image, \
     $spiral3_boundary using 1:2 with lines lw 2 lc rgb "black", \
     dir . "/spiral.dat" using 1:2 @ring, \
     dir . "/spiral.dat" using 1:2:(class_colour($3)) @dot
unset multiplot
unset output
