/* pg_math.c -- tanh for the playground page's WebAssembly, accurate to the last bit and cheap.
 *
 * The contract and why: pg_math.h. How, for a = |x| (the sign is put back at the end):
 *   a < 1/8        tanh(a) = a + a^3 P(a^2), P from the Taylor series to a^17 (the next term is
 *                  below 2^-62 of the result);
 *   1/8 <= a < 20  a table of polynomials: [1/8, 32) cut into 64 intervals, 8 in each binade
 *                  [2^e, 2^(e+1)), an interval picked by the exponent and first 3 bits of the
 *                  significand of a. With c the interval's middle and u = a - c (exact),
 *                      tanh(a) = T + u Q(u),  T = tanh(c) in two doubles (hi + lo),
 *                  Q of degree 9 fitted to (tanh(c + u) - tanh(c)) / u on the interval (mpmath's
 *                  chebyfit at 160 bits; within 0.06 ulp of the result once its coefficients are
 *                  rounded to double). u Q(u) is at most about 1/16 of T, so its own rounding
 *                  counts for little: the sum's rounding at the end is most of the error;
 *   a >= 20, inf   1 (1 - tanh(a) < 2^-55 from a = 19.06 on);
 *   NaN            NaN.
 * Measured against glibc's tanh and against the x87's long double tanhl at 16 million points
 * (playground/test_pg_math.c): see pg_math.h. No division, no call, few branches: a dozen loads,
 * a score of multiplications and additions, in a tree (Estrin's scheme) rather than one chain.
 * Left out on purpose: the other functions of libm (exp and log1p cost little beside the 16 tanh
 * a sample of the 2-8-8-1 network needs), and the floating-point exception flags.
 */
#include "pg_math.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

