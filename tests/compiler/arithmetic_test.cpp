/* SPDX-License-Identifier: MIT */

/* GLSL 1.20 arithmetic and built-ins compiled by lsgpu-compile and executed per lane
 * on the shader-core model, checked against the host (docs/compiler.md lists the
 * precision each built-in promises). */

#include <cmath>
#include <functional>

#include <gtest/gtest.h>

#include "shader_rig.h"

using namespace lsgpu::test;

namespace
{

/* Runs `expr` (GLSL, over float x and y) in a vertex shader for 16 lanes; x and y come
 * from gl_Vertex.xy, the result leaves through gl_TexCoord[0].x. */
struct UnaryCase {
   const char *glsl;
   std::function<double(double, double)> reference;
   double abs_tol, rel_tol;
   std::function<float(unsigned)> x;
   std::function<float(unsigned)> y;
};

void
check_case(const UnaryCase &c)
{
   const std::string src = std::string("#version 120\nvoid main() {\n"
                                       "   float x = gl_Vertex.x, y = gl_Vertex.y;\n"
                                       "   gl_TexCoord[0] = vec4(") +
                           c.glsl + ");\n   gl_Position = gl_Vertex;\n}\n";
   Binary b = compile_glsl(src, ".vert");
   ASSERT_TRUE(b.ok()) << c.glsl << "\n" << b.log;
   const int in = b.input_slot(ATTRIB_POS), out = b.output_slot(VARYING_TEX0);
   ASSERT_GE(in, 0);
   ASSERT_GE(out, 0);
   ShaderRig rig(b);
   for (unsigned l = 0; l < 16; l++) {
      rig.set_in(l, in, 0, c.x(l));
      rig.set_in(l, in, 1, c.y ? c.y(l) : 0.0f);
      rig.set_in(l, in, 3, 1.0f);
   }
   ASSERT_EQ(rig.run().fault, LSGPU_FAULT_NONE) << c.glsl;
   for (unsigned l = 0; l < 16; l++) {
      const double x = c.x(l), y = c.y ? c.y(l) : 0.0;
      const double want = c.reference(x, y);
      const double got = rig.out(l, out, 0);
      const double tol = std::max(c.abs_tol, std::fabs(want) * c.rel_tol);
      EXPECT_NEAR(got, want, tol) << c.glsl << " lane " << l << " x=" << x << " y=" << y;
   }
}

float
spread(unsigned l)
{
   return (float)l * 1.37f - 9.5f;
}

float
positive(unsigned l)
{
   return 0.01f + (float)l * (float)l * 3.1f;
}

} // namespace

TEST(CompilerArithmetic, BasicOperatorsAreCorrectlyRounded)
{
   /* +, -, *, / are IEEE single precision in RV32F: bit-exact with the host's floats. */
   const char *src = "#version 120\nvoid main() {\n"
                     "   float x = gl_Vertex.x, y = gl_Vertex.y;\n"
                     "   gl_TexCoord[0] = vec4(x + y, x - y, x * y, x / y);\n"
                     "   gl_Position = gl_Vertex;\n}\n";
   Binary b = compile_glsl(src, ".vert");
   ASSERT_TRUE(b.ok()) << b.log;
   const int in = b.input_slot(ATTRIB_POS), out = b.output_slot(VARYING_TEX0);
   ShaderRig rig(b);
   for (unsigned l = 0; l < 16; l++) {
      rig.set_in(l, in, 0, spread(l));
      rig.set_in(l, in, 1, positive(l));
   }
   ASSERT_EQ(rig.run().fault, LSGPU_FAULT_NONE);
   for (unsigned l = 0; l < 16; l++) {
      const float x = spread(l), y = positive(l);
      EXPECT_EQ(rig.out(l, out, 0), x + y);
      EXPECT_EQ(rig.out(l, out, 1), x - y);
      EXPECT_EQ(rig.out(l, out, 2), x * y);
      EXPECT_EQ(rig.out(l, out, 3), x / y);
   }
}

