/* SPDX-License-Identifier: MIT */

/* Fragment shaders on the shader-core model: lanes are 2×2 quads (docs/isa.md §2),
 * input slot 0 is gl_FragCoord. Discard, derivatives and texture sampling through a
 * test texture unit. */

#include <cmath>

#include <gtest/gtest.h>

#include "gpu/texture/texture_unit.h"
#include "shader_rig.h"
#include "shader_differential.h"

using namespace lsgpu::test;

namespace
{

/* Lane 4q + c + 2r is pixel (2q + c, r) of a 8×2 strip. */
float
px(unsigned l)
{
   return (float)(2 * (l / 4) + (l & 1)) + 0.5f;
}
float
py(unsigned l)
{
   return (float)((l >> 1) & 1) + 0.5f;
}

void
set_frag_coords(ShaderRig &rig)
{
   for (unsigned l = 0; l < 16; l++) {
      rig.set_in(l, 0, 0, px(l));
      rig.set_in(l, 0, 1, py(l));
      rig.set_in(l, 0, 2, 0.5f);
      rig.set_in(l, 0, 3, 1.0f);
   }
}

/* Texture units 0 and 1 hold a 4×4 texture with three mip levels; texel (x, y) of
 * level m reads (m, x, y, unit) so a test sees which unit, level and texel were
 * chosen. Nearest filtering,
 * clamp to edge, LOD from the request as GL 2.1 §3.8.8 computes it. */
class LevelTexture : public lsgpu::sim::TextureUnit
{
 public:
   lsgpu_fault sample(const lsgpu::sim::TextureRequest &r, float rgba[4]) override
   {
      requests++;
      if (r.unit > 1)
         return LSGPU_FAULT_MMU;
      float lod;
      if (r.lod_mode == LSGPU_TEX_LOD_EXPLICIT) {
         lod = r.lod;
      } else {
         const float dx = std::hypot(r.ddx[0] * 4, r.ddx[1] * 4);
         const float dy = std::hypot(r.ddy[0] * 4, r.ddy[1] * 4);
         lod = std::log2(std::max(dx, dy));
         if (r.lod_mode == LSGPU_TEX_LOD_BIAS)
            lod += r.lod;
      }
      const int level = std::min(2, std::max(0, (int)std::lround(lod)));
      const int size = 4 >> level;
      auto texel = [&](float c) {
         return std::min(size - 1, std::max(0, (int)std::floor(c * size)));
      };
      rgba[0] = (float)level;
      rgba[1] = (float)texel(r.coord[0]);
      rgba[2] = (float)texel(r.coord[1]);
      rgba[3] = (float)r.unit;
      if (r.shadow) { /* shadow: R <= ref passes, as GL_LEQUAL */
         const float v = r.coord[0] <= r.ref ? 1.0f : 0.0f;
         rgba[0] = rgba[1] = rgba[2] = v;
      }
      return LSGPU_FAULT_NONE;
   }
   unsigned requests = 0;
};

} // namespace

TEST(CompilerFragment, DiscardedLanesWriteNothing)
{
   Binary b = compile_glsl(R"(
void main() {
   if (gl_FragCoord.x > 7.0 || gl_FragCoord.y > 1.0 && gl_FragCoord.x < 3.0) discard;
   gl_FragColor = vec4(gl_FragCoord.xy, 1.0, 1.0);
})",
                           ".frag");
   ASSERT_TRUE(b.ok()) << b.log;
   EXPECT_TRUE(b.info.flags & (LSGPU_SHADER_TERMINATES | LSGPU_SHADER_DEMOTES));
   EXPECT_TRUE(b.info.flags & LSGPU_SHADER_COLOR_BROADCAST);
   ShaderRig rig(b);
   set_frag_coords(rig);
   ASSERT_EQ(rig.run().fault, LSGPU_FAULT_NONE);
   for (unsigned l = 0; l < 16; l++) {
      const bool killed = px(l) > 7.0f || (py(l) > 1.0f && px(l) < 3.0f);
      if (killed) {
         EXPECT_EQ(rig.out_u(l, 0, 0), 0xaaaaaaaau) << "lane " << l;
      } else {
         EXPECT_EQ(rig.out(l, 0, 0), px(l));
         EXPECT_EQ(rig.out(l, 0, 1), py(l));
      }
   }
}

TEST(CompilerFragment, DerivativesAreQuadDifferences)
{
   Binary b = compile_glsl(R"(
void main() {
   float f = gl_FragCoord.x * 3.0 + gl_FragCoord.y * gl_FragCoord.y;
   gl_FragColor = vec4(dFdx(f), dFdy(f), fwidth(f), 0.0);
})",
                           ".frag");
   ASSERT_TRUE(b.ok()) << b.log;
   EXPECT_TRUE(b.info.flags & LSGPU_SHADER_USES_DERIVATIVES);
   ShaderRig rig(b);
   set_frag_coords(rig);
   ASSERT_EQ(rig.run().fault, LSGPU_FAULT_NONE);
   for (unsigned l = 0; l < 16; l++) {
      /* dF/dx = 3 everywhere; dF/dy = (1.5² − 0.5²) = 2 (fine or coarse alike). */
      EXPECT_EQ(rig.out(l, 0, 0), 3.0f) << "lane " << l;
      EXPECT_EQ(rig.out(l, 0, 1), 2.0f) << "lane " << l;
      EXPECT_EQ(rig.out(l, 0, 2), 5.0f) << "lane " << l;
   }
}