// Row i is the interval [2^e (1 + m/8), 2^e (1 + (m+1)/8)), i = 8 (e + 3) + m, e = -3 .. 4, m = 0 .. 7:
// tanh(c) hi and lo, then the coefficients of u^0 .. u^9 in Q. Written by pg_math_table.py
// (mpmath at 160 bits: Q = chebyfit((tanh(c + u) - tanh(c)) / u on [-h, h]), h the half-width).
static const double tanh_tab[64][12] = {
    { 0x1.0e6973998da48p-3, 0x1.708a564faf9d7p-60, 0x1.f712eb25c0888p-1, -0x1.09b296f7c1ea9p-3, -0x1.3dd77541edda7p-2, 0x1.58ffcf4309615p-4, 0x1.d3abe845dcf68p-4, -0x1.791df538c3d99p-5, -0x1.4f872f6b18e5ap-5, 0x1.772e4a23332efp-6, 0x1.cbc113c4f2391p-7, -0x1.5f110f6644c22p-7 },
    { 0x1.2dc968e6e0d62p-3, 0x1.004ee5739e25cp-57, 0x1.f4e1e606d96dfp-1, -0x1.273bd70994ab9p-3, -0x1.382b548270d2cp-2, 0x1.7cd2d582a6b29p-4, 0x1.c1278cccbf0f4p-4, -0x1.9c7f5115b8aeep-5, -0x1.371c21bbfdcf5p-5, 0x1.9589441e440cdp-6, 0x1.930dd2347411ep-7, -0x1.75d77e7bf5910p-7 },
    { 0x1.4d04783618c72p-3, -0x1.541db1fad48b6p-60, 0x1.f2765af97a4b3p-1, -0x1.443654205fea5p-3, -0x1.31f2e208a5b97p-2, 0x1.9f235bd339878p-4, 0x1.ad0b0dfcca153p-4, -0x1.bd1b9600e63c1p-5, -0x1.1cebeaf13f46dp-5, 0x1.afc9fb3b3df99p-6, 0x1.57349af95d347p-7, -0x1.8755bd3105a46p-7 },
    { 0x1.6c170259e21f8p-3, -0x1.3998b2795e1b0p-62, 0x1.efd17479f7c65p-1, -0x1.609530fe4df8dp-3, -0x1.2b3465d71b4dep-2, 0x1.bfd2d34ac509bp-4, 0x1.9778c3c16a109p-4, -0x1.dac4d9e63c8aap-5, -0x1.0139ccad7d2bcp-5, 0x1.c5bf43cf9bef7p-6, 0x1.190ba6924c513p-7, -0x1.936a5392efe4ep-7 },
    { 0x1.8afd7b974fabbp-3, 0x1.a917ca3624e69p-57, 0x1.ecf47624a5d03p-1, -0x1.7c4c2cb4fde4dp-3, -0x1.23f69cb2c1f9dp-2, 0x1.dec5703a03814p-4, 0x1.8095003d0cf1ap-4, -0x1.f554b47b10e35p-5, -0x1.c89743fee253ap-6, 0x1.d74725c534964p-6, 0x1.b2d8dd4d43306p-8, -0x1.9a0d0268f7fcfp-7 },
    { 0x1.a9b46d2ddc5e4p-3, -0x1.3efb0c2f3ebedp-57, 0x1.e9e0bb72a01a1p-1, -0x1.974fad10c5330p-3, -0x1.1c40accba4044p-2, 0x1.fbe24e2987853p-4, 0x1.6885b4345e47ep-4, -0x1.06563d56705ebp-4, -0x1.8cd1d620bb206p-6, 0x1.e44ef3effdfb5p-6, 0x1.325f8ff20139ep-8, -0x1.9b4e211174c85p-7 },
    { 0x1.c83876ca98e15p-3, 0x1.f19daa20f51cfp-57, 0x1.e697b662d07cdp-1, -0x1.b194c7ed76acfp-3, -0x1.141a19e419762p-2, 0x1.0b89c64bc7b98p-3, 0x1.4f721150bbfbdp-4, -0x1.105aafab878b5p-4, -0x1.4fb3b3119e486p-6, 0x1.ecd31e5afd014p-6, 0x1.64a882ac9735ap-9, -0x1.975570aa0578fp-7 },
    { 0x1.e6864fe55a3d0p-3, 0x1.ac6c889d810a8p-57, 0x1.e31aee116b82bp-1, -0x1.cb114b69e808bp-3, -0x1.0b8ab913ba99dp-2, 0x1.1823322bed48ap-3, 0x1.35822b7929885p-4, -0x1.18b03cc78d2b8p-4, -0x1.11ccc3c7acbefp-6, 0x1.f0dec2d79320ep-6, 0x1.a27f782b0ea58p-11, -0x1.8e6071b3d90b1p-7 },
    { 0x1.09c744f539be5p-2, -0x1.8b52622d0af02p-57, 0x1.dd823b0400d42p-1, -0x1.efbf7ff305fccp-3, -0x1.fc01dc4f24a41p-3, 0x1.291a2c26d5547p-3, 0x1.0d562e672cc09p-4, -0x1.2201ecc1182b9p-4, -0x1.695d50bcd62abp-7, 0x1.eec8cf444ae5ep-6, -0x1.03158e2522cd3p-9, -0x1.783f5eb85dfa5p-7 },
    { 0x1.275f7e1cf7f64p-2, -0x1.255527ae29722p-57, 0x1.d56658f74c9ccp-1, -0x1.0ecc045ebd596p-2, -0x1.d5a4bde179180p-3, 0x1.3c00047d34767p-3, 0x1.ac7ce84fd5136p-5, -0x1.288948d2e5df3p-4, -0x1.d66059648e607p-9, 0x1.ddb0783d05401p-6, -0x1.5fe2ba27d4ad4p-8, -0x1.4ce0591548067p-7 },
    { 0x1.4470650036407p-2, 0x1.139a81c7cc37fp-56, 0x1.cc9a69dfddd48p-1, -0x1.23ded3a37a09fp-2, -0x1.ad302395d51c1p-3, 0x1.4a8fe3f309c21p-3, 0x1.3d161188a91a6p-5, -0x1.288cfe549161bp-4, 0x1.c79040798f649p-9, 0x1.be023bdff8542p-6, -0x1.0f8556f611abdp-7, -0x1.1521446793761p-7 },
    { 0x1.60ef7120502a9p-2, 0x1.751fe0fdff786p-56, 0x1.c32d951e56e6fp-1, -0x1.370255fc004f8p-2, -0x1.832f0ebc6bb41p-3, 0x1.54c99a0ff432fp-3, 0x1.9dac0cc28135cp-6, -0x1.227b38969c44ep-4, 0x1.466336bac0d3cp-7, 0x1.922d6fc332668p-6, -0x1.5c4d53303aeb5p-7, -0x1.aa99e08707458p-8 },
    { 0x1.7cd3115fc0f16p-2, 0x1.e67f25814e1dcp-64, 0x1.b92f96ccc2c5bp-1, -0x1.4827320135092p-2, -0x1.582b155501689p-3, 0x1.5ac3b9a2e4c30p-3, 0x1.8fa599fca878bp-7, -0x1.16ec8f5c9d74ap-4, 0x1.0140effee82dfp-6, 0x1.5cfc48a000de5p-6, -0x1.9471efc5c7622p-7, -0x1.23815c8a02e34p-8 },
    { 0x1.9812b3b03f0a5p-2, 0x1.412330175e8f4p-57, 0x1.aeb08c3c0e84dp-1, -0x1.57446b1bc46cfp-2, -0x1.2ca9abc0444adp-3, 0x1.5ca95f9460d18p-3, -0x1.c2daa35f12e46p-13, -0x1.069a516ee7a40p-4, 0x1.5127167731306p-6, 0x1.21630b988c378p-6, -0x1.b7709f70d1e54p-7, -0x1.3a5ef43ea3b6ap-9 },
    { 0x1.b2a6c993b829ep-2, -0x1.92182a20b9da8p-57, 0x1.a3c0c1fba328cp-1, -0x1.6457212f78de0p-2, -0x1.0129bda380a65p-3, 0x1.5ab77f388fbdep-3, -0x1.822f3a6cb2554p-7, -0x1.e4a87637033efp-5, 0x1.91a89bf4f1f57p-6, 0x1.c4a4307a07ea9p-7, -0x1.c5fbddf396a04p-7, -0x1.ece1a11aa8f9ap-12 },
    { 0x1.cc88c9902cf45p-2, 0x1.3fa437acd1669p-56, 0x1.9870845162d1dp-1, -0x1.6f62358f73da8p-2, -0x1.ac4345d675fe1p-4, 0x1.5539da8287018p-3, -0x1.6e3e0dc04c0a1p-6, -0x1.b5ec7147bbc7dp-5, 0x1.c241672a553d0p-6, 0x1.451b8ea95ce52p-7, -0x1.c1c9308b8a98ep-7, 0x1.479498a71fae2p-10 },
    { 0x1.f20211a36475ep-2, -0x1.6e03fa046b469p-56, 0x1.86e67e6b80ac2p-1, -0x1.7c37c55474d9bp-2, -0x1.2ebf15f3cb01cp-4, 0x1.4718c8ef6e33ep-3, -0x1.277f8395177a3p-5, -0x1.680312a9ea6c0p-5, 0x1.edc9aa9de5f23p-6, 0x1.1b8c3147b65bep-8, -0x1.9db8e0c1f2f95p-7, 0x1.b0e98da36d2abp-9 },
    { 0x1.10af47e0bf610p-1, 0x1.42982fb5e7092p-55, 0x1.6ec5879f87eeep-1, -0x1.86ad001bfe200p-2, -0x1.239045b66136fp-5, 0x1.2b4572d9cc106p-3, -0x1.99f4f01754993p-5, -0x1.f449c4837c702p-6, 0x1.f5f42240e147cp-6, -0x1.111b52ef95cf3p-9, -0x1.4728f87aae39fp-7, 0x1.43b75c9d6e4b1p-8 },
    { 0x1.26d76f73233c7p-1, 0x1.be915d84d03c1p-57, 0x1.56363b5b93937p-1, -0x1.8a2244b27297ep-2, -0x1.2ca2f101eef9cp-10, 0x1.081bc34224392p-3, -0x1.e38db4a9309bdp-5, -0x1.1f814d4a44411p-6, 0x1.d056ae083a283p-6, -0x1.bd0b5c90f5238p-8, -0x1.b7637ed720af6p-8, 0x1.604b8b27fcb0ep-8 },
    { 0x1.3b75f8bcb742dp-1, 0x1.b64af057bc6d7p-55, 0x1.3da23bc12369fp-1, -0x1.8768ff4b46416p-2, 0x1.d67cb8ad9caf6p-6, 0x1.c168cb7827df0p-4, -0x1.03a2b83c8a2d4p-4, -0x1.89feb594dcf32p-8, 0x1.8bd01a9bbd2eap-6, -0x1.3badc3df8c4aap-7, -0x1.c544ac7c19fc3p-9, 0x1.4086c3315ff24p-8 },
    { 0x1.4e8d895b010dcp-1, 0x1.a4855a4ca6661p-57, 0x1.25652faaf8a73p-1, -0x1.7f6c3a57c444bp-2, 0x1.b7866e3f99ea3p-5, 0x1.6fa1df47ccd5ap-4, -0x1.05508d3735c7ap-4, 0x1.c3efdf7977c87p-9, 0x1.372bacd80f2dfp-6, -0x1.60fd5869fccf5p-7, -0x1.722e625efbc02p-11, 0x1.f9669f8ace441p-9 },
    { 0x1.602609aae7c22p-1, 0x1.bb6a2e353e7ddp-57, 0x1.0dcbafe191c7fp-1, -0x1.732028428a9fbp-2, 0x1.2d92389be064ep-4, 0x1.1f6a9c8c499bbp-4, -0x1.f47c0b509c7a0p-5, 0x1.5a8edd1275146p-7, 0x1.be05c3b8b59ffp-7, -0x1.5a0efa3adc38dp-7, 0x1.5a103a73e5a03p-10, 0x1.575565eddca47p-9 },
    { 0x1.704bb1b7fcb81p-1, 0x1.0328be4a6f1eep-55, 0x1.ee264aad6c40cp-2, -0x1.637493ce659f1p-2, 0x1.6be3a3dee6f3ep-4, 0x1.a85eb6470ac63p-5, -0x1.cc0146ea32811p-5, 0x1.f8fb683befccfp-7, 0x1.19515c1c3392bp-7, -0x1.34e45a195e115p-7, 0x1.525de32aa030ap-9, 0x1.7a3e6342bd029p-10 },
    { 0x1.7f0e1a4cd846ep-1, 0x1.16f7f04022c64p-56, 0x1.c2d4cc872dc09p-2, -0x1.514a99f92ed53p-2, 0x1.9846a6cf2f32ep-4, 0x1.20896939ab1aap-5, -0x1.97e801f30e3b7p-5, 0x1.2a11f47b1932ep-6, 0x1.17d70d1c4e930p-8, -0x1.fdcf1594aaf3ep-8, 0x1.9f6a5bc53d564p-9, 0x1.f85df185ff8acp-12 },
    { 0x1.92bfb370d9b72p-1, -0x1.9cb762e96ce5ap-55, 0x1.866160e454111p-2, -0x1.33149f3801dbbp-2, 0x1.bdb6d4c9493ecp-4, 0x1.d6ab2a74c5085p-7, -0x1.404d1045ab39dp-5, 0x1.3c47d99b804f8p-6, -0x1.1b7609cdd7addp-11, -0x1.4b52b006ff734p-8, 0x1.9a98b8ce67bbdp-9, -0x1.d15ea63dcbf1ap-12 },
    { 0x1.a8dbcbc31897ap-1, 0x1.84d6a52cacb7ep-55, 0x1.3ee730537c8eap-2, -0x1.08a05ad27ce33p-2, 0x1.c5255406f8452p-4, -0x1.72fa2f6331c9fp-8, -0x1.9dd8e4c419634p-6, 0x1.183c9354cb8fep-6, -0x1.0471a588eba1bp-8, -0x1.03dd95d4623d9p-9, 0x1.2593920f3e559p-9, -0x1.c1fe130bef9cbp-11 },
    { 0x1.bad50a4a68bc2p-1, -0x1.e45c4bf117f17p-55, 0x1.01fba72cee1a5p-2, -0x1.be432f647c4d6p-3, 0x1.abf92b6e5adccp-4, -0x1.22983aa24de73p-6, -0x1.c72214c3bc026p-7, 0x1.acb4d1f20e2b3p-7, -0x1.40ef84cffa39ep-8, -0x1.ea9d52e78062cp-15, 0x1.3cb88953a9736p-10, -0x1.849858a4410d3p-11 },
    { 0x1.c950a3340c8bfp-1, 0x1.fb60eb4c37d96p-55, 0x1.9e1dffd385423p-3, -0x1.71e2ff88eba22p-3, 0x1.80aebd07ab73fp-4, -0x1.8404e27eaee7cp-6, -0x1.72da5210cad21p-8, 0x1.24c9268db0064p-7, -0x1.22ae6f83acc4fp-8, 0x1.b807c2d2bd5e7p-11, 0x1.d6dc33d074657p-12, -0x1.eba86e58ece7bp-12 },
    { 0x1.d4e6f464286b1p-1, -0x1.58d90474e92d8p-55, 0x1.4a45842b7de1ep-3, -0x1.2e7885afdd3d0p-3, 0x1.4dd6dd51d4104p-4, -0x1.a05d3adab5109p-6, -0x1.459b647a7e0a3p-12, 0x1.66b3074c1dd69p-8, -0x1.c2c8875c98838p-9, 0x1.194f13b7fb429p-10, 0x1.4b63fd6891f39p-16, -0x1.e3ff3e3101d36p-13 },
    { 0x1.de1eb5937518fp-1, 0x1.51109ef242566p-56, 0x1.06129c7c8ebb1p-3, -0x1.e9763041064e0p-4, 0x1.1a5b9f91139c7p-4, -0x1.92145039fa0fdp-6, 0x1.6cb116e5d2a3cp-9, 0x1.7f972fe807a2dp-9, -0x1.3a7b5381b9791p-9, 0x1.fde78e81bbe05p-11, -0x1.5942de5e301c2p-13, -0x1.48c70a3ec3e50p-14 },
    { 0x1.e56b6f3efabfdp-1, -0x1.acb810a88689dp-59, 0x1.9e3efd94bb9fcp-4, -0x1.88bd9760feca7p-4, 0x1.d48a0350b3b5ep-5, -0x1.6cc6a5110f498p-6, 0x1.193468706f6d9p-8, 0x1.407baf7ddf760p-10, -0x1.91b62166caebdp-10, 0x1.8b0e059d950bdp-11, -0x1.b3352ef64189bp-13, -0x1.4e663e328ce53p-22 },
    { 0x1.eb2dfedd5ec93p-1, 0x1.af8bb6aca65efp-57, 0x1.465a205cfb638p-4, -0x1.3914bf68d39ffp-4, 0x1.7f21a08c5c75fp-5, -0x1.3da9560ea9b06p-6, 0x1.3953fec5daa6ep-8, 0x1.749d5e39a79bfp-13, -0x1.d46b080f12880p-11, 0x1.153d5c5cceab2p-11, -0x1.847cbeaea076dp-13, 0x1.fb5fde90cf92cp-16 },
    { 0x1.f1994df724fc8p-1, 0x1.a807b9bfbce1ep-56, 0x1.c65b1bc0c9d5cp-5, -0x1.b9937bda747b4p-5, 0x1.15b42d9ef8513p-5, -0x1.eacd8e851280bp-7, 0x1.263a15786c236p-8, -0x1.2a032a4b7d847p-11, -0x1.431e9b5bd8738p-12, 0x1.1b51185a4b4b6p-12, -0x1.f861a1f9b77f6p-14, 0x1.1f19bb0437d1ap-15 },
    { 0x1.f73776b2aa2dbp-1, 0x1.6f5a4f15330efp-55, 0x1.16a7fc4d7b906p-5, -0x1.11e03803ad627p-5, 0x1.6095915970049p-6, -0x1.47e74ed9b876bp-7, 0x1.bff77184e80e4p-9, -0x1.91d1ff99d6768p-11, 0x1.53eb2f4db6bb5p-16, 0x1.6013b63f5dd14p-14, -0x1.b300bdc6d43adp-15, 0x1.4d8a422f854ccp-16 },
    { 0x1.faa7934b75ebdp-1, 0x1.aaf95f2c25183p-62, 0x1.545200830a433p-6, -0x1.50c46d285f6c8p-6, 0x1.b79f5bfc6231bp-7, -0x1.a50adad770f13p-8, 0x1.33a19bf28727dp-9, -0x1.4e609be98d180p-11, 0x1.afcb3ea2a8337p-14, 0x1.804a5736bd921p-17, -0x1.275ceb93fd46fp-16, 0x1.205266f56899fp-17 },
    { 0x1.fcc04cdbcdc4cp-1, -0x1.0c4608246dd7dp-55, 0x1.9e87d088d26a0p-7, -0x1.9be6721012b8dp-7, 0x1.0f1c13e8d25f5p-7, -0x1.082dbc95ff058p-8, 0x1.90be9bddd1a28p-10, -0x1.dcc2bf1fc4f6cp-12, 0x1.a08036141df7ap-14, -0x1.527f907d36802p-17, -0x1.0b927182aa373p-18, 0x1.9a6a4adf2a07ep-19 },
    { 0x1.fe06eb0688212p-1, 0x1.04beec232acfcp-55, 0x1.f81bd88762252p-8, -0x1.f62a8c699a96dp-8, 0x1.4c31e2b2a5b9cp-8, -0x1.470d537f133d7p-9, 0x1.faeef623155d0p-11, -0x1.3c5e80c48c25ep-12, 0x1.38f3c19ab98d7p-14, -0x1.b3c6db9499082p-17, 0x1.d2b7fdae94db7p-22, 0x1.c27551aaef83bp-21 },
    { 0x1.fecd6b7ea3128p-1, 0x1.b989950b37e25p-58, 0x1.3238b78613800p-8, -0x1.31815acea0732p-8, 0x1.956f0816d5216p-9, -0x1.91a16286c264ep-10, 0x1.3b3e3a02c363fp-11, -0x1.9441b2b22ff26p-13, 0x1.a99c2f91be81ep-15, -0x1.61cac64c18b7ap-17, 0x1.795178b76ab1cp-20, 0x1.5e1f8459aec63p-24 },
    { 0x1.ff45f6d36133bp-1, -0x1.eb77cbd10e471p-57, 0x1.73cec093032dfp-9, -0x1.7347a7cd844d7p-9, 0x1.eda2553035273p-10, -0x1.ead3bbabc05a9p-11, 0x1.842e61cdf9668p-12, -0x1.f9ab7fd9d8e1ep-14, 0x1.136c134385470p-15, -0x1.f127e0b5de780p-18, 0x1.5b5aacafa22fcp-20, -0x1.026b001b44d0ep-23 },
    { 0x1.ff8f21cdaaa63p-1, -0x1.cdcc19c75491ap-58, 0x1.c3470628813f2p-10, -0x1.c2e38ac6ff8d3p-10, 0x1.2c13234627014p-10, -0x1.2b0a47df47652p-11, 0x1.db2889e2d197cp-13, -0x1.385fbd56c7e9fp-14, 0x1.5afa822770407p-16, -0x1.4709727b69ed5p-18, 0x1.ff281bcd42ef5p-21, -0x1.290c3139cf3bep-23 },
    { 0x1.ffcaac3f20e66p-1, -0x1.17aa45074b7ddp-56, 0x1.aa87cf6647198p-11, -0x1.aa5b62919e0e4p-11, 0x1.1c01b53b3c8fcp-11, -0x1.1b8b54d0a76c9p-12, 0x1.c43130007965ep-14, -0x1.2b7deab014e28p-15, 0x1.51c72b2d190e1p-17, -0x1.48cfd7a28af3ep-19, 0x1.156b9916b3dc4p-21, -0x1.88125cd14f796p-24 },
    { 0x1.ffec61279a3a4p-1, 0x1.fb7793991ca3ep-55, 0x1.39e782819fcf9p-12, -0x1.39db7b072a9d9p-12, 0x1.a259e6595867dp-13, -0x1.a219c3132d88cp-14, 0x1.4e146af0c75a8p-15, -0x1.bc5f12b6c75eap-17, 0x1.f967b503cd02ap-19, -0x1.f488265f34df7p-21, 0x1.b6731c7e0e03dp-23, -0x1.5060e682771b7p-25 },
    { 0x1.fff8c81c6dc34p-1, -0x1.bd986837c49f7p-57, 0x1.cdf5a2e4d75f1p-14, -0x1.cdef1f9be5d19p-14, 0x1.33ec10c890e9ap-14, -0x1.33dab3266fc79p-15, 0x1.ec598f0e49a4fp-17, -0x1.47f1a0ace3a45p-18, 0x1.762025ffc46aap-20, -0x1.74ce469d4e622p-22, 0x1.4ad494c1631b4p-24, -0x1.0498d5e007f3ep-26 },
    { 0x1.fffd583014825p-1, 0x1.43254f5626af6p-57, 0x1.53e71416c3ed9p-15, -0x1.53e550c7c8781p-15, 0x1.c52d0d91584a0p-16, -0x1.c523a6ae7852cp-17, 0x1.6a73e1b6e97d2p-18, -0x1.e31d0fdc4d02ep-20, 0x1.13e19177dca6fp-21, -0x1.138651e85b2dbp-23, 0x1.eb4b19d45cec4p-26, -0x1.8698054e8c8a4p-28 },
    { 0x1.ffff05e8d3192p-1, -0x1.b5a824232e239p-55, 0x1.f42ddfa52ae16p-17, -0x1.f42ceb5420aadp-17, 0x1.4d7201cc2dca6p-17, -0x1.4d6f764bf3930p-18, 0x1.0abb80164a99ep-19, -0x1.6399ceb32e174p-21, 0x1.964c07635e5d1p-23, -0x1.961b00725e613p-25, 0x1.6aaf44e4b3a08p-27, -0x1.21501df1dd2a9p-29 },
    { 0x1.ffffa3ff22708p-1, 0x1.bb4fb24ef6e53p-56, 0x1.7003552d52f90p-18, -0x1.7003130c1a5a2p-18, 0x1.eaae13b72b164p-19, -0x1.eaacb306c5116p-20, 0x1.8887f576fbff9p-21, -0x1.05ad084361f62p-22, 0x1.2b06da350647ep-24, -0x1.2af9dc5eae98cp-26, 0x1.0b2d284910a76p-28, -0x1.aac64756eb990p-31 },
    { 0x1.ffffde2760a41p-1, 0x1.bd199f302a22dp-55, 0x1.0ec4f1ec27a51p-19, -0x1.0ec4e005e6a4ap-19, 0x1.6906504c2f7e2p-20, -0x1.6905f0d5c70f3p-21, 0x1.20d0f56c78467p-22, -0x1.811504ca7965dp-24, 0x1.b8126edd9d8b8p-26, -0x1.b80bcfc5ef14fp-28, 0x1.895515fc98a95p-30, -0x1.3a49415516d8dp-32 },
    { 0x1.fffff38c76668p-1, 0x1.ae016b204d28dp-55, 0x1.8e712e56e0b9ep-21, -0x1.8e7124a65011bp-21, 0x1.09a0b62dddd60p-21, -0x1.09a09c5733e67p-22, 0x1.a900a87c5df12p-24, -0x1.1b55571164130p-25, 0x1.43ccd319151b6p-27, -0x1.43cb55cfbfa96p-29, 0x1.217222caac7bdp-31, -0x1.cea180b976109p-34 },
    { 0x1.fffffd38c39f0p-1, 0x1.5984ff48dda05p-56, 0x1.639e2f87f25c0p-23, -0x1.639e2d99b2f22p-23, 0x1.da283730e6624p-24, -0x1.da282d35699afp-25, 0x1.7b53824cbcd3fp-26, -0x1.f9c45a3715559p-28, 0x1.20ed7cb2a0b64p-29, -0x1.20f40753dfb11p-31, 0x1.06caaf475a477p-33, -0x1.a2df5e1702250p-36 },
    { 0x1.ffffff9fbea41p-1, -0x1.d28c2e104e8b2p-56, 0x1.81056faab583dp-26, -0x1.81056f620ecc7p-26, 0x1.00ae49a099840p-26, -0x1.00ae490a71551p-27, 0x1.9ab0b2c4ab032p-29, -0x1.11cb09300b78ap-30, 0x1.38d17c8ab3407p-32, -0x1.38d8ef73dcdd1p-34, 0x1.1c8689695251dp-36, -0x1.c58601008682ep-39 },
    { 0x1.fffffff2f9279p-1, 0x1.eee4a5133d9a7p-55, 0x1.a0db0d039920cp-29, -0x1.a0db0cf8b3c70p-29, 0x1.15e75da76b2c1p-29, -0x1.15e75db98bcbfp-30, 0x1.bca5a80a5618cp-32, -0x1.286e58578cd33p-33, 0x1.52aedbd8f21dep-35, -0x1.52b6fa2c39fabp-37, 0x1.340d338cfd948p-39, -0x1.eb063d98d9a7bp-42 },
    { 0x1.fffffffe3cad8p-1, 0x1.bd873fdf5e788p-57, 0x1.c3527e4212360p-32, -0x1.c3527e4034061p-32, 0x1.2ce1a932bc5fep-32, -0x1.2ce1a960d6d21p-33, 0x1.e1695a58666fbp-35, -0x1.40f0cdb1e5a10p-36, 0x1.6eafa7cb485a3p-38, -0x1.6eb873f96affep-40, 0x1.4d85a7a53187fp-42, -0x1.09cfd7796e273p-44 },
    { 0x1.ffffffffc2eb9p-1, 0x1.6e883ca81457fp-58, 0x1.e8a37a462a40bp-35, -0x1.e8a37a4598f6ep-35, 0x1.45c25131df49bp-35, -0x1.45c25167aac09p-36, 0x1.049b9d22053b2p-37, -0x1.5b7a0b9f6f779p-39, 0x1.8d012d8258eaep-41, -0x1.8d0ab4332bd8cp-43, 0x1.69193542af70bp-45, -0x1.1fca32d24f381p-47 },
    { 0x1.fffffffff7bbdp-1, 0x1.acf13472073c9p-55, 0x1.088529879c211p-37, -0x1.0885298768c3bp-37, 0x1.60b18c5c33bbdp-38, -0x1.60b18c970360cp-39, 0x1.1a27cfdbcbc78p-40, -0x1.7834f7aeb7488p-42, 0x1.add4707a53025p-44, -0x1.addec0d9280c2p-46, 0x1.86f4750e61b3ep-48, -0x1.3795bfcd9dcedp-50 },
    { 0x1.fffffffffee1ap-1, -0x1.0aebadfe7b033p-55, 0x1.1e642baef4d24p-40, -0x1.1e642baec1351p-40, 0x1.7ddae48966618p-41, -0x1.7ddae4c9282ecp-42, 0x1.317c1a11ba77dp-43, -0x1.975002dcb2404p-45, 0x1.d15e80643114dp-47, -0x1.d169ab147835fp-49, 0x1.a747aac401fb6p-51, -0x1.5158f6575a226p-53 },
    { 0x1.ffffffffffd94p-1, -0x1.21e24d3afdc18p-56, 0x1.36121e2515db0p-43, -0x1.36121e24de8f6p-43, 0x1.9d6d7d1efcbefp-44, -0x1.9d6d7d6407321p-45, 0x1.4abe31b578a86p-46, -0x1.b8fd7513ebd90p-48, 0x1.f7d8cfe37b452p-50, -0x1.f7e4e6f0e2f75p-52, 0x1.ca471701c6ab4p-54, -0x1.6d3d7b7a7ecd3p-56 },
    { 0x1.fffffffffffe1p-1, 0x1.ffe1129d56f11p-57, 0x1.ee0020a81b46cp-48, -0x1.ee001f3680cf7p-48, 0x1.49551386b2e28p-48, -0x1.49554d66faeefp-49, 0x1.07824e3f5f072p-50, -0x1.5f51299b3125ap-52, 0x1.8f9950da5dd78p-54, -0x1.903bc5c767e2dp-56, 0x1.86b1d094c1a83p-58, -0x1.33e91255c65c5p-60 },
    { 0x1.fffffffffffffp-1, 0x1.bceea52a399fap-55, 0x1.2188ae6e5dd4dp-53, -0x1.2188ad95bde92p-53, 0x1.820b2c950854ap-54, -0x1.820b706cb0deep-55, 0x1.34e2af93e501fp-56, -0x1.9bd06bfea3b4fp-58, 0x1.d469012a12cc8p-60, -0x1.d5276fbd848c5p-62, 0x1.c9f8f8ac2b085p-64, -0x1.68eed1ab56890p-66 },
    { 0x1.0000000000000p+0, -0x1.536452ee2f75cp-60, 0x1.5364541e58d48p-59, -0x1.536453206b59cp-59, 0x1.c4854d276e61fp-60, -0x1.c4859cadd0d52p-61, 0x1.6a136ac33eee2p-62, -0x1.e2ba99db99d4cp-64, 0x1.128910b4ddbc8p-65, -0x1.12f8ad70d478ep-67, 0x1.0c6afc452e6eap-69, -0x1.a715fa5046455p-72 },
    { 0x1.0000000000000p+0, -0x1.8dd5e1bb09d7ep-66, 0x1.8dd5e31f93b31p-65, -0x1.8dd5e1f5ec37fp-65, 0x1.0938fb8d6d5cbp-65, -0x1.09392a297c45cp-66, 0x1.a86cf62170977p-68, -0x1.1aed7914ca0b7p-69, 0x1.41cf86f48a785p-71, -0x1.42525bf090756p-73, 0x1.3aa3c45a2edc8p-75, -0x1.eff10d5f64d04p-78 },
    { 0x1.0000000000000p+0, -0x1.d257d547e083fp-72, 0x1.d257d6e9cfcf8p-71, -0x1.d257d58ce6b62p-71, 0x1.36e4e74463a39p-71, -0x1.36e51de728932p-72, 0x1.f1831915c45a5p-74, -0x1.4ba5e48178009p-75, 0x1.793a0b34ed96dp-77, -0x1.79d367b68177bp-79, 0x1.70d22a00e09efp-81, -0x1.22abeddc48c0cp-83 },
    { 0x1.0000000000000p+0, -0x1.1152eaeb73c08p-77, 0x1.1152ebe06765cp-76, -0x1.1152eb13e8430p-76, 0x1.6c6e2eec73e15p-77, -0x1.6c6e6ef7c18bdp-78, 0x1.2397917e7af00p-79, -0x1.84c212eff3616p-81, 0x1.ba2f7dbc406a7p-83, -0x1.bae342ef82261p-85, 0x1.b0550e4c957e9p-87, -0x1.54b9babf77ae1p-89 },
    { 0x1.0000000000000p+0, -0x1.4063f8cc8bb98p-83, 0x1.4063f9ebadaecp-82, -0x1.4063f8fbf7a27p-82, 0x1.ab2f864b4806bp-83, -0x1.ab2fd15ddedc6p-84, 0x1.55cdf22a31b18p-85, -0x1.c7b3dd1344433p-87, 0x1.032a45a6bdfabp-88, -0x1.0393a2b27e517p-90, 0x1.fac7be45d4337p-93, -0x1.8f6613dfd8055p-95 },
    { 0x1.0000000000000p+0, -0x1.778fe2497184cp-89, 0x1.778fe39a05449p-88, -0x1.778fe28107ee9p-88, 0x1.f4bf54f930822p-89, -0x1.f4bfacf93ca0bp-90, 0x1.90a9dbdc31cf2p-91, -0x1.0b1665dc19616p-92, 0x1.2fcb28bad396fp-94, -0x1.3046aa8ee4900p-96, 0x1.29062d4178d7ap-98, -0x1.d42cf16e2c51bp-101 },
};

