# 07_digits.gp -- chapter 7's figures, from the data plots/07_digits.c wrote.
# Usage: gnuplot -e "dir='DATA'; out='FIGURES'; ext='png'" plots/07_digits.gp

load "plots/style.gp"

INK = "#202020"

# A figure of 8x8 tiles (write_tiles): no axes, square pixels, the tiles' labels underneath.
# The tiles are NaN between them, which gnuplot leaves transparent.
tiles_setup = "unset border; unset tics; unset key; unset colorbox; set size ratio -1; " . \
              "set margins 1, 1, 1, 3"
# A light grey behind the tiles, so that each 8x8 image shows as a white square.
backdrop = "set object 1 rectangle from graph 0, 0 to graph 1, 1 behind fc rgb '#eeeeee' fs solid noborder"

# ---- samples: the first four images of each digit in the file
eval term(980, 560)
set output out . "/samples." . ext
eval tiles_setup
eval backdrop
set title "The first four images of each digit in data/digits.csv (8x8 pixels, counts 0 to 16)"
set palette defined (0 "white", 16 INK)
set cbrange [0:16]
set xrange [-0.5:88.5]; set yrange [-44:0.5]
plot dir . "/samples.dat" using 1:2:3 with image, \
     dir . "/samples_labels.dat" using 1:2:3 with labels font ",9" tc rgb "#505050"
unset output

# ---- wrong: the test digits the network gets wrong most confidently
eval term(760, 430)
set output out . "/wrong." . ext
set title "The 10 test digits the network gets wrong with the highest probability (after 30 epochs)"
set xrange [-0.5:44.5]; set yrange [-24.5:0.5]
plot dir . "/wrong.dat" using 1:2:3 with image, \
     dir . "/wrong_labels.dat" using 1:2:3 with labels font ",9" tc rgb "#505050"
unset output

unset object 1

# ---- hidden: the first layer's weights, one tile per hidden unit
eval term(900, 500)
set output out . "/hidden." . ext
set title "What the 32 hidden units look for: each unit's 64 input weights as an 8x8 image\n" . \
          "(blue: ink there raises the unit's input; orange: lowers it; each tile scaled to its largest weight)"
set palette defined (-1 ORANGE, 0 GREY, 1 BLUE)
set cbrange [-1:1]
set xrange [-0.5:71.5]; set yrange [-35.5:0.5]
set margins 1, 1, 1, 4
plot dir . "/hidden.dat" using 1:2:3 with image
unset output

# ---- confusion: rows the true digit, columns the prediction
eval term(620, 600)
set output out . "/confusion." . ext
set title "Confusion matrix of the 451 test digits after 30 epochs\n(blue: right, the diagonal; orange: mistakes)"
set border; set tics out nomirror scale 0
set margins -1, -1, -1, -1
set size ratio -1
set xrange [-0.5:9.5]; set yrange [9.5:-0.5]
set xtics 0, 1, 9; set ytics 0, 1, 9
set x2tics 0, 1, 9
unset xtics
set x2label "predicted digit"; set ylabel "true digit"
# Right answers shade blue by count (of about 45), mistakes orange (from pale at 1 to full at 4).
set palette defined (-1 ORANGE, 0 "white", 1 BLUE)
set cbrange [-1:1]
cell(t, p, c) = t == p ? c / 50.0 : c == 0 ? 0 : -(0.35 + 0.65 * (c > 4 ? 1 : c / 4.0))
plot dir . "/confusion.dat" using 2:1:(cell($1, $2, $3)) with image, \
     dir . "/confusion.dat" using 2:1:($3 > 0 ? sprintf("%d", $3) : "") with labels font ",11"
unset output
set yrange [*:*] noreverse
set size noratio
set margins -1, -1, -1, -1

