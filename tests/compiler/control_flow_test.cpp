/* SPDX-License-Identifier: MIT */

/* Divergent control flow, loops, dynamically indexed arrays, matrices and structs,
 * compiled and run per lane on the shader-core model. */

#include <gtest/gtest.h>

#include "shader_rig.h"

using namespace lsgpu::test;

namespace
{

/* A vertex shader whose inputs are gl_Vertex (slot of ATTRIB_POS) and whose result is
 * gl_TexCoord[0]. */
struct VsRun {
   Binary binary;
   int in = -1, out = -1;
   explicit VsRun(const std::string &body)
   {
      binary = compile_glsl("#version 120\n" + body, ".vert");
      if (binary.ok()) {
         in = binary.input_slot(ATTRIB_POS);
         out = binary.output_slot(VARYING_TEX0);
      }
   }
};

int
collatz_steps(int n)
{
   int steps = 0;
   while (n != 1 && steps < 200) {
      n = (n % 2 == 0) ? n / 2 : 3 * n + 1;
      steps++;
   }
   return steps;
}

} // namespace

TEST(CompilerControlFlow, DivergentLoopsReconverge)
{
   /* Collatz: every lane loops a different number of times, with a data-dependent
    * branch inside; all lanes must come out with their own count. */
   VsRun vs(R"(
void main() {
   int n = int(gl_Vertex.x);
   int steps = 0;
   while (n != 1) {
      if (steps >= 200) break;
      int half_n = n / 2;
      if (half_n * 2 == n) n = half_n; else n = 3 * n + 1;
      steps++;
   }
   gl_TexCoord[0] = vec4(float(steps), float(n), 0.0, 1.0);
   gl_Position = gl_Vertex;
})");
   ASSERT_TRUE(vs.binary.ok()) << vs.binary.log;
   ShaderRig rig(vs.binary);
   for (unsigned l = 0; l < 16; l++)
      rig.set_in(l, vs.in, 0, (float)(l + 1));
   ASSERT_EQ(rig.run().fault, LSGPU_FAULT_NONE);
   for (unsigned l = 0; l < 16; l++) {
      EXPECT_EQ(rig.out(l, vs.out, 0), (float)collatz_steps(l + 1)) << "lane " << l;
      EXPECT_EQ(rig.out(l, vs.out, 1), 1.0f);
   }
   /* Divergence shows as fewer active lanes per warp instruction. */
   EXPECT_GT(rig.counters.warp_instructions * 16, rig.counters.lane_instructions);
}

TEST(CompilerControlFlow, ContinueAndNestedIf)
{
   VsRun vs(R"(
void main() {
   float acc = 0.0;
   for (int i = 0; i < 12; i++) {
      if (float(i) < gl_Vertex.x) continue;
      if (i > 8) { acc += 100.0; if (gl_Vertex.x > 10.0) break; }
      else acc += float(i);
   }
   gl_TexCoord[0] = vec4(acc);
   gl_Position = gl_Vertex;
})");
   ASSERT_TRUE(vs.binary.ok()) << vs.binary.log;
   ShaderRig rig(vs.binary);
   for (unsigned l = 0; l < 16; l++)
      rig.set_in(l, vs.in, 0, (float)l);
   ASSERT_EQ(rig.run().fault, LSGPU_FAULT_NONE);
   for (unsigned l = 0; l < 16; l++) {
      float acc = 0;
      for (int i = 0; i < 12; i++) {
         if ((float)i < (float)l)
            continue;
         if (i > 8) {
            acc += 100;
            if (l > 10)
               break;
         } else
            acc += i;
      }
      EXPECT_EQ(rig.out(l, vs.out, 0), acc) << "lane " << l;
   }
}

TEST(CompilerControlFlow, DynamicallyIndexedTemporaryArray)
{
   /* A large temporary array indexed by lane data lives on the lane's stack. */
   VsRun vs(R"(
void main() {
   float a[24];
   for (int i = 0; i < 24; i++) a[i] = float(i * i) + gl_Vertex.y;
   int k = int(gl_Vertex.x);
   a[k] += 1000.0;
   int m = k * 7 - 24 * ((k * 7) / 24); /* % is reserved in GLSL 1.20 */
   gl_TexCoord[0] = vec4(a[k], a[23 - k], a[m], 0.0);
   gl_Position = gl_Vertex;
})");
   ASSERT_TRUE(vs.binary.ok()) << vs.binary.log;
   EXPECT_GE(vs.binary.info.stack_size, 24u * 4);
   ShaderRig rig(vs.binary);
   for (unsigned l = 0; l < 16; l++) {
      rig.set_in(l, vs.in, 0, (float)l);
      rig.set_in(l, vs.in, 1, 0.5f * l);
   }
   ASSERT_EQ(rig.run().fault, LSGPU_FAULT_NONE);
   for (unsigned l = 0; l < 16; l++) {
      float a[24];
      for (int i = 0; i < 24; i++)
         a[i] = (float)(i * i) + 0.5f * l;
      a[l] += 1000.0f;
      EXPECT_EQ(rig.out(l, vs.out, 0), a[l]);
      EXPECT_EQ(rig.out(l, vs.out, 1), a[23 - l]);
      EXPECT_EQ(rig.out(l, vs.out, 2), a[(l * 7) % 24]);
   }
}

