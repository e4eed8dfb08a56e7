#include "engine/Random.h"

#include <array>
#include <cmath>
#include <limits>

// Fusing a multiply and an add (FMA) rounds once instead of twice, so where the target has
// FMA the compilers would change these results; forbid it for this file.
#if defined(__clang__)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

namespace ml {

namespace {

quint64 rotl(quint64 x, int k) { return (x << k) | (x >> (64 - k)); }

quint64 splitMix64(quint64& state)
{
    state += 0x9e3779b97f4a7c15ull;
    quint64 z = state;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

// ln 2 split so that k * kLn2Hi is exact for any exponent k of a double.
constexpr double kLn2Hi = 0x1.62e42p-1;
constexpr double kLn2Lo = 0x1.fdf473de6af28p-22;
constexpr double kInvLn2 = 0x1.71547652b82fep+0;
constexpr double kSqrtHalf = 0.70710678118654752440;

// 2 / (2k + 1) for k = 1..11: the atanh series of the log.
constexpr std::array<double, 11> kLogTerms = [] {
    std::array<double, 11> terms{};
    for (int k = 1; k <= 11; ++k) terms[k - 1] = 2.0 / (2 * k + 1);
    return terms;
}();
// 1 / n for n = 1..14: Horner's form of the exponential's Taylor series.
constexpr std::array<double, 14> kInverses = [] {
    std::array<double, 14> inverses{};
    for (int n = 1; n <= 14; ++n) inverses[n - 1] = 1.0 / n;
    return inverses;
}();

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

double portableLog(double x)
{
    if (std::isnan(x) || x < 0) return kNaN;
    if (x == 0) return -kInf;
    if (std::isinf(x)) return kInf;
    int exponent = 0;
    double m = std::frexp(x, &exponent);  // exact: x = m * 2^exponent, m in [0.5, 1)
    if (m < kSqrtHalf) {
        m *= 2;
        --exponent;
    }
    // log(1 + f) = 2 atanh(s) with s = f / (2 + f), |s| <= 0.1716; written as
    // f - s (f - R) so the large part f is exact and the correction is small.
    const double f = m - 1.0;  // exact (Sterbenz)
    const double s = f / (2.0 + f);
    const double z = s * s;
    double r = kLogTerms[10];
    for (int k = 9; k >= 0; --k) r = kLogTerms[k] + z * r;
    r *= z;
    const double k = exponent;
    return k * kLn2Hi + ((f - s * (f - r)) + k * kLn2Lo);
}

double portableExp(double x)
{
    if (std::isnan(x)) return x;
    if (x > 709.782712893384) return kInf;
    if (x < -745.2) return 0.0;
    // x = k ln2 + r with |r| <= ln2 / 2; exp(r) by its Taylor series to r^14 / 14!.
    const double k = std::floor(x * kInvLn2 + 0.5);
    const double r = (x - k * kLn2Hi) - k * kLn2Lo;
    double p = 1.0;
    for (int n = 13; n >= 0; --n) p = 1.0 + r * p * kInverses[n];
    return std::ldexp(p, int(k));
}

namespace {

// Wichura's AS241 (PPND16) coefficients, highest power first.
using Poly = std::array<double, 8>;
constexpr Poly kCentralNum = {2.5090809287301226727e+3, 3.3430575583588128105e+4, 6.7265770927008700853e+4,
                              4.5921953931549871457e+4, 1.3731693765509461125e+4, 1.9715909503065514427e+3,
                              1.3314166789178437745e+2, 3.3871328727963666080e+0};
constexpr Poly kCentralDen = {
    5.2264952788528545610e+3, 2.8729085735721942674e+4, 3.9307895800092710610e+4, 2.1213794301586595867e+4,
    5.3941960214247511077e+3, 6.8718700749205790830e+2, 4.2313330701600911252e+1, 1.0};
constexpr Poly kNearNum = {7.7454501427834140764e-4, 2.2723844989269184583e-2, 2.4178072517745061177e-1,
                           1.2704582524523683826e+0, 3.6478483247632046050e+0, 5.7694972214606914055e+0,
                           4.6303378461565452959e+0, 1.4234371107496835773e+0};
constexpr Poly kNearDen = {
    1.0507500716444168432e-9, 5.4759380849953449460e-4, 1.5198666563616457197e-2, 1.4810397642748007459e-1,
    6.8976733498510000455e-1, 1.6763848301838038494e+0, 2.0531916266377588219e+0, 1.0};
constexpr Poly kTailNum = {2.0103343992922881327e-7, 2.7115555687434875782e-5, 1.2426609473880784386e-3,
                           2.6532189526576123093e-2, 2.9656057182850489123e-1, 1.7848265399172913358e+0,
                           5.4637849111641143699e+0, 6.6579046435011037772e+0};
constexpr Poly kTailDen = {
    2.0442631033899397856e-15, 1.4215117583164458887e-7, 1.8463183175100546818e-5, 7.8686913114561325910e-4,
    1.4875361290850614853e-2,  1.3692988092273580531e-1, 5.9983220655588793769e-1, 1.0};

double horner(const Poly& c, double x)
{
    double sum = c[0];
    for (std::size_t i = 1; i < c.size(); ++i) sum = sum * x + c[i];
    return sum;
}

}  // namespace

double normalQuantile(double p)
{
    if (std::isnan(p) || p < 0 || p > 1) return kNaN;
    if (p == 0) return -kInf;
    if (p == 1) return kInf;
    const double q = p - 0.5;
    if (std::fabs(q) <= 0.425) {
        const double r = 0.180625 - q * q;
        return horner(kCentralNum, r) * q / horner(kCentralDen, r);
    }
    double r = std::sqrt(-portableLog(q < 0 ? p : 1.0 - p));
    double x;
    if (r <= 5.0) {
        r -= 1.6;
        x = horner(kNearNum, r) / horner(kNearDen, r);
    } else {
        r -= 5.0;
        x = horner(kTailNum, r) / horner(kTailDen, r);
    }
    return q < 0 ? -x : x;
}

quint64 RandomStream::hashId(std::string_view id)
{
    quint64 hash = 0xcbf29ce484222325ull;
    for (const char c : id) {
        hash ^= quint8(c);
        hash *= 0x100000001b3ull;
    }
    return hash;
}

RandomStream::RandomStream(quint64 seed, std::string_view streamId)
{
    quint64 mixer = seed;
    quint64 state = splitMix64(mixer) ^ hashId(streamId);
    for (quint64& word : m_state) word = splitMix64(state);
    // xoshiro's one forbidden state; splitmix64 is a bijection, so four zero words in a
    // row cannot happen, but a cheap guard keeps that an argument rather than a hope.
    if ((m_state[0] | m_state[1] | m_state[2] | m_state[3]) == 0) m_state[0] = 1;
}

RandomStream::RandomStream(quint64 seed, QStringView streamId)
    : RandomStream(seed, std::string_view(streamId.toUtf8().toStdString()))
{
}

quint64 RandomStream::next()
{
    const quint64 result = rotl(m_state[1] * 5, 7) * 9;
    const quint64 t = m_state[1] << 17;
    m_state[2] ^= m_state[0];
    m_state[3] ^= m_state[1];
    m_state[1] ^= m_state[2];
    m_state[0] ^= m_state[3];
    m_state[2] ^= t;
    m_state[3] = rotl(m_state[3], 45);
    return result;
}

double RandomStream::uniform01() { return double(next() >> 11) * 0x1.0p-53; }

double RandomStream::uniformOpen01() { return (double(next() >> 11) + 0.5) * 0x1.0p-53; }

quint64 RandomStream::uniformInt(quint64 n)
{
    if (n == 0) {
        next();  // still one draw, like every other call
        return 0;
    }
    // Draws below 2^64 mod n would make small results more likely; skip them.
    const quint64 threshold = (0 - n) % n;
    for (;;) {
        const quint64 r = next();
        if (r >= threshold) return r % n;
    }
}

bool RandomStream::bernoulli(double p) { return uniform01() < p; }

double RandomStream::exponential(double mean)
{
    // 1 - u is in (0, 1], so the log is finite.
    return -mean * portableLog(1.0 - uniform01());
}

double RandomStream::normal(double mean, double sd) { return mean + sd * normalQuantile(uniformOpen01()); }

double RandomStream::lognormal(double median, double p99)
{
    const double z = normalQuantile(uniformOpen01());
    if (!(median > 0) || !(p99 > median)) return median;
    const double sigma = portableLog(p99 / median) / kNormalP99;
    return median * portableExp(sigma * z);
}

}  // namespace ml
