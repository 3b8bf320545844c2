/* 08_landscape.c -- writes the data of chapter 8's figures, from the chapter file it is linked
 * with (yours, or the reference) and chapters 5 and 6 beside it.
 *
 * Usage: plot_08 OUTDIR SOURCE     (SOURCE only names the chapter file in messages)
 * Writes into OUTDIR:
 *   interp.dat       a, then the train and test loss along the line from a network's initial to
 *                    its trained parameters, and along the line between two trained networks
 *                    (loss_interpolation, a from -0.5 to 1.5); then the reference's four curves
 *   norm.dat         a, the loss along a raw Gaussian direction through the deep relu network
 *                    and through its rescaled twin (the same function), then the same along the
 *                    filter-normalised direction (loss_slice_1d); then the reference's four
 *   batch1d.dat      a, train and test loss of the small-batch and the large-batch network
 *                    along a filter-normalised direction of each
 *   grid_NAME.dat    `a b loss` over [-1, 1]^2, 51 x 51 (loss_slice_2d), a blank line after each
 *                    row, for NAME = shallow_tanh, deep_tanh, deep_relu, small_batch, large_batch
 *   stats.gp         gnuplot assignments: each network's loss at theta, its slice's minimum and
 *                    where it is (slice_minimum), the curvature at theta along d1
 *                    (slice_curvature) and the largest rise within 0.5 (slice_sharpness)
 *   spiral.dat       the 500 training points
 * plots/08_landscape.gp draws them.
 *
 * The data: data_spiral(500, noise 0.2) twice from rng_seed(8001, 8), the first 500 points to
 * train on, the next 500 to test on. The networks were trained by the reference of chapter 6
 * and written down below (to 9 digits), so that the figures show what YOUR landscape code makes
 * of the same points in parameter space. Recipe of each: mlp_init (Glorot's weights) from
 * rng_seed(8100 + seed, 8); every epoch a permutation from the same rng, then mlp_train_epoch
 * over the 500 training points:
 *   SHALLOW_TANH   2-8-1 tanh, seed 1, batches of 10, lr 0.1, 3000 epochs
 *                  (train loss 0.398, test loss 0.436; accuracy 0.820 on both)
 *   DEEP_TANH      2-8-8-8-8-1 tanh, seed 1, batches of 10, lr 0.02, 3000 epochs
 *                  (train 0.0197, test 0.0479; accuracy 0.992 and 0.986)
 *   DEEP_RELU      2-8-8-8-8-1 relu, seed 1, batches of 10, lr 0.02, 3000 epochs
 *                  (train 0.0146, test 0.0753; accuracy 0.994 and 0.980)
 *   SMALL_BATCH    2-8-8-1 tanh, seed 1, batches of 10, lr 0.02, until the train loss (checked
 *                  every 10 epochs) fell below 0.04: 1680 epochs, 84000 steps
 *                  (train 0.0395, test 0.0535; accuracy 0.986 and 0.980)
 *   LARGE_BATCH    2-8-8-1 tanh, seed 1, one batch of all 500, lr 0.2, until below 0.04:
 *                  10270 epochs, 10270 steps (train 0.0400, test 0.0481; accuracy 0.984, 0.984)
 *   SECOND_MINIMUM 2-8-8-1 tanh, seed 3, as SMALL_BATCH: 1680 epochs
 *                  (train 0.0400, test 0.0504; accuracy 0.988 and 0.982)
 * SMALL_BATCH's initial parameters are drawn here, as mlp_init draws them from seed 1.
 * Every random direction comes from random_direction and filter_normalize (yours), drawn from
 * rng_seed(808, 8) in the order the figures need them.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "landscape.h"
#include "plot.h"

enum { NPTS = 500, G = 51, NI = 41, N1 = 101 };
// Every slice spans [LO, HI] along each direction; the sharpness is measured within RADIUS.
#define LO (-0.5)
#define HI 0.5
#define RADIUS 0.25

// ---------------------------------------------------------------- the trained networks

static const double SHALLOW_TANH[33] = {
    0.97991916, -0.303013519, -2.66497229, 3.0926656, 2.40956323, 2.35508762, -7.18942914,
    7.57080318, -0.18364584, 2.96239714, -6.79105796, 3.14992839, 1.05929812, -4.7674659,
    1.88815487, -2.88696767, 0.61458699, 12.9703328, -13.3910062, -2.83945327, -5.33371516,
    -0.585252268, 3.46266311, 9.99303765, -4.39669131, -7.53476154, -7.85802053, -1.67936347,
    5.8320575, -2.06223197, 0.568429205, 8.95768069, -3.62182465 };

static const double DEEP_TANH[249] = {
    -0.0233390867, -1.18391064, 0.211882085, -1.00514811, -0.551335637, -0.355193, -0.703146011,
    3.0178331, -0.921394842, 0.383505969, -1.85053409, 1.83363405, -0.716406496, -0.855992557,
    -0.356334431, -0.915564067, 2.16965359, -2.15830585, -2.42832631, -0.351493568, 2.70815764,
    0.507365253, 0.0366540789, -2.55130721, -3.57006865, -1.73969145, 0.779069045, -2.43974847,
    0.468060602, -1.13885449, 2.64839229, -1.71460045, -2.22950396, -1.18790856, 1.45069573,
    -0.00419586191, 1.37655694, -0.223832297, 1.18031518, 0.614415554, 1.20920728, 1.46236454,
    0.492119789, 1.02726301, -1.7852545, 0.290705785, 1.29319162, -0.281183845, 0.566410851,
    -0.0801281603, 1.44129559, 0.958203392, -1.44471295, 1.39245478, -1.35968103, 0.856582669,
    0.427663016, 0.683802313, 1.40788409, -0.843616673, -0.948377877, 1.44840462, -0.0332063797,
    -1.93733343, 0.419608858, 0.650152532, 1.99251714, -1.05438059, 0.942228373, -2.59841007,
    0.878103665, -0.482748322, -0.415578898, -0.329490145, -0.263934162, 0.815483697, 0.315433638,
    -1.99057891, 2.56354475, 0.844083488, 1.33020275, -0.318578829, 0.538199149, -0.940825918,
    -1.40686898, 0.411056174, 0.961982266, 0.0233038421, -0.38741335, 0.0601368078, 1.0598757,
    0.370651085, 0.141775443, -0.0172596546, 0.166852443, 0.879982075, -0.523181577, -0.271931792,
    -0.2101424, 0.518204345, -0.0312297313, -1.3523623, -1.86705965, -1.12074978, 0.38713903,
    0.918254057, 0.697496187, 0.976566173, 0.316371338, -0.154455749, -0.605846174, -0.35419531,
    -0.560254533, -0.908603866, 1.82958766, 2.08833938, 0.985394396, 1.68111659, -1.41318092,
    1.44297167, 0.32646715, -0.406000268, 1.23482976, -0.533715987, 1.60937073, -0.937220701,
    0.802177827, 1.38448305, 2.04475523, 1.47176516, 0.822887256, -0.258597831, 0.617914279,
    -1.18571485, -0.262573457, 1.22754772, 2.31016198, -2.0005674, 0.726745406, 0.604863337,
    -0.627702094, 0.822343952, -1.45475879, -1.90164212, -1.1100393, -2.77114429, -1.5042139,
    0.737783494, 0.0457691701, -0.0504848196, -0.908793476, 0.906390533, -0.315508442, 0.817669035,
    1.32435217, 1.58806337, 0.695048795, 1.65171302, -0.0903911779, -0.100843623, -0.633046337,
    -0.0838496989, 0.546444307, 0.0772269389, -0.517150468, -0.50308893, 0.543073733, -0.627900131,
    0.93418465, 0.209071977, 0.91947091, 0.184762927, -0.363124677, 1.26082093, 1.04762766,
    0.769483506, 0.907371106, -0.21670296, 1.8354383, 0.667476914, 1.25092614, 2.04563419,
    -1.46872092, -1.75862464, -0.765913578, 0.177619192, -0.278989381, 0.0498117377, -0.550696617,
    -0.975079548, 0.841862806, 1.04337446, 2.36932718, -1.15770204, 0.502329802, 1.75389969,
    0.881602377, 2.39626518, -1.78821927, -1.60592225, -0.421269174, 0.268675024, -1.06010104,
    -0.404482492, -0.962306329, -1.25464629, 0.160038831, 0.748495073, 0.286375925, -1.36770171,
    -1.24692162, -0.296923083, -0.126293615, 0.30237843, 0.332496272, -1.46570633, 0.146006679,
    0.232008734, -0.0485344954, 0.0864130725, -0.0791853434, -0.974630171, 0.269126387,
    0.533320332, 0.370851363, -0.306521026, 0.565860592, -0.535532768, 0.00637711393, 0.317625603,
    0.254186019, 0.357089689, -0.418674251, 0.366676054, -0.0384121797, 0.145305441, 0.422241388,
    0.0247444635, 0.0567150409, -0.0589203355, -1.70493585, -3.90338239, 1.88898759, -4.85514878,
    1.49977011, -2.46882759, 0.905398797, -0.492376599, 0.168478935 };

static const double DEEP_RELU[249] = {
    1.13694259, -0.295834472, -0.446781867, 2.19692667, 0.609043204, 0.993322129, -3.12800179,
    1.54572056, 1.44720376, -0.277496194, -0.28028537, 0.0740948834, -1.39206093, -2.1677002,
    -1.48454481, -1.12743726, -1.23834341, 0.333128137, 0.130737386, -0.400409346, -0.256322333,
    -0.608888206, -1.4364045, 0.249124573, -0.226726647, -0.182623818, 0.688504503, -0.159778049,
    0.907273566, -0.267629113, 1.42726143, -0.386562233, -0.64917473, -0.269044777, 0.130843211,
    -0.16808162, 0.264379273, -0.548467635, -0.0765433497, -0.120394327, 1.09431627, 0.690600044,
    0.490200114, 0.265995632, 0.301778437, 0.475304222, 0.418144415, -0.0681599422, -0.726049352,
    -0.41620213, 0.274174585, -0.124956301, -0.167148067, -0.606102524, -1.19332583, 1.18548176,
    -0.592401229, 0.333302522, 0.149469696, -2.86454198, -0.196084043, 0.46129495, 0.166168196,
    -0.469608571, -0.43791361, -0.00113124218, 0.827112986, 0.442568441, 0.681368391, -0.236575829,
    1.0679917, -0.964220756, 0.393704431, 0.508956266, 0.0254015102, -0.37691794, 0.781750653,
    0.099278328, 1.20716846, 0.874735392, -0.166107333, -0.832946954, -0.0935577547, 0.596153722,
    -0.816296172, 0.103689013, -1.54907103, -0.426934393, -0.119314062, 0.0123517837, -2.48735427,
    0.778335133, 0.426801683, 0.477450352, -0.111794161, 0.772306903, -0.0861207835, 0.104415479,
    0.251516683, 0.211067824, -0.639211043, -0.0794766017, -0.67001193, -0.160263856, 0.586268088,
    0.631785388, 0.164684891, 2.37508853, 0.440723092, -0.671436033, -0.263756947, -0.25387266,
    0.988364712, 0.290946935, 1.47420059, 0.510221042, 0.337335068, -0.330023701, -0.334749177,
    0.896263933, -0.624415481, 0.0258985387, 0.828805154, 0.852056688, -0.892886148, -1.30986016,
    0.342196905, 0.202778294, 0.676317341, 0.086085645, 1.43838532, 0.165544481, -0.284498435,
    -0.761799031, -0.639327037, 1.0144141, 0.0455387851, -0.296116496, 1.39076514, -0.23563812,
    0.334313653, -1.04292108, -0.017722002, -0.17840481, -1.14820975, -0.490452936, -1.21215019,
    1.89551442, -1.10718348, -0.23664544, -1.07940855, 0.75775525, -0.229130305, 0.0276190106,
    -0.233727837, -0.581238764, -0.200206192, 0.812213597, 0.21515326, -0.0832973433, 0.684025478,
    0.708560338, -2.04984844, 0.14737165, -0.958676686, -0.54070084, 0.640570331, 1.08994472,
    0.486097876, -1.1930631, -2.04402987, 1.42244222, -1.54236328, 0.251529988, 1.36133258,
    1.20650344, -0.815351316, -0.440576309, 1.45570185, -0.125486431, 1.40736416, 0.688155203,
    -0.176817899, -1.19509124, -0.25670436, -0.486025126, -0.389517532, 0.273533072, 0.265037011,
    0.0399329493, 0.20874525, 0.060848685, 0.395023004, -0.217978207, 0.318693306, 0.516841366,
    -0.259780142, 0.210819923, -0.487974592, -0.239310205, -0.310158032, 1.25129836, 0.859423686,
    -0.929089412, -0.123135683, -1.53412216, -1.05970087, 1.00572326, 0.411265481, -0.309909497,
    -0.377327117, -0.100098009, -0.53253815, 0.515176317, 0.038273491, -0.462343284, 0.877515645,
    0.845272272, 0.716854469, -0.372272308, 0.444432869, -0.454400841, -0.482894064, 0.211059546,
    -0.00598859164, -0.882330198, 0.21729883, -0.337323765, 0.00954525354, -0.0153926115,
    0.291304335, 0.672147995, 1.18470141, -1.39713209, -0.216530561, 0.0102499282, -0.23435049,
    -0.0061572732, -0.0117278823, 0.166375616, -2.80719255, -2.83425009, 0.596172758, -0.444708363,
    2.00830586, -0.815759852, 1.21861344, -0.86995747, 0.185706471 };

static const double SMALL_BATCH[105] = {
    0.708009332, 1.0474661, 1.10268433, 1.19029383, 2.14356415, -0.650232359, -0.111431214,
    1.18018636, -0.0976050325, 2.11283845, -1.08410333, 1.55755292, -0.396457629, -0.0230414365,
    -0.526056969, -0.990520307, 4.52834971, 0.469373552, -2.20697332, -1.31892667, 3.42854655,
    1.29191491, -0.0323577962, 3.71686507, -0.903509717, -1.99481659, -1.16075589, -2.01512516,
    0.935119047, 0.362640163, 0.626363633, 0.574460024, -1.58548743, 0.206624281, -1.38338911,
    -2.93432072, -1.34528405, -0.0169735803, -0.845297541, 0.741878851, -0.776495026, 3.46854283,
    0.852009853, 0.133963622, 0.0957256848, -0.630387052, -0.970597992, 0.961024038, -0.394876277,
    -0.877240735, 0.392241144, -0.844357764, -1.43424514, -1.27243088, 0.576323107, 0.588668475,
    2.16360714, 4.39991924, -0.438409741, -4.46438285, -3.68160203, 2.50511831, 1.66525677,
    -2.00997621, 1.47590733, 0.0887141411, 2.75262308, 0.331478168, 0.16025309, -1.77895454,
    5.9057134, -2.60063798, 1.75091182, 2.0109303, -0.474280218, -2.4835253, -0.233924251,
    -0.294420236, 0.728538304, -1.24154276, 0.470270969, -1.95896985, -0.595654282, 0.730664466,
    -0.157812642, 1.38939676, 1.24094873, 0.479318632, -0.01027792, -0.25154476, 0.159463291,
    0.156924023, -0.690654072, 1.22767799, -0.567138076, 0.412766243, 2.45191465, 4.08415705,
    4.22829847, 2.23923773, -8.00936315, -7.46071941, -3.55100688, -2.75041285, 0.669647646 };

static const double LARGE_BATCH[105] = {
    0.673839419, 0.727915765, -1.31629516, 0.847864064, 1.54005605, -0.559499929, -0.455880581,
    1.69659688, 0.0880460308, 1.67847975, -0.701213448, 0.234242501, -0.612046749, -0.66832854,
    0.314985735, -0.890770545, 3.58838134, 4.20491496, -3.01618221, -2.3335139, -0.754563547,
    -0.0984940021, -1.32599181, 2.78666332, -0.561294718, -0.60430663, 0.0362622139, 0.311546473,
    -0.144159377, -0.246027584, 0.292722375, -0.0416293687, -1.0694806, 0.620861443, -1.88960642,
    -1.78522667, -2.07567306, -2.23542165, 0.251924612, 1.68077469, 1.00061072, 1.67937719,
    2.67342546, 2.60848984, -1.13981144, -0.210092789, 2.36402504, 1.61459161, 0.261903185,
    -0.996968886, -1.19865088, 3.05970677, -1.31096445, 1.17366017, 3.39045283, 1.3226739,
    2.25970892, 3.4643091, 2.59719208, -0.66788341, -2.3028315, 2.28615185, 0.943217851,
    -2.78902171, 1.81536539, 1.49421715, 3.33787408, -2.01355971, 4.30218242, -0.81486867,
    3.78265507, -0.282708127, 1.39552719, 1.62985561, -0.679414945, -1.66691983, 1.35463592,
    -1.48290734, 0.866807356, -0.695273265, -0.310581199, -1.06447628, 0.48522169, 1.26676874,
    0.588900723, -0.424615083, 2.9377943, 0.883224947, -0.181612339, -0.0459609519, 0.982158376,
    0.948112833, -1.35659091, 1.54958634, -0.647529249, 1.54331863, 0.599406873, 4.56882987,
    5.42277787, 4.40138273, -8.02254279, -6.5942488, -3.27819897, -3.06173993, -0.894635216 };

static const double SECOND_MINIMUM[105] = {
    -1.43415894, 0.567861539, 0.927546864, -2.0346636, -0.667248764, -0.488887841, 0.791271034,
    -0.449008547, 0.599833206, 0.800928115, -0.187064432, -1.22420579, 0.119117877, 1.25043516,
    -1.02787734, -0.302170093, -1.57101373, -3.21939889, 0.850802567, 2.46748236, -2.56269192,
    -4.33541959, 0.881986173, 0.410104846, -1.24841478, 0.0366589554, 0.073808416, -0.293547201,
    -0.718440179, 0.24058014, -0.00781451389, -1.11139925, 0.691026179, 0.630198691, -2.77608324,
    -0.170972977, 1.62686384, 0.447567083, -0.74816388, -0.362452403, -2.16857403, -0.00930695808,
    1.19923943, -2.5075082, 2.89555621, -2.41579091, -1.92063985, 2.08524975, 2.91362899,
    0.00823391478, -4.3207391, -1.85087183, 1.36910097, -0.673484716, -1.30144706, -0.739463134,
    0.275259477, -2.66120789, -0.524323595, 2.45931998, -0.456717952, 1.25580407, -2.6838538,
    1.99553852, 2.77485209, -1.0371583, -2.73290456, 0.674724191, 1.32449635, -0.336392232,
    2.21277239, 0.701095749, -1.25116977, -1.68963057, -0.358051238, 0.552403116, -3.93044038,
    2.0404887, 1.58245275, -1.06374147, -3.04851893, 2.07169562, -0.781053933, -0.634229141,
    1.59197346, -1.37919876, 4.17233957, 0.952162428, -0.459957006, 0.767814939, 0.46489603,
    2.03053, 0.0321229129, 0.185423037, -0.891118099, 0.0914920073, 1.87704863, 2.93659405,
    -5.51473676, 6.42945447, 5.27652557, -4.17123282, 5.21735321, -6.63567108, -0.142659345 };

// ---------------------------------------------------------------- the reference's curves

// What the reference's code writes into interp.dat and norm.dat (columns 2 to 5 of each), drawn
// beside yours: a correct implementation lies on them, up to rounding.
static const double REFERENCE_INTERP[4][41] = {
    {
        2.8281268, 2.4252612, 2.0315091, 1.6649867, 1.3439831, 1.081173, 0.88788838, 0.76864529,
        0.71279343, 0.69971514, 0.70937926, 0.74021437, 0.80005716, 0.8865877, 0.98966398,
        1.0982362, 1.202134, 1.2912437, 1.3563095, 1.3908635, 1.3898558, 1.3430485, 1.2368608,
        1.0685453, 0.85546066, 0.63518355, 0.43713113, 0.27086533, 0.1394015, 0.060566843,
        0.039476273, 0.043697122, 0.1074998, 0.32054787, 0.66727452, 1.1088513, 1.6275294,
        2.1976767, 2.7916398, 3.3638106, 3.8726248 },
    {
        2.8190368, 2.4164744, 2.0242995, 1.659527, 1.3399386, 1.0784049, 0.88646264, 0.76828892,
        0.71281788, 0.69937584, 0.70841839, 0.73857459, 0.79733599, 0.88206611, 0.98239927,
        1.0874063, 1.1877485, 1.274501, 1.3387213, 1.3732896, 1.3727861, 1.3271397, 1.2231748,
        1.0582933, 0.84975, 0.63215794, 0.43384835, 0.267712, 0.13875742, 0.068562374, 0.05346186,
        0.060431231, 0.11932661, 0.30406354, 0.63212826, 1.0609618, 1.5679721, 2.1168557,
        2.6664261, 3.2048056, 3.7010153 },
    {
        5.1150844, 4.671332, 4.2624511, 3.7815478, 3.2496748, 2.7055471, 2.1326783, 1.4088573,
        0.72020543, 0.19831679, 0.039476273, 0.23269589, 1.5296687, 2.9401864, 3.1809606,
        2.9934677, 2.8823951, 2.8573159, 3.0675957, 3.265706, 3.2746939, 3.3889717, 3.6096432,
        3.8701845, 3.9293587, 3.7167145, 3.1249963, 2.1875918, 1.1066765, 0.23927664, 0.039993292,
        0.2461951, 1.071854, 1.9703241, 2.7932948, 3.5907924, 4.3633818, 5.1201916, 5.7958315,
        6.4563614, 7.1143649 },
    {
        4.9968614, 4.6041856, 4.2135467, 3.8042021, 3.354148, 2.8237716, 2.2410503, 1.5678079,
        0.78703147, 0.2180997, 0.05346186, 0.22249084, 1.5057273, 2.941625, 3.2097592, 3.0240194,
        2.8973426, 2.8879, 3.1026985, 3.2982826, 3.312434, 3.417082, 3.6456969, 3.9137668,
        3.969905, 3.6996037, 3.1360074, 2.2031599, 1.1113305, 0.2423618, 0.050378973, 0.21059562,
        0.99874037, 1.8294646, 2.6645321, 3.472448, 4.225519, 4.9362625, 5.6587403, 6.3903953,
        7.1134967 },
};
static const double REFERENCE_NORM[4][101] = {
    {
        5.7107647, 5.6967923, 5.6983166, 5.6949772, 5.6842326, 5.6640628, 5.638207, 5.6064482,
        5.5676681, 5.5197563, 5.4667818, 5.4048452, 5.3258372, 5.2407909, 5.1414345, 5.0239149,
        4.890185, 4.738474, 4.5760053, 4.4001616, 4.2153303, 4.0223546, 3.8240811, 3.6243855,
        3.4285402, 3.2290937, 3.0396542, 2.8764559, 2.7178581, 2.5582485, 2.3826574, 2.2084897,
        2.0322918, 1.8216988, 1.599093, 1.4024028, 1.2415446, 1.0926442, 0.95127522, 0.81721086,
        0.68216826, 0.54706066, 0.40249896, 0.27169393, 0.16370109, 0.085577118, 0.039988628,
        0.020884329, 0.01629132, 0.015077227, 0.014604898, 0.014627163, 0.015743062, 0.024643588,
        0.082968627, 0.23357267, 0.48079325, 0.80921048, 1.1863398, 1.6051537, 2.0562757,
        2.5339991, 3.0023098, 3.4758686, 3.9584781, 4.4411124, 4.9156673, 5.3880023, 5.8858952,
        6.4218635, 7.0051936, 7.6230526, 8.2114297, 8.8241312, 9.4336016, 10.046447, 10.674671,
        11.313911, 11.931006, 12.538573, 13.151639, 13.769042, 14.366374, 14.936351, 15.477452,
        16.001516, 16.484224, 16.937652, 17.388259, 17.856209, 18.331307, 18.79891, 19.261967,
        19.732785, 20.217477, 20.705849, 21.196509, 21.710217, 22.24337, 22.79493, 23.369369 },
    {
        16.549239, 16.253229, 15.960276, 15.67319, 15.386172, 15.093981, 14.795368, 14.493692,
        14.194153, 13.902638, 13.621376, 13.363129, 13.117735, 12.877881, 12.635224, 12.387633,
        12.140919, 11.890609, 11.642076, 11.397858, 11.176689, 10.966866, 10.758047, 10.541418,
        10.30851, 10.051439, 9.7956271, 9.5597042, 9.3270653, 9.0784346, 8.8051056, 8.524589,
        8.2454285, 7.9563305, 7.6342995, 7.2799444, 6.8985225, 6.4840711, 6.0707223, 5.5874692,
        5.0678209, 4.4801796, 3.8357122, 3.1638757, 2.5190412, 1.8931271, 1.2931586, 0.74656482,
        0.25001335, 0.024688085, 0.014604898, 0.039524036, 0.78186399, 2.1229273, 3.410747,
        4.8605312, 6.4020997, 8.01648, 9.7375636, 11.641175, 13.64072, 15.673227, 17.65933,
        19.582537, 21.355794, 22.979352, 24.500527, 25.978218, 27.43337, 28.870931, 30.278823,
        31.622901, 32.901732, 34.11457, 35.240493, 36.277825, 37.236853, 38.107329, 38.898141,
        39.60634, 40.233026, 40.822264, 41.36088, 41.81357, 42.181218, 42.550984, 42.871228,
        43.118056, 43.04709, 42.898099, 42.671147, 42.417374, 42.277137, 42.241822, 42.368325,
        42.598976, 42.912678, 43.276629, 43.659496, 44.067565, 44.516998 },
    {
        6.3575336, 6.2357909, 6.1144676, 5.9847233, 5.8395295, 5.6730399, 5.506892, 5.3387003,
        5.1653303, 4.9826399, 4.7795841, 4.5862881, 4.3920776, 4.1738819, 3.9397357, 3.7006887,
        3.4672038, 3.237369, 3.010072, 2.7917975, 2.5834423, 2.375126, 2.1760739, 1.9838131,
        1.7964852, 1.6228376, 1.4729906, 1.3376032, 1.2292853, 1.1388464, 1.048155, 0.95932292,
        0.87590795, 0.80467805, 0.73420355, 0.67473981, 0.63225875, 0.61038703, 0.59057685,
        0.57450784, 0.5386304, 0.49258999, 0.44260982, 0.38074935, 0.27358908, 0.15105365,
        0.066492303, 0.0299273, 0.01807988, 0.015144364, 0.014604898, 0.014538274, 0.014977664,
        0.016532566, 0.022797104, 0.044018661, 0.09785393, 0.20332908, 0.35818605, 0.54608372,
        0.75854794, 0.98802625, 1.2280542, 1.4601556, 1.6852792, 1.9161103, 2.1587593, 2.3993999,
        2.6240337, 2.8311086, 3.0301912, 3.2274112, 3.4123496, 3.5862501, 3.7624735, 3.9550019,
        4.1600384, 4.3789034, 4.6167017, 4.8653774, 5.1369081, 5.4087421, 5.682771, 5.968876,
        6.255817, 6.5352652, 6.818944, 7.113155, 7.4228571, 7.7362267, 8.0515648, 8.3629401,
        8.6758916, 8.988488, 9.306014, 9.6209597, 9.9414173, 10.264224, 10.581094, 10.893139,
        11.20514 },
    {
        6.3575336, 6.2357909, 6.1144676, 5.9847233, 5.8395295, 5.6730399, 5.506892, 5.3387003,
        5.1653303, 4.9826399, 4.7795841, 4.5862881, 4.3920776, 4.1738819, 3.9397357, 3.7006887,
        3.4672038, 3.237369, 3.010072, 2.7917975, 2.5834423, 2.375126, 2.1760739, 1.9838131,
        1.7964852, 1.6228376, 1.4729906, 1.3376032, 1.2292853, 1.1388464, 1.048155, 0.95932292,
        0.87590795, 0.80467805, 0.73420355, 0.67473981, 0.63225875, 0.61038703, 0.59057685,
        0.57450784, 0.5386304, 0.49258999, 0.44260982, 0.38074935, 0.27358908, 0.15105365,
        0.066492303, 0.0299273, 0.01807988, 0.015144364, 0.014604898, 0.014538274, 0.014977664,
        0.016532566, 0.022797104, 0.044018661, 0.09785393, 0.20332908, 0.35818605, 0.54608372,
        0.75854794, 0.98802625, 1.2280542, 1.4601556, 1.6852792, 1.9161103, 2.1587593, 2.3993999,
        2.6240337, 2.8311086, 3.0301912, 3.2274112, 3.4123496, 3.5862501, 3.7624735, 3.9550019,
        4.1600384, 4.3789034, 4.6167017, 4.8653774, 5.1369081, 5.4087421, 5.682771, 5.968876,
        6.255817, 6.5352652, 6.818944, 7.113155, 7.4228571, 7.7362267, 8.0515648, 8.3629401,
        8.6758916, 8.988488, 9.306014, 9.6209597, 9.9414173, 10.264224, 10.581094, 10.893139,
        11.20514 },
};

// The reference's numbers for stats.gp (loss at theta, curvature, sharpness), for the note below.
static const double REFERENCE_STATS[5][3] = {   // loss at theta, curvature, sharpness
    { 0.3980939041, 69.63327826, 2.135371193 },   // shallow_tanh
    { 0.01972026157, 60.78349671, 4.816824376 },   // deep_tanh
    { 0.01460489831, 1.928738554, 4.479854607 },   // deep_relu
    { 0.03947627261, 15.57440799, 4.189536743 },   // small_batch
    { 0.0399777682, 32.76453205, 3.985272335 },   // large_batch
};

static const char *source, *chapter5, *chapter6;

// ---------------------------------------------------------------- is the code ready?

// The path of the chapter file `name` beside SOURCE (05_mlp.c, 06_backprop.c), for messages.
static const char *beside(const char *name)
{
    static char path[2][1024];
    static int slot = 0;
    slot = 1 - slot;
    const char *slash = strrchr(source, '/');
    snprintf(path[slot], sizeof path[slot], "%.*s%s", slash ? (int)(slash - source + 1) : 0,
             source, name);
    return path[slot];
}

// A network of these sizes from mlp_init (its allocation; the parameters are set by the caller).
static void network(Mlp *m, const int *sizes, int L, Activation f, const double *params)
{
    Rng rng;
    rng_seed(&rng, 1, 1);
    if (mlp_init(m, sizes, L, f, NPTS, &rng) != 0) {
        fprintf(stderr, "plot: mlp_init failed (its allocation is given code)\n");
        exit(2);
    }
    if (params)
        memcpy(m->params, params, sizeof(double) * (size_t)m->num_params);
}

static int any_nan(const double *x, int n)
{
    for (int k = 0; k < n; k++)
        if (isnan(x[k]))
            return 1;
    return 0;
}

// Each function the figures need, on a tiny input: the first that is not implemented stops the
// driver with its name.
static void check_ready(void)
{
    const int sizes[3] = { 2, 2, 1 };
    const double params[9] = { 0.5, -1.0, 1.5, 0.25, 0.1, -0.2, 1.0, -2.0, 0.3 };
    const double X[4] = { 0.5, -1.0, 1.0, 0.25 };
    const int y[2] = { 1, 0 };
    Mlp m;
    network(&m, sizes, 2, ACT_TANH, params);
    const double *logits = mlp_forward(&m, X, 2);
    if (!logits || isnan(logits[0]))
        plot_needs("mlp_forward", chapter5);
    if (isnan(bce_loss(logits, y, 2)))
        plot_needs("bce_loss", chapter6);
    if (isnan(landscape_loss(&m, X, y, 2)))
        plot_needs("landscape_loss", source);
    double out[9], d[9], d2[9], losses[9];
    interpolate_params(out, params, params, 0.5, 9);
    if (any_nan(out, 9))
        plot_needs("interpolate_params", source);
    if (loss_interpolation(losses, &m, params, params, 0.0, 1.0, 3, X, y, 2) != 0 ||
        any_nan(losses, 3))
        plot_needs("loss_interpolation", source);
    Rng rng;
    rng_seed(&rng, 1, 1);
    random_direction(d, 9, &rng);
    if (any_nan(d, 9))
        plot_needs("random_direction", source);
    filter_normalize(d, &m);
    if (any_nan(d, 9))
        plot_needs("filter_normalize", source);
    memcpy(d2, d, sizeof d);
    if (loss_slice_1d(losses, &m, d, -1.0, 1.0, 3, X, y, 2) != 0 || any_nan(losses, 3))
        plot_needs("loss_slice_1d", source);
    if (loss_slice_2d(losses, &m, d, d2, -1.0, 1.0, 3, X, y, 2) != 0 || any_nan(losses, 9))
        plot_needs("loss_slice_2d", source);
    int row, col;
    if (isnan(slice_minimum(&row, &col, losses, 3, 3)))
        plot_needs("slice_minimum", source);
    if (isnan(slice_curvature(losses, -1.0, 1.0, 3, 1)))
        plot_needs("slice_curvature", source);
    if (isnan(slice_sharpness(losses, -1.0, 1.0, 3, 1.0, losses[4])))
        plot_needs("slice_sharpness", source);
}

// ---------------------------------------------------------------- the networks

typedef struct {
    const char *name;         // the files grid_NAME.dat and the variables NAME_... of stats.gp
    const int *sizes;
    int L;
    Activation act;
    const double *params;     // the trained parameters, from the tables above
    Mlp m;
    double *d1, *d2;          // two filter-normalised directions (P each)
} Net;

static const int SHALLOW[3] = { 2, 8, 1 }, DEEP[6] = { 2, 8, 8, 8, 8, 1 }, MIDDLE[4] = { 2, 8, 8, 1 };

static double *directions(Mlp *m, Rng *rng)
{
    double *d = malloc(sizeof(double) * (size_t)m->num_params);
    if (!d) {
        fprintf(stderr, "plot: out of memory\n");
        exit(2);
    }
    random_direction(d, m->num_params, rng);
    filter_normalize(d, m);
    return d;
}

// Writes `a b loss` for a 2-D slice (G, G) over [LO, HI]^2, a (along d1) fastest.
static void write_grid(const char *dir, const char *name, const double *grid)
{
    char file[64];
    snprintf(file, sizeof file, "grid_%s.dat", name);
    FILE *f = plot_open(dir, file);
    fprintf(f, "# a (along d1) b (along d2) loss; a fastest, a blank line after each row\n");
    for (int i = 0; i < G; i++) {
        for (int j = 0; j < G; j++)
            fprintf(f, "%.4f %.4f %.8g\n", LO + (HI - LO) * j / (G - 1),
                    LO + (HI - LO) * i / (G - 1), grid[i * G + j]);
        fputc('\n', f);
    }
    fclose(f);
}

// Glorot's initial weights of mlp_init, drawn from rng_seed(seed, 8) in its documented order.
static void initial_params(double *params, const Mlp *m, uint64_t seed)
{
    Rng rng;
    rng_seed(&rng, seed, 8);
    memset(params, 0, sizeof(double) * (size_t)m->num_params);
    for (int l = 0; l < m->L; l++) {
        double r = sqrt(6.0 / (m->sizes[l] + m->sizes[l + 1]));
        double *w = params + (m->weight[l] - m->params);
        for (int k = 0; k < m->sizes[l] * m->sizes[l + 1]; k++)
            w[k] = rng_range(&rng, -r, r);
    }
}

static void check(int rc, const char *fn)
{
    if (rc != 0) {
        fprintf(stderr, "plot: %s returned %d for valid arguments\n", fn, rc);
        exit(2);
    }
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s OUTDIR SOURCE\n", argv[0]);
        return 2;
    }
    const char *dir = argv[1];
    source = argv[2];
    chapter5 = beside("05_mlp.c");
    chapter6 = beside("06_backprop.c");
    check_ready();

    // ---- the data
    Rng rng;
    rng_seed(&rng, 8001, 8);
    Dataset train = { 0 }, test = { 0 };
    if (data_spiral(&train, NPTS, 0.2, &rng) != 0 || data_spiral(&test, NPTS, 0.2, &rng) != 0) {
        fprintf(stderr, "plot: cannot make the data set\n");
        return 2;
    }
    plot_points(dir, "spiral.dat", &train);

    // ---- the five networks of the 2-D figures, two directions each, their slices and numbers
    Net nets[5] = {
        { "shallow_tanh", SHALLOW, 2, ACT_TANH, SHALLOW_TANH, { 0 }, NULL, NULL },
        { "deep_tanh", DEEP, 5, ACT_TANH, DEEP_TANH, { 0 }, NULL, NULL },
        { "deep_relu", DEEP, 5, ACT_RELU, DEEP_RELU, { 0 }, NULL, NULL },
        { "small_batch", MIDDLE, 3, ACT_TANH, SMALL_BATCH, { 0 }, NULL, NULL },
        { "large_batch", MIDDLE, 3, ACT_TANH, LARGE_BATCH, { 0 }, NULL, NULL },
    };
    Rng dirs;
    rng_seed(&dirs, 808, 8);
    double *grid = malloc(sizeof(double) * G * G), line[N1], seconds = 0.0;
    FILE *fs = plot_open(dir, "stats.gp");
    fprintf(fs, "# for each network: the loss at theta, the 2-D slice's minimum and its place (a, b),"
            "\n# the curvature at theta along d1, the largest rise within %g\n", RADIUS);
    double worst = 0.0;   // the largest relative difference from the reference's numbers
    for (int k = 0; k < 5; k++) {
        Net *net = &nets[k];
        network(&net->m, net->sizes, net->L, net->act, net->params);
        net->d1 = directions(&net->m, &dirs);
        net->d2 = directions(&net->m, &dirs);
        double loss0 = landscape_loss(&net->m, train.x, train.y, NPTS);
        clock_t start = clock();
        check(loss_slice_2d(grid, &net->m, net->d1, net->d2, LO, HI, G, train.x, train.y, NPTS),
              "loss_slice_2d");
        if (k == 1)
            seconds = (double)(clock() - start) / CLOCKS_PER_SEC;
        write_grid(dir, net->name, grid);
        int row, col;
        double lowest = slice_minimum(&row, &col, grid, G, G);
        check(loss_slice_1d(line, &net->m, net->d1, LO, HI, N1, train.x, train.y, NPTS),
              "loss_slice_1d");
        double curv = slice_curvature(line, LO, HI, N1, N1 / 2);
        double sharp = slice_sharpness(grid, LO, HI, G, RADIUS, loss0);
        fprintf(fs, "%s_loss = %.10g; %s_min = %.10g; %s_min_a = %.4f; %s_min_b = %.4f\n", net->name,
                loss0, net->name, lowest, net->name, LO + (HI - LO) * col / (G - 1), net->name,
                LO + (HI - LO) * row / (G - 1));
        fprintf(fs, "%s_curv = %.10g; %s_sharp = %.10g\n", net->name, curv, net->name, sharp);
        const double mine[3] = { loss0, curv, sharp };
        for (int s = 0; s < 3; s++)
            worst = fmax(worst, fabs(mine[s] - REFERENCE_STATS[k][s]) /
                                    fmax(1e-12, fabs(REFERENCE_STATS[k][s])));
    }
    fclose(fs);

    // ---- interpolation: from the initial to the trained parameters, and between two minima
    Net *small = &nets[3];
    int P = small->m.num_params;
    double *init = malloc(sizeof(double) * (size_t)P), curves[4][NI];
    initial_params(init, &small->m, 8101);
    check(loss_interpolation(curves[0], &small->m, init, SMALL_BATCH, -0.5, 1.5, NI, train.x,
                             train.y, NPTS), "loss_interpolation");
    check(loss_interpolation(curves[1], &small->m, init, SMALL_BATCH, -0.5, 1.5, NI, test.x,
                             test.y, NPTS), "loss_interpolation");
    check(loss_interpolation(curves[2], &small->m, SMALL_BATCH, SECOND_MINIMUM, -0.5, 1.5, NI,
                             train.x, train.y, NPTS), "loss_interpolation");
    check(loss_interpolation(curves[3], &small->m, SMALL_BATCH, SECOND_MINIMUM, -0.5, 1.5, NI,
                             test.x, test.y, NPTS), "loss_interpolation");
    FILE *fi = plot_open(dir, "interp.dat");
    fprintf(fi, "# a; init->trained train, test; minimum 1->minimum 2 train, test; the reference's"
            " four\n");
    for (int i = 0; i < NI; i++) {
        fprintf(fi, "%.4f", -0.5 + 2.0 * i / (NI - 1));
        for (int c = 0; c < 4; c++)
            fprintf(fi, " %.8g", curves[c][i]);
        for (int c = 0; c < 4; c++)
            fprintf(fi, " %.8g", REFERENCE_INTERP[c][i]);
        fputc('\n', fi);
    }
    fclose(fi);

    // ---- filter normalisation: the deep relu network and its rescaled twin, which computes the
    //      same function: layer 0 (weights and biases) times 4, layer 1's weights divided by 4
    Net *relu = &nets[2];
    Mlp twin;
    network(&twin, DEEP, 5, ACT_RELU, DEEP_RELU);
    for (int k = 0; k < 8 * 2 + 8; k++)
        twin.weight[0][k] *= 4.0;   // weight[0] (8, 2) and bias[0] (8) are contiguous
    for (int k = 0; k < 8 * 8; k++)
        twin.weight[1][k] /= 4.0;
    int Q = relu->m.num_params;
    double *raw = malloc(sizeof(double) * (size_t)Q), *dn = malloc(sizeof(double) * (size_t)Q);
    double *dt = malloc(sizeof(double) * (size_t)Q), pair[4][N1];
    random_direction(raw, Q, &dirs);
    memcpy(dn, raw, sizeof(double) * (size_t)Q);
    filter_normalize(dn, &relu->m);
    memcpy(dt, raw, sizeof(double) * (size_t)Q);
    filter_normalize(dt, &twin);
    check(loss_slice_1d(pair[0], &relu->m, raw, LO, HI, N1, train.x, train.y, NPTS), "loss_slice_1d");
    check(loss_slice_1d(pair[1], &twin, raw, LO, HI, N1, train.x, train.y, NPTS), "loss_slice_1d");
    check(loss_slice_1d(pair[2], &relu->m, dn, LO, HI, N1, train.x, train.y, NPTS), "loss_slice_1d");
    check(loss_slice_1d(pair[3], &twin, dt, LO, HI, N1, train.x, train.y, NPTS), "loss_slice_1d");
    FILE *fn = plot_open(dir, "norm.dat");
    fprintf(fn, "# a; raw direction: network, twin; filter-normalised: network, twin; the"
            " reference's four\n");
    for (int i = 0; i < N1; i++) {
        fprintf(fn, "%.4f", LO + (HI - LO) * i / (N1 - 1));
        for (int c = 0; c < 4; c++)
            fprintf(fn, " %.8g", pair[c][i]);
        for (int c = 0; c < 4; c++)
            fprintf(fn, " %.8g", REFERENCE_NORM[c][i]);
        fputc('\n', fn);
    }
    fclose(fn);

    // ---- small and large batch along d1 of each: train and test loss
    double batch[4][N1];
    for (int k = 0; k < 2; k++) {
        Net *net = &nets[3 + k];
        check(loss_slice_1d(batch[2 * k], &net->m, net->d1, LO, HI, N1, train.x, train.y, NPTS),
              "loss_slice_1d");
        check(loss_slice_1d(batch[2 * k + 1], &net->m, net->d1, LO, HI, N1, test.x, test.y,
                            NPTS), "loss_slice_1d");
    }
    FILE *fb = plot_open(dir, "batch1d.dat");
    fprintf(fb, "# a; small batch train, test; large batch train, test\n");
    for (int i = 0; i < N1; i++)
        fprintf(fb, "%.4f %.8g %.8g %.8g %.8g\n", LO + (HI - LO) * i / (N1 - 1), batch[0][i],
                batch[1][i], batch[2][i], batch[3][i]);
    fclose(fb);

    for (int c = 0; c < 4; c++)
        for (int i = 0; i < NI; i++)
            worst = fmax(worst, fabs(curves[c][i] - REFERENCE_INTERP[c][i]) /
                                    fmax(1e-12, fabs(REFERENCE_INTERP[c][i])));
    for (int c = 0; c < 4; c++)
        for (int i = 0; i < N1; i++)
            worst = fmax(worst, fabs(pair[c][i] - REFERENCE_NORM[c][i]) /
                                    fmax(1e-12, fabs(REFERENCE_NORM[c][i])));
    printf("note: a 51 x 51 slice of the 2-8-8-8-8-1 tanh network on the %d training points took"
           " %.2f s of CPU time\n", NPTS, seconds);
    if (!(worst < 1e-6))
        printf("note: your numbers differ from the reference's by up to %.3g (relative): make grade"
               " CH=08 says where\n", worst);
    free(grid), free(init), free(raw), free(dn), free(dt);
    dataset_free(&train), dataset_free(&test);
    return 0;
}
