# 08_landscape.gp -- chapter 8's figures, from the data plots/08_landscape.c wrote.
# Usage: gnuplot -e "dir='DATA'; out='FIGURES'; ext='png'" plots/08_landscape.gp

load "plots/style.gp"
load dir . "/stats.gp"

# A perceptually uniform palette (viridis' five anchors) for the loss, whose range is wide:
# colours, contours and heights show log10 of the loss, labelled in loss units.
set palette defined (0 "#440154", 1 "#3b528b", 2 "#21908d", 3 "#5dc963", 4 "#fde725")
CAP = 30.0                                   # losses above this are drawn at it
lg(v) = log10(v < CAP ? v : CAP)
LOSS_TICS = '("0.01" -2, "0.03" log10(0.03), "0.1" -1, "0.3" log10(0.3), "1" 0, "3" log10(3), "10" 1, "30" log10(30))'
LEVELS = "0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20"
REF = "with points pt 6 ps 0.7 lc rgb '#303030'"
theta = "with points pt 2 ps 2 lw 2 lc rgb 'white'"

# ---------------------------------------------------------------- 1-D figures

set grid
set logscale y
set format y "%g"
set key bottom left opaque box lc rgb "#c0c0c0"

# ---- interpolation: initial -> trained, and between two minima
eval term(1150, 460)
set output out . "/interpolation." . ext
set multiplot layout 1, 2 title "The loss on the line ".THETA."(".ALPHA.") = (1 - ".ALPHA.") ".THETA."_0 + ".ALPHA." ".THETA."_1, 2-8-8-1 tanh on the 500-point spiral\n" . \
    "(lines: this code; circles: the reference)"
set xrange [-0.5:1.5]
set yrange [0.02:20]
set xlabel ALPHA
set ylabel "mean cross-entropy"
set arrow 1 from 0, graph 0 to 0, graph 1 nohead dt 3 lc rgb "#808080"
set arrow 2 from 1, graph 0 to 1, graph 1 nohead dt 3 lc rgb "#808080"
set title "initial weights (".ALPHA." = 0) to trained (".ALPHA." = 1)"
plot dir . "/interp.dat" using 1:2 with lines lw 2.5 lc rgb BLUE title "train", \
     dir . "/interp.dat" using 1:3 with lines lw 2.5 dt 2 lc rgb ORANGE title "test", \
     dir . "/interp.dat" using 1:6 @REF notitle, \
     dir . "/interp.dat" using 1:7 @REF notitle
set title "trained from seed 1 (".ALPHA." = 0) to trained from seed 3 (".ALPHA." = 1)"
plot dir . "/interp.dat" using 1:4 with lines lw 2.5 lc rgb BLUE title "train", \
     dir . "/interp.dat" using 1:5 with lines lw 2.5 dt 2 lc rgb ORANGE title "test", \
     dir . "/interp.dat" using 1:8 @REF notitle, \
     dir . "/interp.dat" using 1:9 @REF notitle
unset multiplot
unset output
unset arrow 1
unset arrow 2

# ---- normalization: a network and its rescaled twin, along a raw and a normalised direction
eval term(1150, 460)
set output out . "/normalization." . ext
set multiplot layout 1, 2 title "The 2-8-8-8-8-1 relu network and its twin (first layer times 4, second divided by 4):\n" . \
    "the same function, the same loss at ".ALPHA." = 0 (lines: this code; circles: the reference)"
set xrange [-0.5:0.5]
set yrange [0.01:300]
set title "along a random Gaussian direction d, as drawn"
plot dir . "/norm.dat" using 1:2 with lines lw 2.5 lc rgb BLUE title "network", \
     dir . "/norm.dat" using 1:3 with lines lw 2.5 dt 2 lc rgb ORANGE title "rescaled twin", \
     dir . "/norm.dat" using 1:6 @REF notitle, \
     dir . "/norm.dat" using 1:7 @REF notitle
set title "along the same d, filter-normalised to each network"
plot dir . "/norm.dat" using 1:4 with lines lw 2.5 lc rgb BLUE title "network", \
     dir . "/norm.dat" using 1:5 with lines lw 2.5 dt 2 lc rgb ORANGE title "rescaled twin", \
     dir . "/norm.dat" using 1:8 @REF notitle, \
     dir . "/norm.dat" using 1:9 @REF notitle
unset multiplot
unset output

# ---- batch_1d: the small-batch and the large-batch network along a normalised direction
eval term(1150, 460)
set output out . "/batch_1d." . ext
set multiplot layout 1, 2 title "2-8-8-1 tanh trained to a train loss of 0.04 with small and large batches:\n" . \
    "the loss along a filter-normalised random direction of each"
set yrange [0.02:50]
set title sprintf("batches of 10, lr 0.02: second difference at %s = 0 (h = 0.01) %.3g", ALPHA, small_batch_curv)
plot dir . "/batch1d.dat" using 1:2 with lines lw 2.5 lc rgb BLUE title "train", \
     dir . "/batch1d.dat" using 1:3 with lines lw 2.5 dt 2 lc rgb ORANGE title "test"