TEST(CompilerArithmetic, ExpLogPow)
{
   check_case({"exp(x * 0.5)", [](double x, double) { return std::exp(x * 0.5); }, 0, 1e-5, spread,
               nullptr});
   check_case({"exp2(x)", [](double x, double) { return std::exp2(x); }, 0, 1e-6, spread, nullptr});
   check_case(
      {"log(y)", [](double, double y) { return std::log(y); }, 1e-6, 1e-5, spread, positive});
   check_case(
      {"log2(y)", [](double, double y) { return std::log2(y); }, 1e-6, 1e-5, spread, positive});
   check_case({"pow(y, 1.7)", [](double, double y) { return std::pow(y, 1.7); }, 1e-6, 2e-5, spread,
               positive});
   check_case({"pow(y, -0.45)", [](double, double y) { return std::pow(y, -0.45); }, 1e-6, 2e-5,
               spread, positive});
}

TEST(CompilerArithmetic, SinCosOverWideRanges)
{
   /* docs/isa.md: absolute error at most 2^-20 for |x| <= 4096. */
   auto wide = [](unsigned l) { return ((float)l - 7.5f) * 517.3f; };
   auto narrow = [](unsigned l) { return ((float)l - 7.5f) * 0.41f; };
   for (auto range :
        {std::function<float(unsigned)>(wide), std::function<float(unsigned)>(narrow)}) {
      check_case({"sin(x)", [](double x, double) { return std::sin(x); }, 2e-6, 0, range, nullptr});
      check_case({"cos(x)", [](double x, double) { return std::cos(x); }, 2e-6, 0, range, nullptr});
      check_case({"tan(x * 0.001)",
                  [](double x, double) { return std::tan((double)(float)(x * 0.001f)); }, 1e-5,
                  1e-4, range, nullptr});
   }
   check_case({"asin(x / 12.0)",
               [](double x, double) { return std::asin((double)(float)(x / 12.0f)); }, 1e-3, 0,
               spread, nullptr});
   check_case({"atan(x, y)", [](double x, double y) { return std::atan2(x, y); }, 1e-3, 0, spread,
               positive});
}

TEST(CompilerArithmetic, RoundingAndRemainders)
{
   check_case({"floor(x)", [](double x, double) { return std::floor(x); }, 0, 0, spread, nullptr});
   check_case({"ceil(x)", [](double x, double) { return std::ceil(x); }, 0, 0, spread, nullptr});
   check_case(
      {"fract(x)", [](double x, double) { return x - std::floor(x); }, 1e-7, 0, spread, nullptr});
   check_case({"mod(x, 2.5)", [](double x, double) { return x - 2.5 * std::floor(x / 2.5); }, 2e-6,
               0, spread, nullptr});
   check_case({"mod(y, x)", [](double x, double y) { return y - x * std::floor(y / x); }, 1e-4,
               1e-6, spread, positive});
   check_case({"abs(x) + sign(x) * 10.0",
               [](double x, double) {
                  return std::fabs(x) + (x > 0 ? 10.0 : x < 0 ? -10.0 : 0.0);
               },
               0, 0, spread, nullptr});
}

TEST(CompilerArithmetic, SqrtInverseSqrtAndGeometry)
{
   check_case(
      {"sqrt(y)", [](double, double y) { return std::sqrt((float)y); }, 0, 1e-7, spread, positive});
   check_case({"inversesqrt(y)", [](double, double y) { return 1.0 / std::sqrt(y); }, 0, 3e-7,
               spread, positive});
   check_case({"length(vec3(x, y, 1.0))",
               [](double x, double y) { return std::sqrt(x * x + y * y + 1.0); }, 0, 1e-6, spread,
               positive});
   check_case({"normalize(vec2(x, y)).x",
               [](double x, double y) { return x / std::sqrt(x * x + y * y); }, 1e-6, 1e-6, spread,
               positive});
   check_case({"dot(vec3(x, y, 2.0), vec3(y, -x, 0.5))",
               [](double x, double y) { return x * y - y * x + 1.0; }, 1e-3, 1e-6, spread,
               positive});
   check_case({"cross(vec3(x, 1.0, 0.0), vec3(0.0, y, 1.0)).z",
               [](double x, double y) { return x * y; }, 1e-4, 1e-6, spread, positive});
   check_case({"reflect(vec2(x, -1.0), vec2(0.0, 1.0)).y", [](double, double) { return 1.0; }, 0, 0,
               spread, nullptr});
}

