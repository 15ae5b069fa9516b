#include "gui/colour_vision.h"

#include <algorithm>
#include <cmath>

namespace tcplab::gui {

namespace {

using Matrix = double[3][3];

// Machado et al. 2009, table of severity 1.0 (applied to linear RGB).
constexpr Matrix kDeuteranopia = {{0.367322, 0.860646, -0.227968},
                                  {0.280085, 0.672501, 0.047413},
                                  {-0.011820, 0.042940, 0.968881}};
constexpr Matrix kProtanopia = {{0.152286, 1.052583, -0.204868},
                                {0.114503, 0.786281, 0.099216},
                                {-0.003882, -0.048116, 1.051998}};

// sRGB transfer function (IEC 61966-2-1) and its inverse.
double to_linear(std::uint8_t v) {
  const double c = v / 255.0;
  return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}
std::uint8_t from_linear(double c) {
  c = std::clamp(c, 0.0, 1.0);
  const double v = c <= 0.0031308 ? c * 12.92 : 1.055 * std::pow(c, 1 / 2.4) - 0.055;
  return static_cast<std::uint8_t>(std::lround(v * 255.0));
}

}  // namespace

Rgba simulate(Rgba c, ColourVision vision) {
  if (vision == ColourVision::Normal) return c;
  const Matrix& m = vision == ColourVision::Deuteranopia ? kDeuteranopia : kProtanopia;
  const double in[3] = {to_linear(c.r), to_linear(c.g), to_linear(c.b)};
  double out[3];
  for (int i = 0; i < 3; ++i) out[i] = m[i][0] * in[0] + m[i][1] * in[1] + m[i][2] * in[2];
  return {from_linear(out[0]), from_linear(out[1]), from_linear(out[2]), c.a};
}

Lab to_lab(Rgba c) {
  const double r = to_linear(c.r), g = to_linear(c.g), b = to_linear(c.b);
  // sRGB to XYZ, normalised by the D65 white point.
  const double x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const double y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const double z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  auto f = [](double t) { return t > 0.008856 ? std::cbrt(t) : 7.787 * t + 16.0 / 116.0; };
  return {116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))};
}

double delta_e(Rgba x, Rgba y) {
  const Lab a = to_lab(x), b = to_lab(y);
  return std::sqrt((a.l - b.l) * (a.l - b.l) + (a.a - b.a) * (a.a - b.a) +
                   (a.b - b.b) * (a.b - b.b));
}

}  // namespace tcplab::gui