set title sprintf("one batch of 500, lr 0.2: second difference at %s = 0 (h = 0.01) %.3g", ALPHA, large_batch_curv)
plot dir . "/batch1d.dat" using 1:4 with lines lw 2.5 lc rgb BLUE title "train", \
     dir . "/batch1d.dat" using 1:5 with lines lw 2.5 dt 2 lc rgb ORANGE title "test"
unset multiplot
unset output

unset logscale y
unset grid
set format y "% h"

# ---------------------------------------------------------------- 2-D figures

# The contours of each grid, at the loss levels above, into a datablock each (the ranges first:
# a table keeps only what lies inside them).
set xrange [-0.5:0.5]; set yrange [-0.5:0.5]
set contour base
eval "set cntrparam levels discrete " . LEVELS
unset surface
set view map
do for [name in "shallow_tanh deep_tanh deep_relu small_batch large_batch"] {
    eval "set table $contour_" . name
    splot dir . "/grid_" . name . ".dat" using 1:2:3 with lines
    unset table
}
unset contour
set surface

# One panel: the heat map of log10(loss), its contours, theta (the cross), the minimum (the
# dot) and the circle of radius `radius` (stats.gp) within which the sharpness is measured.
panel(name, label) = sprintf("set title \"%s: loss at " . THETA . " %.3g\\nlowest %.3g at (%.2f, %.2f); largest rise within %g: %.3g\"; ", \
    label, value(name . "_loss"), value(name . "_min"), value(name . "_min_alpha"), value(name . "_min_beta"), \
    radius, value(name . "_sharp")) . \
    sprintf("plot \"%s/grid_%s.dat\" using 1:2:(lg($3)) with image, ", dir, name) . \
    sprintf("$contour_%s using 1:2 with lines lw 1 lc rgb \"white\", ", name) . \
    sprintf("\"+\" using (0):(0) every ::0::0 %s, ", theta) . \
    sprintf("\"+\" using (%g):(%g) every ::0::0 with points pt 7 ps 1.2 lc rgb \"#ff3030\"", \
    value(name . "_min_alpha"), value(name . "_min_beta"))

contours(file, title, a, alabel, b, blabel) = \
    term(1150, 600) . "; set output out . \"/" . file . ".\" . ext; " . \
    "set multiplot layout 1, 2 title \"" . title . "\"; " . panel(a, alabel) . "; " . panel(b, blabel) . \
    "; unset multiplot; unset output"

set size ratio -1
set xlabel ALPHA." (along d_1)"; set ylabel BETA." (along d_2)"
set cbrange [-2:log10(CAP)]
eval "set cbtics " . LOSS_TICS
set cblabel "mean cross-entropy (log scale)"
set colorbox
unset key
set object 1 circle at 0, 0 size radius front fillstyle empty border lc rgb "#ff3030" dt 2 lw 1.5

eval contours("depth_contour", "The loss on a plane through ".THETA.", two filter-normalised directions: one hidden layer against four", \
    "shallow_tanh", "2-8-1 tanh", "deep_tanh", "2-8-8-8-8-1 tanh")
eval contours("activation_contour", "The loss on a plane through ".THETA." of two 2-8-8-8-8-1 networks: tanh units against relu units", \
    "deep_tanh", "tanh", "deep_relu", "relu")
eval contours("batch_contour", "The loss on a plane through ".THETA." of 2-8-8-1 tanh networks trained with small and large batches", \
    "small_batch", "batches of 10", "large_batch", "one batch of 500")
unset object 1

# ---- the same slices as surfaces
set size noratio
set view 58, 32, 1, 1.1
set pm3d depthorder noborder lighting primary 0.55 specular 0.25
set zrange [-2:log10(CAP)]
eval "set ztics " . LOSS_TICS
set ticslevel 0
set zlabel "loss" rotate by 90 offset 1, 0
set xlabel ALPHA offset 0, -0.5; set ylabel BETA offset 0, -0.5
set xtics 0.25 offset 0, -0.3; set ytics 0.25 offset 0, -0.3
unset colorbox
surface(name, label) = sprintf("set title \"%s\\nloss at " . THETA . " %.3g, largest rise within %g: %.3g\"; splot \"%s/grid_%s.dat\" using 1:2:(lg($3)) with pm3d", \
    label, value(name . "_loss"), radius, value(name . "_sharp"), dir, name)
surfaces(file, title, a, alabel, b, blabel) = \
    term(1150, 560) . "; set output out . \"/" . file . ".\" . ext; " . \
    "set multiplot layout 1, 2 title \"" . title . "\"; " . surface(a, alabel) . "; " . surface(b, blabel) . \
    "; unset multiplot; unset output"

eval surfaces("depth_surface", "The loss surface over the plane, height and colour log10(loss): one hidden layer against four", \
    "shallow_tanh", "2-8-1 tanh", "deep_tanh", "2-8-8-8-8-1 tanh")
eval surfaces("activation_surface", "The loss surface over the plane: 2-8-8-8-8-1 with tanh units against relu units", \
    "deep_tanh", "tanh", "deep_relu", "relu")
eval surfaces("batch_surface", "The loss surface over the plane: 2-8-8-1 tanh, batches of 10 against one batch of 500", \
    "small_batch", "batches of 10", "large_batch", "one batch of 500")