TEST(CompilerFragment, SamplingThroughTheTestTextureUnit)
{
   Binary b = compile_glsl(R"(
uniform sampler2D a, b;
void main() {
   float q = floor(gl_FragCoord.x / 2.0);
   float scale = exp2(q) / 4.0;
   vec2 uv = (gl_FragCoord.xy - vec2(q * 2.0, 0.0)) * scale * 0.999;
   gl_FragData[0] = texture2D(a, uv);
   gl_FragData[1] = texture2D(b, uv, 1.0);
   gl_FragData[2] = texture2DProj(a, vec3(uv * 2.0, 2.0));
})",
                           ".frag");
   ASSERT_TRUE(b.ok()) << b.log;
   EXPECT_EQ(b.info.textures_used, 3u);
   ShaderRig rig(b);
   set_frag_coords(rig);
   LevelTexture unit;
   ASSERT_EQ(rig.run(0xffff, &unit).fault, LSGPU_FAULT_NONE);
   /* The projective sample divides (uv·2)/2 = uv exactly, so it is the first sample
    * again: lsgpu.tex is pure inline asm and LLVM reuses the result. The rig runs the
    * program on the interpreter and on the JIT. */
   EXPECT_EQ(unit.requests, 32u * models_run());
   for (unsigned l = 0; l < 16; l++) {
      const unsigned q = l / 4;
      /* uv changes by 2^q / 4 per pixel: 2^q texels of the 4×4 level 0. */
      const int level = std::min(2, (int)q);
      EXPECT_EQ(rig.out(l, 0, 0), (float)level) << "lane " << l;
      EXPECT_EQ(rig.out(l, 1, 0), (float)std::min(2, (int)q + 1)) << "bias, lane " << l;
      EXPECT_EQ(rig.out(l, 2, 0), (float)level) << "projective, lane " << l;
      const float u = (px(l) - 2.0f * q) * std::exp2((float)q) / 4.0f * 0.999f;
      const int size = 4 >> level;
      EXPECT_EQ(rig.out(l, 0, 1), (float)std::min(size - 1, (int)std::floor(u * size)));
      EXPECT_NE(rig.out(l, 0, 3), rig.out(l, 1, 3)); /* two samplers, two units */
      EXPECT_EQ(rig.out(l, 0, 3), rig.out(l, 2, 3));
   }
}

TEST(CompilerFragment, ShadowAndExplicitLodInAVertexShader)
{
   Binary b = compile_glsl(R"(
uniform sampler2D t;
void main() {
   gl_TexCoord[0] = texture2DLod(t, gl_Vertex.xy, gl_Vertex.z);
   gl_Position = gl_Vertex;
})",
                           ".vert");
   ASSERT_TRUE(b.ok()) << b.log;
   const int in = b.input_slot(ATTRIB_POS), out = b.output_slot(VARYING_TEX0);
   ShaderRig rig(b);
   for (unsigned l = 0; l < 16; l++) {
      rig.set_in(l, in, 0, 0.3f);
      rig.set_in(l, in, 1, 0.9f);
      rig.set_in(l, in, 2, (float)(l % 3));
   }
   LevelTexture unit;
   ASSERT_EQ(rig.run(0xffff, &unit).fault, LSGPU_FAULT_NONE);
   for (unsigned l = 0; l < 16; l++) {
      const int level = l % 3, size = 4 >> level;
      EXPECT_EQ(rig.out(l, out, 0), (float)level);
      EXPECT_EQ(rig.out(l, out, 1), (float)std::min(size - 1, (int)(0.3f * size)));
      EXPECT_EQ(rig.out(l, out, 2), (float)std::min(size - 1, (int)(0.9f * size)));
   }
   Binary s = compile_glsl(R"(
uniform sampler2DShadow s;
void main() { gl_FragColor = shadow2D(s, vec3(gl_FragCoord.x / 16.0, 0.5, 0.25)); }
)",
                           ".frag");
   ASSERT_TRUE(s.ok()) << s.log;
   EXPECT_EQ(s.info.textures_used, 1u);
   ShaderRig srig(s);
   set_frag_coords(srig);
   ASSERT_EQ(srig.run(0xffff, &unit).fault, LSGPU_FAULT_NONE);
   for (unsigned l = 0; l < 16; l++)
      EXPECT_EQ(srig.out(l, 0, 0), px(l) / 16.0f <= 0.25f ? 1.0f : 0.0f) << "lane " << l;
}
