# 04_xor.gp -- chapter 4's figures, from the data plots/04_xor.c wrote.
# Usage: gnuplot -e "dir='DATA'; out='FIGURES'; ext='png'" plots/04_xor.gp

load "plots/style.gp"
load dir . "/values.gp"

# The 0.5 contour of a grid file into the datablock named by `block`, e.g. "$b_linear".
contour(file, block) = sprintf("set contour base; set cntrparam levels discrete 0.5; " . \
    "unset surface; set view map; set table %s; splot '%s' using 1:2:3 with lines; " . \
    "unset table; unset contour; set surface", block, file)
eval contour(dir . "/grid_linear.dat", "$b_linear")
eval contour(dir . "/grid_product.dat", "$b_product")
eval contour(dir . "/grid_circle_linear.dat", "$b_circle_linear")
eval contour(dir . "/grid_circle_squares.dat", "$b_circle_squares")
eval contour(dir . "/grid_knn1.dat", "$b_knn1")
eval contour(dir . "/grid_knn15.dat", "$b_knn15")

# A probability p is drawn lightened (light(p), plots/style.gp), so that the points show on it.
# Every figure of points carries the key to the class colours, and nothing else in its key.
set cbrange [0:1]
unset colorbox
set key noautotitle outside bottom center horizontal samplen 1
keys = "@classkey0 title 'class 0', @classkey1 title 'class 1'"
set size ratio -1
set xrange [-6:6]; set yrange [-6:6]
set xtics 2; set ytics 2
set xlabel "x_1"; set ylabel "x_2"
boundary = "with lines lw 2.5 lc rgb '#202020'"

# ---- xor_linear: logistic regression on (x1, x2) -- the failure
eval term(560, 540)
set output out . "/xor_linear." . ext
set title sprintf("XOR, logistic regression on (x_1, x_2)\nheld-out accuracy %.1f%%", acc_linear)
plot dir . "/grid_linear.dat" using 1:2:(light($3)) with image, \
     $b_linear using 1:2 @boundary, \
     dir . "/xor.dat" using 1:2 @ring, \
     dir . "/xor.dat" using 1:2:(class_colour($3)) @dot, \
     @keys
unset output

# ---- xor_product: the same model given x1*x2 as well
eval term(560, 540)
set output out . "/xor_product." . ext
set title sprintf("XOR, logistic regression on (x_1, x_2, x_1 x_2)\nheld-out accuracy %.1f%%", acc_product)
plot dir . "/grid_product.dat" using 1:2:(light($3)) with image, \
     $b_product using 1:2 @boundary, \
     dir . "/xor.dat" using 1:2 @ring, \
     dir . "/xor.dat" using 1:2:(class_colour($3)) @dot, \
     @keys
unset output

# ---- circle: on (x1, x2) and on (x1^2, x2^2), side by side
eval term(1040, 540)
set output out . "/circle.". ext
set multiplot layout 1, 2
set title sprintf("Circle, logistic regression on (x_1, x_2)\nheld-out accuracy %.1f%%", acc_circle_linear)
plot dir . "/grid_circle_linear.dat" using 1:2:(light($3)) with image, \
     $b_circle_linear using 1:2 @boundary, \
     dir . "/circle.dat" using 1:2 @ring, \
     dir . "/circle.dat" using 1:2:(class_colour($3)) @dot, \
     @keys
set title sprintf("Circle, logistic regression on (x_1^2, x_2^2)\nheld-out accuracy %.1f%%", acc_circle_squares)
plot dir . "/grid_circle_squares.dat" using 1:2:(light($3)) with image, \
     $b_circle_squares using 1:2 @boundary, \
     dir . "/circle.dat" using 1:2 @ring, \
     dir . "/circle.dat" using 1:2:(class_colour($3)) @dot, \
     @keys
unset multiplot
unset output

# ---- feature_space: the same points in the features that make them separable
eval term(1040, 520)
set output out . "/feature_space." . ext
set multiplot layout 1, 2
set size square
set title "XOR in the features (x_1, x_1 x_2)\nclass 1 exactly where x_1 x_2 >= 0"
set xrange [-6:6]; set yrange [-32:32]
set xtics 2; set ytics 8
set xlabel "x_1"; set ylabel "x_1 x_2"
set arrow 1 from -6, 0 to 6, 0 nohead lw 2.5 lc rgb '#202020' front
plot dir . "/xor_features.dat" using 1:2 @ring, \
     dir . "/xor_features.dat" using 1:2:(class_colour($3)) @dot, \
     @keys
unset arrow 1
set title "Circle in the features (x_1^2, x_2^2)\nthe line logistic regression learned"
set xrange [0:26]; set yrange [0:26]
set xtics 5; set ytics 5
set xlabel "x_1^2"; set ylabel "x_2^2"
plot (-(sq_b + sq_w1 * x) / sq_w2) with lines lw 2.5 lc rgb '#202020', \
     dir . "/circle_features.dat" using 1:2 @ring, \
     dir . "/circle_features.dat" using 1:2:(class_colour($3)) @dot, \
     @keys
unset multiplot
unset output
set size ratio -1

# ---- knn: the fraction of the k nearest labelled 1, k = 1 and k = 15, on noisy xor
eval term(1040, 540)
set output out . "/knn." . ext
set multiplot layout 1, 2
set xrange [-6:6]; set yrange [-6:6]
set xtics 2; set ytics 2
set xlabel "x_1"; set ylabel "x_2"
set title sprintf("1-nearest neighbour on noisy XOR\ntraining accuracy %.1f%%, fresh points %.1f%%", knn1_train, knn1_fresh)
plot dir . "/grid_knn1.dat" using 1:2:(light($3)) with image, \
     $b_knn1 using 1:2 @boundary, \
     dir . "/knn_noisy.dat" using 1:2 @ring, \
     dir . "/knn_noisy.dat" using 1:2:(class_colour($3)) @dot, \
     @keys
set title sprintf("15 nearest neighbours on noisy XOR\ntraining accuracy %.1f%%, fresh points %.1f%%", knn15_train, knn15_fresh)
plot dir . "/grid_knn15.dat" using 1:2:(light($3)) with image, \
     $b_knn15 using 1:2 @boundary, \
     dir . "/knn_noisy.dat" using 1:2 @ring, \
     dir . "/knn_noisy.dat" using 1:2:(class_colour($3)) @dot, \
     @keys
unset multiplot
unset output