TEST(CompilerControlFlow, UniformArrayIndexedByLaneData)
{
   VsRun vs(R"(
uniform vec4 table[8];
void main() {
   int k = int(gl_Vertex.x);
   gl_TexCoord[0] = table[k] * 2.0 + table[7 - k];
   gl_Position = gl_Vertex;
})");
   ASSERT_TRUE(vs.binary.ok()) << vs.binary.log;
   ShaderRig rig(vs.binary);
   for (unsigned i = 0; i < 8; i++)
      for (unsigned c = 0; c < 4; c++)
         rig.set_uniform(i, c, (float)(i * 10 + c));
   for (unsigned l = 0; l < 16; l++)
      rig.set_in(l, vs.in, 0, (float)(l % 8));
   ASSERT_EQ(rig.run().fault, LSGPU_FAULT_NONE);
   for (unsigned l = 0; l < 16; l++)
      for (unsigned c = 0; c < 4; c++) {
         const unsigned k = l % 8;
         EXPECT_EQ(rig.out(l, vs.out, c), (float)(k * 10 + c) * 2 + (float)((7 - k) * 10 + c));
      }
}

TEST(CompilerControlFlow, MatricesTransformVertices)
{
   VsRun vs(R"(
uniform mat4 mvp;
uniform mat3 normal_matrix;
void main() {
   gl_Position = mvp * gl_Vertex;
   vec3 n = normal_matrix * vec3(1.0, 2.0, 3.0);
   mat2 m = outerProduct(vec2(gl_Vertex.x, 1.0), vec2(2.0, 3.0));
   mat2 t = transpose(m);
   gl_TexCoord[0] = vec4(n, t[1][0] + matrixCompMult(m, m)[0][0]);
})");
   ASSERT_TRUE(vs.binary.ok()) << vs.binary.log;
   const int pos = vs.binary.output_slot(VARYING_POS);
   ASSERT_EQ(pos, 0); /* docs/isa.md §4: position is output slot 0 */
   ShaderRig rig(vs.binary);
   float m[16], nm[9];
   for (unsigned i = 0; i < 16; i++)
      m[i] = (float)i * 0.5f - 3.0f;
   for (unsigned i = 0; i < 9; i++)
      nm[i] = (float)i + 1.0f;
   /* Column-major; a mat3 takes three vec4 slots after the mat4's four. */
   for (unsigned c = 0; c < 4; c++)
      for (unsigned r = 0; r < 4; r++)
         rig.set_uniform(c, r, m[c * 4 + r]);
   for (unsigned c = 0; c < 3; c++)
      for (unsigned r = 0; r < 3; r++)
         rig.set_uniform(4 + c, r, nm[c * 3 + r]);
   for (unsigned l = 0; l < 16; l++)
      for (unsigned c = 0; c < 4; c++)
         rig.set_in(l, vs.in, c, (float)(l + c));
   ASSERT_EQ(rig.run().fault, LSGPU_FAULT_NONE);
   for (unsigned l = 0; l < 16; l++) {
      for (unsigned r = 0; r < 4; r++) {
         double want = 0;
         for (unsigned c = 0; c < 4; c++)
            want += (double)m[c * 4 + r] * (double)(l + c);
         EXPECT_NEAR(rig.out(l, pos, r), want, 1e-3) << "lane " << l << " row " << r;
      }
      for (unsigned r = 0; r < 3; r++) {
         const float want = nm[0 * 3 + r] * 1 + nm[1 * 3 + r] * 2 + nm[2 * 3 + r] * 3;
         EXPECT_NEAR(rig.out(l, vs.out, r), want, 1e-4);
      }
      /* m = [x, 1]ᵀ[2, 3]: m[0][0] = 2x, m[1][0] = 3x, t[1][0] = m[0][1] = 2. */
      const float x = (float)l;
      EXPECT_NEAR(rig.out(l, vs.out, 3), 2.0f + 4 * x * x, 1e-3);
   }
}

TEST(CompilerControlFlow, StructsAndArraysOfStructs)
{
   VsRun vs(R"(
struct Light { vec3 dir; float power; };
uniform Light lights[4];
void main() {
   Light mine[3];
   for (int i = 0; i < 3; i++) { mine[i].dir = vec3(float(i)); mine[i].power = gl_Vertex.x * float(i); }
   int k = int(gl_Vertex.y);
   Light u = lights[k];
   gl_TexCoord[0] = vec4(u.dir * u.power, mine[k - 3 * (k / 3)].power + mine[2].dir.x);
   gl_Position = gl_Vertex;
})");
   ASSERT_TRUE(vs.binary.ok()) << vs.binary.log;
   ShaderRig rig(vs.binary);
   for (unsigned i = 0; i < 4; i++) {
      /* Each Light takes two vec4 slots: dir, then power. */
      for (unsigned c = 0; c < 3; c++)
         rig.set_uniform(2 * i, c, (float)(i + c));
      rig.set_uniform(2 * i + 1, 0, 0.5f * (i + 1));
   }
   for (unsigned l = 0; l < 16; l++) {
      rig.set_in(l, vs.in, 0, (float)l);
      rig.set_in(l, vs.in, 1, (float)(l % 4));
   }
   ASSERT_EQ(rig.run().fault, LSGPU_FAULT_NONE);
   for (unsigned l = 0; l < 16; l++) {
      const unsigned k = l % 4;
      for (unsigned c = 0; c < 3; c++)
         EXPECT_EQ(rig.out(l, vs.out, c), (float)(k + c) * (0.5f * (k + 1)));
      EXPECT_EQ(rig.out(l, vs.out, 3), (float)l * (float)(k % 3) + 2.0f);
   }
}
