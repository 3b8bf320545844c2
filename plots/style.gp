# style.gp -- the look every figure shares: TensorFlow Playground's colours and the terminal.
#
# Loaded by the chapters' scripts after they set:  ext = "png", "svg" or "pdf"
# Then:  eval term(600, 600)   chooses the terminal for a figure of that size in pixels.
# PNG for the terminal and the README, SVG for the HTML handouts, PDF (vector) for the printed
# ones. The PDF is the PNG's size at 72 pixels an inch with the same font, so the three look
# alike (pdfcairo's own default halves the fonts: fontscale 0.5).
# Text is ASCII in the scripts: a Greek letter is written as its UTF-8 bytes in octal, e.g.
# "\317\203" for sigma (enhanced text mode).

if (!exists("ext")) ext = "png"
term(w, h) = (ext eq "svg") \
    ? sprintf('set terminal svg size %d,%d dynamic enhanced font "DejaVu Sans,11" background "white"', w, h) \
    : (ext eq "pdf") \
    ? sprintf('set terminal pdfcairo size %.4fin,%.4fin enhanced font "DejaVu Sans,11" fontscale 1.0 linewidth 1 background "white"', w / 72.0, h / 72.0) \
    : sprintf('set terminal pngcairo size %d,%d enhanced font "DejaVu Sans,11"', w, h)

# Greek letters (UTF-8, see above)
SIGMA  = "\317\203"
LAMBDA = "\316\273"
ALPHA  = "\316\261"
BETA   = "\316\262"
THETA  = "\316\270"
ELL    = "\342\204\223"

# The Playground's colours: orange for class 0 (its -1), light grey for 0.5, blue for class 1.
ORANGE = "#f59322"
GREY   = "#e8eaeb"
BLUE   = "#0877bd"
set palette defined (0 ORANGE, 0.5 GREY, 1 BLUE)
class_colour(y) = (y > 0.5) ? 0x0877bd : 0xf59322

# A point: a dark ring, then its class colour, so that it shows even on a background of its
# own colour.
ring = "with points pt 7 ps 1.3 lc rgb '#303030'"
dot  = "with points pt 7 ps 0.85 lc rgb variable"

# A probability p as a background, lightened to 0.15 + 0.7 p so that the points show on it (and
# a point on the other class's side stands out); 0.5 stays the Playground's grey.
light(p) = 0.15 + 0.7 * p

# The key to the class colours, for a plot of points: two entries, named by the caller, e.g.
#   plot ..., @classkey0 title "class 0 (fail)", @classkey1 title "class 1 (pass)"
classkey0 = "keyentry with points pt 7 ps 1.1 lc rgb ORANGE"
classkey1 = "keyentry with points pt 7 ps 1.1 lc rgb BLUE"