/* Separate multiplies and adds round separately, as in llvmpipe: a compiler that fused
 * them (an fmsub for x − 289·floor(x/289)) makes glmark2's simplex noise, whose
 * products pass 2^24, differ by whole units, and breaks invariance between programs. */
TEST(CompilerArithmetic, MultipliesAndAddsAreNotContracted)
{
   check_case({"mod(((x * 34.0) + 1.0) * x, 289.0)",
               [](double xd, double) {
                  volatile float x = (float)xd, t = x * 34.0f;
                  volatile float u = t + 1.0f, prod = u * x, q = prod / 289.0f;
                  volatile float f = std::floor((float)q), m = 289.0f * f;
                  return (double)(prod - m);
               },
               0, 0, [](unsigned l) { return 702.5f + (float)l; }, nullptr});
}

TEST(CompilerArithmetic, ClampMixStepSmoothstep)
{
   check_case({"clamp(x, -2.0, 3.0)",
               [](double x, double) { return std::min(3.0, std::max(-2.0, x)); }, 0, 0, spread,
               nullptr});
   check_case({"min(x, y) + max(x, 1.0)",
               [](double x, double y) { return std::min(x, y) + std::max(x, 1.0); }, 0, 1e-7,
               spread, positive});
   check_case({"mix(x, y, 0.25)", [](double x, double y) { return x * 0.75 + y * 0.25; }, 1e-5,
               1e-6, spread, positive});
   check_case({"step(0.5, x)", [](double x, double) { return x < 0.5 ? 0.0 : 1.0; }, 0, 0, spread,
               nullptr});
   /* A constant vector below the minimum: Mesa's min/max pruning once left a scalar
    * where the vec4 belonged, and nir_validate aborted (tests/fuzz/found/glsl). */
   check_case({"clamp(vec4(0.5, -3.0, 2.0, 1.0), 4.0, x).wzyx.x",
               [](double x, double) { return std::min(4.0, x); }, 0, 0, spread, nullptr});
   check_case({"smoothstep(-4.0, 4.0, x)",
               [](double x, double) {
                  double t = std::min(1.0, std::max(0.0, (x + 4.0) / 8.0));
                  return t * t * (3.0 - 2.0 * t);
               },
               1e-6, 0, spread, nullptr});
}

TEST(CompilerArithmetic, IntegerDivisionAndConversions)
{
   /* GLSL 1.20 integers: division truncates toward zero; float→int truncates. */
   check_case({"float(int(x * 7.0) / 3)",
               [](double x, double) { return (double)((int)(float)(x * 7.0f) / 3); }, 0, 0, spread,
               nullptr});
   check_case(
      {"float(int(x * 7.0) / int(y + 1.0))",
       [](double x, double y) { return (double)((int)(float)(x * 7.0f) / (int)(float)(y + 1.0f)); },
       0, 0, spread, positive});
   check_case(
      {"float(int(x))", [](double x, double) { return std::trunc(x); }, 0, 0, spread, nullptr});
   check_case({"float(bool(x)) + float(x > 0.0)",
               [](double x, double) { return (x != 0 ? 1.0 : 0.0) + (x > 0 ? 1.0 : 0.0); }, 0, 0,
               spread, nullptr});
}