# ---- curves: train and test, loss and accuracy, per epoch
set tics in mirror scale 1
unset x2tics; unset y2tics; unset x2label; unset ylabel
set xtics autofreq; set ytics autofreq
set grid
set key top right
eval term(1100, 440)
set output out . "/curves." . ext
set multiplot layout 1, 2 title "Training the 64-32-10 tanh network (1346 training digits, lr 0.2, batches of 10)"
set title "mean cross-entropy"
set xlabel "epoch"; unset ylabel
set logscale y
set format y "%g"
set xrange [0:100]; set yrange [*:*]
set arrow 1 from 30, graph 0 to 30, graph 1 nohead dt 3 lc rgb "#808080"
set label 1 "the test's budget" at 31, graph 0.93 font ",9" tc rgb "#808080"
plot dir . "/curves.dat" using 1:2 with lines lw 2.5 lc rgb BLUE title "train", \
     dir . "/curves.dat" using 1:3 with lines lw 2.5 dt 2 lc rgb ORANGE title "test"
unset logscale y
set title "accuracy"
set yrange [0.9:1.002]
set key bottom right
plot dir . "/curves.dat" using 1:4 with lines lw 2.5 lc rgb BLUE title "train", \
     dir . "/curves.dat" using 1:5 with lines lw 2.5 dt 2 lc rgb ORANGE title "test"
unset multiplot
unset output
unset arrow 1; unset label 1

# ---- overfit: the same network trained on a tenth of the training digits. The loss on a linear
#      axis (a log axis squeezes the test loss's rise flat), and an inset that zooms on the test
#      loss: its lowest point, then the rise.
unset logscale; set autoscale xy
stats dir . "/small.dat" using 1:3 nooutput
low_epoch = STATS_pos_min_y
low_loss = STATS_min_y
stats dir . "/small.dat" using 3 every ::300::300 nooutput
last_loss = STATS_min
eval term(1100, 440)
set output out . "/overfit." . ext
set multiplot title "The same network trained on only 134 digits (tested on the same 451)"
set origin 0, 0; set size 0.5, 0.93
set title "mean cross-entropy"
set xrange [0:300]; set yrange [0:1.2]
set ytics 0.2
set key at graph 0.97, 0.3 right
plot dir . "/small.dat" using 1:2 with lines lw 2.5 lc rgb BLUE title "train", \
     dir . "/small.dat" using 1:3 with lines lw 2.5 dt 2 lc rgb ORANGE title "test"
# the inset, in the empty upper part
set origin 0.17, 0.47; set size 0.32, 0.38
set title sprintf("test loss: lowest %.2f at epoch %d, then %.2f", low_loss, low_epoch, last_loss) font ",9"
set yrange [low_loss - 0.03:last_loss + 0.03]
set ytics 0.05 font ",9"; set xtics 100 font ",9"
unset xlabel; unset key
set object 2 rectangle from graph 0, 0 to graph 1, 1 behind fc rgb "white" fs solid noborder
plot dir . "/small.dat" using 1:3 with lines lw 2 lc rgb ORANGE, \
     "+" using (low_epoch):(low_loss) every ::0::0 with points pt 7 ps 0.9 lc rgb "#303030"
unset object 2
set title font ""; set xtics autofreq font ""; set ytics autofreq font ""
set xlabel "epoch"
set origin 0.5, 0; set size 0.5, 0.93
set title "accuracy"
set yrange [0.5:1.02]
set key bottom right
plot dir . "/small.dat" using 1:4 with lines lw 2.5 lc rgb BLUE title "train", \
     dir . "/small.dat" using 1:5 with lines lw 2.5 dt 2 lc rgb ORANGE title "test"
unset multiplot
unset output

# ---- scaling: pixels / 16 against the raw counts
eval term(700, 420)
set output out . "/scaling." . ext
set title "Test accuracy per epoch, with the pixels scaled to [0, 1] and without"
set xlabel "epoch"; set ylabel "accuracy on the 451 test digits"
set xrange [0:30]; set yrange [0:1]
set key bottom right
plot dir . "/scaling.dat" using 1:2 with linespoints pt 7 ps 0.6 lw 2.5 lc rgb BLUE title "pixels / 16", \
     dir . "/scaling.dat" using 1:3 with linespoints pt 7 ps 0.6 lw 2.5 lc rgb ORANGE title "raw counts 0 .. 16"
unset output