double pg_tanh(double x)
{
    double a = fabs(x), t;
    if (a < 0.125) {
        // tanh(a) = a - a^3/3 + 2a^5/15 - ..., the rest of the series in a^2 by Estrin's scheme
        double a2 = a * a, a4 = a2 * a2, a8 = a4 * a4;
        double P = ((-1.0 / 3 + a2 * (2.0 / 15)) + a4 * (-17.0 / 315 + a2 * (62.0 / 2835))) +
                   a8 * ((-1382.0 / 155925 + a2 * (21844.0 / 6081075)) +
                         a4 * (-929569.0 / 638512875 + a2 * (6404582.0 / 10854718875.0)));
        t = a + a * (a2 * P);
    } else if (a < 20.0) {
        // the interval: the exponent and first 3 bits of the significand; its middle c: those
        // bits, then a 1
        uint64_t bits, mid_bits;
        memcpy(&bits, &a, sizeof bits);
        int i = (int)(bits >> 49) - ((1023 - 3) << 3);
        mid_bits = (bits & ~(((uint64_t)1 << 49) - 1)) | ((uint64_t)1 << 48);
        double c;
        memcpy(&c, &mid_bits, sizeof c);
        double u = a - c;                              // exact: a and c are within a factor of 2
        const double *p = tanh_tab[i];
        double u2 = u * u, u4 = u2 * u2, u8 = u4 * u4;
        double Q = ((p[2] + p[3] * u) + u2 * (p[4] + p[5] * u)) +
                   u4 * ((p[6] + p[7] * u) + u2 * (p[8] + p[9] * u)) + u8 * (p[10] + p[11] * u);
        t = p[0] + (p[1] + u * Q);
    } else if (a == a) {
        t = 1.0;                                       // 20 .. inf
    } else {
        return x + x;                                  // NaN, quiet
    }
    return copysign(t, x);
}

#if defined(__wasm__)
// The page's tanh: ahead of wasi-libc's in the link (pg_math.h).
double tanh(double x)
{
    return pg_tanh(x);
}
#endif
