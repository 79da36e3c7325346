/* SPDX-License-Identifier: MIT */

/* The texture unit (src/simulator/gpu/texture_sampler.cpp) against GL 2.1 §3.8:
 * formats, swizzles, wrap modes, filters, mipmap selection, cube faces, 3D, shadow
 * compare, and the faults of bad descriptors. */

#include <cmath>
#include <cstring>
#include <memory>
#include <vector>

#include <gtest/gtest.h>

#include "gpu/memory/address_space.h"
#include "gpu/counters.h"
#include "gpu/texture/texture_format.h"
#include "gpu/texture/texture_sampler.h"

using namespace lsgpu::sim;

namespace
{

constexpr uint64_t kTableVa = 0x10000, kTexVa = 0x20000;
/* TEXTURE.swizzle: the source (TEX_SWIZZLE) of result channels R, G, B, A. */
struct Swizzle {
   uint32_t c[4];
};
constexpr Swizzle kIdentity = {{0, 1, 2, 3}};

/* A job's memory with a texture table and one texture BO. */
class Rig
{
 public:
   Rig() : table_(LSGPU_TEX_UNITS * LSGPU_TEX_ENTRY_BYTES), texels_(1 << 20)
   {
      as_.map(kTableVa, table_.size(), table_.data(), false);
      as_.map(kTexVa, texels_.size(), texels_.data()); /* writable: image stores */
   }

   void bind(unsigned unit, const lsgpu_texture &t, const lsgpu_sampler &s)
   {
      uint32_t dw[32] = {};
      lsgpu_pack_texture(dw, &t);
      lsgpu_pack_sampler(dw + LSGPU_TEXTURE_LENGTH, &s);
      memcpy(&table_[128 * unit], dw, sizeof(dw));
   }
   uint8_t *texels() { return texels_.data(); }
   /* Texels the lookups so far read (TEXELS counter). */
   uint64_t texels_read() const { return counters_.texels; }

   /* Samples with explicit LOD (or gradients), as a vertex shader or txd would; the
    * sampler of entry sampler_unit when given (lsgpu.tex's xs2). */
   lsgpu_fault sample(unsigned unit, float s, float t, float r, float rgba[4], float lod = 0,
                      bool shadow = false, float ref = 0, int sampler_unit = -1)
   {
      TextureSampler unitobj(as_, counters_);
      TextureRequest req = {};
      req.unit = unit;
      req.sampler_unit = sampler_unit < 0 ? unit : (unsigned)sampler_unit;
      req.lod_mode = LSGPU_TEX_LOD_EXPLICIT;
      req.shadow = shadow;
      req.coord[0] = s;
      req.coord[1] = t;
      req.coord[2] = r;
      req.lod = lod;
      req.ref = ref;
      req.descriptors = (uint32_t)kTableVa;
      return unitobj.sample(req, rgba);
   }
   /* Samples a cube map array along dir, the cube in f12, at level 0. */
   lsgpu_fault sample_cube_array(unsigned unit, const float dir[3], float cube, float rgba[4])
   {
      TextureSampler unitobj(as_, counters_);
      TextureRequest req = {};
      req.unit = req.sampler_unit = unit;
      req.lod_mode = LSGPU_TEX_LOD_EXPLICIT;
      for (unsigned c = 0; c < 3; c++)
         req.coord[c] = dir[c];
      req.layer = cube;
      req.descriptors = (uint32_t)kTableVa;
      return unitobj.sample(req, rgba);
   }
   /* Samples with isotropic gradients of d texels per pixel at level 0. */
   lsgpu_fault sample_grad(unsigned unit, float s, float t, float ds, float rgba[4])
   {
      TextureSampler unitobj(as_, counters_);
      TextureRequest req = {};
      req.unit = req.sampler_unit = unit;
      req.lod_mode = LSGPU_TEX_LOD_GRAD;
      req.coord[0] = s;
      req.coord[1] = t;
      req.ddx[0] = ds;
      req.ddy[1] = ds;
      req.descriptors = (uint32_t)kTableVa;
      return unitobj.sample(req, rgba);
   }
   /* lsgpu.txf and lsgpu.imgst (docs/isa.md §3.4). */
   lsgpu_fault fetch(unsigned unit, int x, int y, int z, int level, float rgba[4])
   {
      TextureSampler unitobj(as_, counters_);
      return unitobj.fetch(TexelRequest{unit, x, y, z, level, (uint32_t)kTableVa}, rgba);
   }
   lsgpu_fault store(unsigned unit, int x, int y, int z, const float rgba[4], bool *stored)
   {
      TextureSampler unitobj(as_, counters_);
      return unitobj.store(TexelRequest{unit, x, y, z, 0, (uint32_t)kTableVa}, rgba, stored);
   }
   /* A texture unit over the rig's memory, for tests that drive it themselves. */
   std::unique_ptr<TextureSampler> unit()
   {
      return std::make_unique<TextureSampler>(as_, counters_);
   }
   Counters counters_;

 private:
   AddressSpace as_;
   std::vector<uint8_t> table_, texels_;
};

/* Random numbers every run repeats (texels, coordinates). */
struct Lcg {
   uint32_t state;
   uint32_t operator()()
   {
      state = state * 1664525u + 1013904223u;
      return state;
   }
};

/* The rig's texture memory filled with random bytes. */
void
fill_random(Rig &rig, Lcg &next)
{
   for (unsigned i = 0; i < (1u << 20); i++)
      rig.texels()[i] = (uint8_t)(next() >> 24);
}

lsgpu_texture
tex2d(uint32_t format, uint32_t w, uint32_t h, Swizzle swizzle = kIdentity)
{
   lsgpu_texture t = {};
   t.va = kTexVa;
   t.target = LSGPU_TEX_TARGET_2D;
   t.format = (lsgpu_tfmt)format;
   t.width = w;
   t.height = h;
   t.depth = 1;
   for (unsigned c = 0; c < 4; c++)
      t.swizzle[c] = (lsgpu_tex_swizzle)swizzle.c[c]; /* raw: tests give invalid ones too */
   return t;
}

lsgpu_sampler
sampler(uint32_t filter, uint32_t wrap = LSGPU_WRAP_REPEAT)
{
   lsgpu_sampler s = {};
   s.wrap_s = s.wrap_t = s.wrap_r = (lsgpu_wrap)wrap;
   s.min_filter = s.mag_filter = (lsgpu_filter)filter;
   s.mip_filter = LSGPU_FILTER_NONE;
   s.max_lod = 1000.0f;
   s.normalized = 1;
   return s;
}

/* RGBA8 texel (x, y) of a w-wide level at base: pitch is w * 4 rounded up to 64. */
void
put_rgba8(uint8_t *base, uint32_t w, int x, int y, uint8_t r, uint8_t g, uint8_t b, uint8_t a)
{
   const uint32_t pitch = (w * 4 + 63) & ~63u;
   uint8_t *p = base + y * pitch + x * 4;
   p[0] = r, p[1] = g, p[2] = b, p[3] = a;
}

/* A cube of six 1×1 RGBA8 faces, each 64 bytes apart (one 64-byte row per face): face
 * f's red is 40 f + 10. */
lsgpu_texture
one_texel_cube(Rig &rig)
{
   for (unsigned f = 0; f < 6; f++)
      put_rgba8(rig.texels() + 64 * f, 1, 0, 0, 40 * f + 10, 0, 0, 255);
   lsgpu_texture t = tex2d(LSGPU_TFMT_R8G8B8A8_UNORM, 1, 1);
   t.target = LSGPU_TEX_TARGET_CUBE;
   return t;
}

} // namespace

TEST(TextureSampler, NearestReturnsTexelsAndAppliesTheSwizzle)
{
   Rig rig;
   for (int y = 0; y < 4; y++)
      for (int x = 0; x < 4; x++)
         put_rgba8(rig.texels(), 4, x, y, 10 * x, 10 * y, 200, 255);
   rig.bind(0, tex2d(LSGPU_TFMT_R8G8B8A8_UNORM, 4, 4), sampler(LSGPU_FILTER_NEAREST));
   /* BGRA memory order with alpha forced to one: R from channel 2, A constant. */
   rig.bind(1, tex2d(LSGPU_TFMT_R8G8B8A8_UNORM, 4, 4, {{2, 1, 0, 5}}),
            sampler(LSGPU_FILTER_NEAREST));
   float c[4];
   ASSERT_EQ(rig.sample(0, 2.5f / 4, 1.5f / 4, 0, c), LSGPU_FAULT_NONE);
   EXPECT_FLOAT_EQ(c[0], 20 / 255.0f);
   EXPECT_FLOAT_EQ(c[1], 10 / 255.0f);
   EXPECT_FLOAT_EQ(c[2], 200 / 255.0f);
   EXPECT_FLOAT_EQ(c[3], 1.0f);
   ASSERT_EQ(rig.sample(1, 2.5f / 4, 1.5f / 4, 0, c), LSGPU_FAULT_NONE);
   EXPECT_FLOAT_EQ(c[0], 200 / 255.0f);
   EXPECT_FLOAT_EQ(c[2], 20 / 255.0f);
   EXPECT_EQ(rig.counters_.texels.load(), 2u);
}

TEST(TextureSampler, BilinearWeightsAndWrapModes)
{
   Rig rig;
   /* 2×1 texture: black, white. */
   put_rgba8(rig.texels(), 2, 0, 0, 0, 0, 0, 0);
   put_rgba8(rig.texels(), 2, 1, 0, 255, 255, 255, 255);
   float c[4];
   rig.bind(0, tex2d(LSGPU_TFMT_R8G8B8A8_UNORM, 2, 1),
            sampler(LSGPU_FILTER_LINEAR, LSGPU_WRAP_CLAMP_TO_EDGE));
   ASSERT_EQ(rig.sample(0, 0.5f, 0.5f, 0, c), LSGPU_FAULT_NONE); /* between the centres */
   EXPECT_FLOAT_EQ(c[0], 0.5f);
   ASSERT_EQ(rig.sample(0, 0.375f, 0.5f, 0, c), LSGPU_FAULT_NONE);
   EXPECT_FLOAT_EQ(c[0], 0.25f);
   ASSERT_EQ(rig.sample(0, 1.5f, 0.5f, 0, c), LSGPU_FAULT_NONE); /* clamped to the edge */
   EXPECT_FLOAT_EQ(c[0], 1.0f);

   rig.bind(1, tex2d(LSGPU_TFMT_R8G8B8A8_UNORM, 2, 1),
            sampler(LSGPU_FILTER_NEAREST, LSGPU_WRAP_REPEAT));
   ASSERT_EQ(rig.sample(1, 1.75f, 0.5f, 0, c), LSGPU_FAULT_NONE); /* repeat: s = 0.75 */
   EXPECT_FLOAT_EQ(c[0], 1.0f);
   ASSERT_EQ(rig.sample(1, -0.25f, 0.5f, 0, c), LSGPU_FAULT_NONE); /* repeat: s = 0.75 */
   EXPECT_FLOAT_EQ(c[0], 1.0f);

   rig.bind(2, tex2d(LSGPU_TFMT_R8G8B8A8_UNORM, 2, 1),
            sampler(LSGPU_FILTER_NEAREST, LSGPU_WRAP_MIRRORED_REPEAT));
   ASSERT_EQ(rig.sample(2, 1.25f, 0.5f, 0, c), LSGPU_FAULT_NONE); /* mirrored: texel 1 */
   EXPECT_FLOAT_EQ(c[0], 1.0f);
   ASSERT_EQ(rig.sample(2, 1.75f, 0.5f, 0, c), LSGPU_FAULT_NONE); /* mirrored: texel 0 */
   EXPECT_FLOAT_EQ(c[0], 0.0f);

   /* Mirror once, then clamp to the edge: s = -0.75 reads as 0.75 (texel 1). */
   rig.bind(4, tex2d(LSGPU_TFMT_R8G8B8A8_UNORM, 2, 1),
            sampler(LSGPU_FILTER_NEAREST, LSGPU_WRAP_MIRROR_CLAMP_TO_EDGE));
   ASSERT_EQ(rig.sample(4, -0.75f, 0.5f, 0, c), LSGPU_FAULT_NONE);
   EXPECT_FLOAT_EQ(c[0], 1.0f);
   ASSERT_EQ(rig.sample(4, -3.0f, 0.5f, 0, c), LSGPU_FAULT_NONE); /* beyond: the edge */
   EXPECT_FLOAT_EQ(c[0], 1.0f);

   lsgpu_sampler border = sampler(LSGPU_FILTER_LINEAR, LSGPU_WRAP_CLAMP_TO_BORDER);
   const float red[4] = {1, 0, 0, 1};
   memcpy(border.border, red, sizeof(red));
   rig.bind(3, tex2d(LSGPU_TFMT_R8G8B8A8_UNORM, 2, 1), border);
   ASSERT_EQ(rig.sample(3, 2.0f, 0.5f, 0, c), LSGPU_FAULT_NONE);
   EXPECT_FLOAT_EQ(c[0], 1.0f);
   EXPECT_FLOAT_EQ(c[1], 0.0f);
   /* At s = 0 half of the footprint is border: (border + black) / 2 in R. */
   ASSERT_EQ(rig.sample(3, 0.0f, 0.5f, 0, c), LSGPU_FAULT_NONE);
   EXPECT_FLOAT_EQ(c[0], 0.5f);
   EXPECT_FLOAT_EQ(c[3], 0.5f);
}

TEST(TextureSampler, MipmapLevelFromGradientsAndTrilinearBlend)
{
   Rig rig;
   /* 8×8 chain: level n is filled with grey 40 n. */
   uint32_t offset = 0;
   for (unsigned l = 0; l < 4; l++) {
      const uint32_t w = 8 >> l, pitch = (w * 4 + 63) & ~63u;
      for (uint32_t y = 0; y < w; y++)
         for (uint32_t x = 0; x < w; x++)
            put_rgba8(rig.texels() + offset, w, x, y, 40 * l, 40 * l, 40 * l, 255);
      offset += (pitch * w + 63) & ~63u;
   }
   lsgpu_texture t = tex2d(LSGPU_TFMT_R8G8B8A8_UNORM, 8, 8);
   t.last_level = 3;
   lsgpu_sampler s = sampler(LSGPU_FILTER_NEAREST);
   s.mip_filter = LSGPU_FILTER_NEAREST;
   rig.bind(0, t, s);
   s.mip_filter = LSGPU_FILTER_LINEAR;
   rig.bind(1, t, s);
   float c[4];
   /* Two texels per pixel: λ = 1. */
   ASSERT_EQ(rig.sample_grad(0, 0.3f, 0.3f, 2.0f / 8, c), LSGPU_FAULT_NONE);
   EXPECT_FLOAT_EQ(c[0], 40 / 255.0f);
   /* Four per pixel: λ = 2. */
   ASSERT_EQ(rig.sample_grad(0, 0.3f, 0.3f, 4.0f / 8, c), LSGPU_FAULT_NONE);
   EXPECT_FLOAT_EQ(c[0], 80 / 255.0f);
   /* Beyond the chain: the last level. */
   ASSERT_EQ(rig.sample_grad(0, 0.3f, 0.3f, 64.0f / 8, c), LSGPU_FAULT_NONE);
   EXPECT_FLOAT_EQ(c[0], 120 / 255.0f);
   /* λ = 1.5 between levels 1 and 2. */
   ASSERT_EQ(rig.sample(1, 0.3f, 0.3f, 0, c, 1.5f), LSGPU_FAULT_NONE);
   EXPECT_NEAR(c[0], 60 / 255.0f, 1e-6);
   /* LOD bias and clamp of the sampler. */
   s.mip_filter = LSGPU_FILTER_NEAREST;
   s.lod_bias = 1.0f;
   s.max_lod = 1.0f;
   rig.bind(2, t, s);
   ASSERT_EQ(rig.sample(2, 0.3f, 0.3f, 0, c, 2.0f), LSGPU_FAULT_NONE);
   EXPECT_FLOAT_EQ(c[0], 40 / 255.0f);
}

TEST(TextureSampler, CubeFacesByMajorAxis)
{
   Rig rig;
   const lsgpu_texture t = one_texel_cube(rig);
   rig.bind(0, t, sampler(LSGPU_FILTER_NEAREST, LSGPU_WRAP_CLAMP_TO_EDGE));
   const float dirs[6][3] = {{1, 0.2f, 0.1f},  {-1, 0.2f, 0.1f}, {0.1f, 1, 0.2f},
                             {0.1f, -1, 0.2f}, {0.1f, 0.2f, 1},  {0.1f, 0.2f, -1}};
   for (unsigned f = 0; f < 6; f++) {
      float c[4];
      ASSERT_EQ(rig.sample(0, dirs[f][0], dirs[f][1], dirs[f][2], c), LSGPU_FAULT_NONE);
      EXPECT_FLOAT_EQ(c[0], (40 * f + 10) / 255.0f) << "face " << f;
   }
   /* A zero or non-finite direction reads the centre of face +X. */
   const float none[2][3] = {{0, 0, 0}, {NAN, 1, 0}};
   for (const auto &d : none) {
      float c[4];
      ASSERT_EQ(rig.sample(0, d[0], d[1], d[2], c), LSGPU_FAULT_NONE);
      EXPECT_FLOAT_EQ(c[0], 10 / 255.0f);
      EXPECT_FLOAT_EQ(c[3], 1.0f);
   }
}

/* Ties between major axes go as Khronos' reference renderer has them (X over Y, Y
 * over Z, Z over X); with SAMPLER.seamless_cube a bilinear footprint that leaves a
 * face takes the adjacent face's texels, and the average of three at a corner. */
TEST(TextureSampler, CubeTiesAndSeamlessFiltering)
{
   Rig rig;
   const lsgpu_texture t = one_texel_cube(rig);
   rig.bind(0, t, sampler(LSGPU_FILTER_NEAREST, LSGPU_WRAP_CLAMP_TO_EDGE));
   const struct {
      float dir[3];
      unsigned face;
   } ties[] = {{{1, 1, 0.5f}, 0}, {{0.5f, 1, 1}, 2}, {{1, 0.5f, -1}, 5}, {{-1, -1, -1}, 1}};
   for (const auto &tie : ties) {
      float c[4];
      ASSERT_EQ(rig.sample(0, tie.dir[0], tie.dir[1], tie.dir[2], c), LSGPU_FAULT_NONE);
      EXPECT_FLOAT_EQ(c[0], (40 * tie.face + 10) / 255.0f) << "face " << tie.face;
   }

   /* Near the edge of +X (face 0) towards -Z (face 5), then near its corner with -Y
    * (face 3): half of the footprint, then three quarters, lie beyond the face. */
   const float edge[3] = {1, 0, -0.999f}, corner[3] = {1, -0.999f, -0.999f};
   lsgpu_sampler smp = sampler(LSGPU_FILTER_LINEAR, LSGPU_WRAP_CLAMP_TO_EDGE);
   float c[4];
   rig.bind(0, t, smp);
   ASSERT_EQ(rig.sample(0, edge[0], edge[1], edge[2], c), LSGPU_FAULT_NONE);
   EXPECT_NEAR(c[0] * 255.0f, 10.0f, 0.01f) << "not seamless: face 0 alone";
   smp.seamless_cube = 1;
   rig.bind(0, t, smp);
   ASSERT_EQ(rig.sample(0, edge[0], edge[1], edge[2], c), LSGPU_FAULT_NONE);
   EXPECT_NEAR(c[0] * 255.0f, (10.0f + 210.0f) / 2, 0.2f);
   ASSERT_EQ(rig.sample(0, corner[0], corner[1], corner[2], c), LSGPU_FAULT_NONE);
   EXPECT_NEAR(c[0] * 255.0f, (10.0f + 130.0f + 210.0f) / 3, 0.2f);
   /* Nearest filtering stays on the face. */
   smp.min_filter = smp.mag_filter = LSGPU_FILTER_NEAREST;
   rig.bind(0, t, smp);
   ASSERT_EQ(rig.sample(0, corner[0], corner[1], corner[2], c), LSGPU_FAULT_NONE);
   EXPECT_FLOAT_EQ(c[0], 10 / 255.0f);
}

TEST(TextureSampler, ThreeDimensionalSlicesAndFormats)
{
   Rig rig;
   /* 1×1×4 R8: slices 64 bytes apart. */
   for (unsigned z = 0; z < 4; z++)
      rig.texels()[64 * z] = (uint8_t)(50 * z);
   lsgpu_texture t = tex2d(LSGPU_TFMT_R8_UNORM, 1, 1);
   t.target = LSGPU_TEX_TARGET_3D;
   t.depth = 4;
   rig.bind(0, t, sampler(LSGPU_FILTER_NEAREST, LSGPU_WRAP_CLAMP_TO_EDGE));
   float c[4];
   ASSERT_EQ(rig.sample(0, 0.5f, 0.5f, 2.5f / 4, c), LSGPU_FAULT_NONE);
   EXPECT_FLOAT_EQ(c[0], 100 / 255.0f);
   EXPECT_FLOAT_EQ(c[1], 0.0f);
   EXPECT_FLOAT_EQ(c[3], 1.0f);

   float out[4];
   const uint16_t rgb565 = 31 | 0 << 5 | 16 << 11;
   texture_format_decode(LSGPU_TFMT_R5G6B5_UNORM, (const uint8_t *)&rgb565, out);
   EXPECT_FLOAT_EQ(out[0], 1.0f);
   EXPECT_FLOAT_EQ(out[1], 0.0f);
   EXPECT_FLOAT_EQ(out[2], 16 / 31.0f);
   const uint8_t srgb[4] = {188, 0, 255, 128};
   texture_format_decode(LSGPU_TFMT_R8G8B8A8_SRGB, srgb, out);
   EXPECT_NEAR(out[0], 0.5029f, 1e-3); /* sRGB 188 ≈ linear 0.503 */
   EXPECT_FLOAT_EQ(out[2], 1.0f);
   EXPECT_FLOAT_EQ(out[3], 128 / 255.0f);     /* alpha stays linear */
   const uint16_t half[2] = {0x3c00, 0xc000}; /* 1.0, -2.0 */
   texture_format_decode(LSGPU_TFMT_R16G16_FLOAT, (const uint8_t *)half, out);
   EXPECT_FLOAT_EQ(out[0], 1.0f);
   EXPECT_FLOAT_EQ(out[1], -2.0f);
}

TEST(TextureSampler, ShadowCompareAgainstDepth)
{
   Rig rig;
   const uint32_t z = 0x800000; /* depth ≈ 0.5 in Z24, stencil 0 */
   memcpy(rig.texels(), &z, 4);
   lsgpu_texture t = tex2d(LSGPU_TFMT_Z24_UNORM_S8_UINT, 1, 1, {{0, 0, 0, 5}});
   lsgpu_sampler s = sampler(LSGPU_FILTER_NEAREST);
   s.compare = true;
   s.compare_func = LSGPU_FUNC_LEQUAL;
   rig.bind(0, t, s);
   float c[4];
   ASSERT_EQ(rig.sample(0, 0.5f, 0.5f, 0, c, 0, true, 0.25f), LSGPU_FAULT_NONE);
   EXPECT_EQ(c[0], 1.0f); /* 0.25 <= 0.5 */
   EXPECT_EQ(c[3], 1.0f);
   ASSERT_EQ(rig.sample(0, 0.5f, 0.5f, 0, c, 0, true, 0.75f), LSGPU_FAULT_NONE);
   EXPECT_EQ(c[0], 0.0f);
}

TEST(TextureSampler, BadDescriptorsFault)
{
   Rig rig;
   float c[4];
   lsgpu_texture t = tex2d(LSGPU_TFMT_R8G8B8A8_UNORM, 4, 4);
   t.last_level = 3; /* a 4×4 chain has levels 0..2 */
   rig.bind(0, t, sampler(LSGPU_FILTER_NEAREST));
   EXPECT_EQ(rig.sample(0, 0.5f, 0.5f, 0, c), LSGPU_FAULT_BAD_ARGUMENT);
   t = tex2d(LSGPU_TFMT_R8G8B8A8_UNORM, 4, 4, {{6, 0, 0, 0}}); /* swizzle source 6 */
   rig.bind(1, t, sampler(LSGPU_FILTER_NEAREST));
   EXPECT_EQ(rig.sample(1, 0.5f, 0.5f, 0, c), LSGPU_FAULT_BAD_ARGUMENT);
   t = tex2d(LSGPU_TFMT_R8G8B8A8_UNORM, 4096, 4096); /* 16 MiB: beyond the 1 MiB BO */
   rig.bind(2, t, sampler(LSGPU_FILTER_NEAREST));
   EXPECT_EQ(rig.sample(2, 0.5f, 0.5f, 0, c), LSGPU_FAULT_MMU);
   t = tex2d(LSGPU_TFMT_R8G8B8A8_UNORM, 4, 2);
   t.target = LSGPU_TEX_TARGET_CUBE; /* not square */
   rig.bind(3, t, sampler(LSGPU_FILTER_NEAREST));
   EXPECT_EQ(rig.sample(3, 1, 0, 0, c), LSGPU_FAULT_BAD_ARGUMENT);
   /* An empty entry (all zero) is not a texture. */
   EXPECT_EQ(rig.sample(5, 0.5f, 0.5f, 0, c), LSGPU_FAULT_BAD_ARGUMENT);
}

TEST(TextureSampler, ArrayLayersRoundAndClamp)
{
   Rig rig;
   /* 1×1 2D array of three layers (64 bytes apart), and a 2×1 1D array of two. */
   for (unsigned layer = 0; layer < 3; layer++)
      rig.texels()[64 * layer] = (uint8_t)(60 + 60 * layer);
   lsgpu_texture t = tex2d(LSGPU_TFMT_R8_UNORM, 1, 1);
   t.target = LSGPU_TEX_TARGET_2D_ARRAY;
   t.depth = 3;
   rig.bind(0, t, sampler(LSGPU_FILTER_LINEAR, LSGPU_WRAP_CLAMP_TO_EDGE));
   float c[4];
   const float layers[][2] = {{1.4f, 120}, {1.6f, 180}, {-3.0f, 60}, {9.0f, 180}};
   for (const auto &l : layers) {
      ASSERT_EQ(rig.sample(0, 0.5f, 0.5f, l[0], c), LSGPU_FAULT_NONE);
      EXPECT_FLOAT_EQ(c[0], l[1] / 255.0f) << "layer coordinate " << l[0];
   }
   lsgpu_texture t1 = tex2d(LSGPU_TFMT_R8_UNORM, 2, 1);
   t1.va = kTexVa + 4096;
   t1.target = LSGPU_TEX_TARGET_1D_ARRAY;
   t1.depth = 2;
   rig.texels()[4096 + 64 + 1] = 200; /* layer 1, texel 1 */
   rig.bind(1, t1, sampler(LSGPU_FILTER_NEAREST, LSGPU_WRAP_CLAMP_TO_EDGE));
   ASSERT_EQ(rig.sample(1, 0.75f, 1.0f, 0, c), LSGPU_FAULT_NONE);
   EXPECT_FLOAT_EQ(c[0], 200 / 255.0f);
   t1.height = 2; /* a 1D array has one row per layer */
   rig.bind(2, t1, sampler(LSGPU_FILTER_NEAREST));
   EXPECT_EQ(rig.sample(2, 0.5f, 0, 0, c), LSGPU_FAULT_BAD_ARGUMENT);
}

/* Cube map arrays: the cube from f12 (rounded, clamped), face layers 6 c + f; a layer
 * range of a resource (TEXTURE.first_layer, level_layers) starts at first_layer of
 * every level; descriptors that disagree fault. */
TEST(TextureSampler, CubeArraysAndLayerRanges)
{
   Rig rig;
   /* Two cubes of 1×1 faces, one level: layer n at 64 n. */
   for (unsigned layer = 0; layer < 12; layer++)
      rig.texels()[64 * layer] = (uint8_t)(10 + 20 * layer);
   lsgpu_texture t = tex2d(LSGPU_TFMT_R8_UNORM, 1, 1);
   t.target = LSGPU_TEX_TARGET_CUBE_ARRAY;
   t.depth = 12;
   rig.bind(0, t, sampler(LSGPU_FILTER_NEAREST, LSGPU_WRAP_CLAMP_TO_EDGE));
   const struct {
      float dir[3], cube;
      unsigned layer;
   } cases[] = {{{1, 0.1f, 0.2f}, 0.0f, 0},
                {{-1, 0.1f, 0.2f}, 0.4f, 1},
                {{0.1f, 0.2f, 1}, 0.6f, 10},
                {{0.1f, -1, 0.2f}, 7.0f, 9},
                {{1, 0.1f, 0.2f}, -2.0f, 0}};
   for (const auto &k : cases) {
      float c[4];
      ASSERT_EQ(rig.sample_cube_array(0, k.dir, k.cube, c), LSGPU_FAULT_NONE);
      EXPECT_FLOAT_EQ(c[0], (10 + 20 * k.layer) / 255.0f) << "cube " << k.cube;
   }
   /* txf takes the layer (6 c + f) in r. */
   float c[4];
   ASSERT_EQ(rig.fetch(0, 0, 0, 7, 0, c), LSGPU_FAULT_NONE);
   EXPECT_FLOAT_EQ(c[0], 150 / 255.0f);

   /* Layers 3..4 of the 12-layer resource as a 2D array, and layer 5 as a 2D texture. */
   lsgpu_texture range = tex2d(LSGPU_TFMT_R8_UNORM, 1, 1);
   range.target = LSGPU_TEX_TARGET_2D_ARRAY;
   range.depth = 2;
   range.first_layer = 3;
   range.level_layers = 12;
   rig.bind(1, range, sampler(LSGPU_FILTER_NEAREST, LSGPU_WRAP_CLAMP_TO_EDGE));
   ASSERT_EQ(rig.sample(1, 0.5f, 0.5f, 1.0f, c), LSGPU_FAULT_NONE);
   EXPECT_FLOAT_EQ(c[0], 90 / 255.0f);
   lsgpu_texture one = tex2d(LSGPU_TFMT_R8_UNORM, 1, 1);
   one.first_layer = 5;
   one.level_layers = 12;
   rig.bind(2, one, sampler(LSGPU_FILTER_NEAREST, LSGPU_WRAP_CLAMP_TO_EDGE));
   ASSERT_EQ(rig.sample(2, 0.5f, 0.5f, 0, c), LSGPU_FAULT_NONE);
   EXPECT_FLOAT_EQ(c[0], 110 / 255.0f);

   /* Faults: a range past level_layers, first_layer without level_layers, a range of a
    * 3D texture, a cube array whose layers are not whole cubes. */
   range.first_layer = 11;
   rig.bind(3, range, sampler(LSGPU_FILTER_NEAREST));
   EXPECT_EQ(rig.sample(3, 0.5f, 0.5f, 0, c), LSGPU_FAULT_BAD_ARGUMENT);
   one.level_layers = 0;
   rig.bind(4, one, sampler(LSGPU_FILTER_NEAREST));
   EXPECT_EQ(rig.sample(4, 0.5f, 0.5f, 0, c), LSGPU_FAULT_BAD_ARGUMENT);
   lsgpu_texture vol = tex2d(LSGPU_TFMT_R8_UNORM, 1, 1);
   vol.target = LSGPU_TEX_TARGET_3D;
   vol.level_layers = 2;
   rig.bind(5, vol, sampler(LSGPU_FILTER_NEAREST));
   EXPECT_EQ(rig.sample(5, 0.5f, 0.5f, 0, c), LSGPU_FAULT_BAD_ARGUMENT);
   t.depth = 8;
   rig.bind(6, t, sampler(LSGPU_FILTER_NEAREST));
   EXPECT_EQ(rig.sample(6, 1, 0, 0, c), LSGPU_FAULT_BAD_ARGUMENT);
}

/* Texel fetch takes integer texels of any level and layer (1D arrays: the layer in y,
 * 2D arrays in z) with no sampler state, and returns zero outside; stores write a
 * texel in the format with the inverse of the swizzle and drop what falls outside.
 * Units up to 255 are reachable. */
TEST(TextureSampler, TexelFetchAndStoreByIntegerCoordinates)
{
   Rig rig;
   /* A 4x2 RGBA8 2D array of 3 layers: layer l, texel (x, y) holds (10x, 10y, 10l). */
   lsgpu_texture arr = tex2d(LSGPU_TFMT_R8G8B8A8_UNORM, 4, 2);
   arr.target = LSGPU_TEX_TARGET_2D_ARRAY;
   arr.depth = 3;
   for (int l = 0; l < 3; l++)
      for (int y = 0; y < 2; y++)
         for (int x = 0; x < 4; x++)
            put_rgba8(rig.texels() + l * 2 * 64, 4, x, y, x * 10, y * 10, l * 10, 255);
   rig.bind(200, arr, sampler(LSGPU_FILTER_LINEAR, LSGPU_WRAP_REPEAT));
   float c[4];
   ASSERT_EQ(rig.fetch(200, 3, 1, 2, 0, c), LSGPU_FAULT_NONE);
   EXPECT_FLOAT_EQ(c[0], 30 / 255.0f); /* no filtering, no wrap */
   EXPECT_FLOAT_EQ(c[1], 10 / 255.0f);
   EXPECT_FLOAT_EQ(c[2], 20 / 255.0f);
   for (const int *xyz : {(const int[]){4, 0, 0}, (const int[]){0, 2, 0}, (const int[]){0, 0, 3},
                          (const int[]){-1, 0, 0}}) {
      c[0] = c[3] = 7;
      ASSERT_EQ(rig.fetch(200, xyz[0], xyz[1], xyz[2], 0, c), LSGPU_FAULT_NONE);
      EXPECT_EQ(c[0], 0.0f);
      EXPECT_EQ(c[3], 0.0f) << "outside reads (0, 0, 0, 0), not the border";
   }
   ASSERT_EQ(rig.fetch(200, 0, 0, 0, 1, c), LSGPU_FAULT_NONE); /* no level 1 */
   EXPECT_EQ(c[3], 0.0f);

   /* A 1D array: the layer is the second coordinate. */
   lsgpu_texture one = tex2d(LSGPU_TFMT_R8G8B8A8_UNORM, 4, 1);
   one.target = LSGPU_TEX_TARGET_1D_ARRAY;
   one.depth = 3;
   rig.bind(1, one, sampler(LSGPU_FILTER_NEAREST));
   ASSERT_EQ(rig.fetch(1, 2, 2, 0, 0, c), LSGPU_FAULT_NONE);
   /* Layer 2 of a 4x1 array starts 2 * 64 bytes in: the 2D array's layer-1 row 0. */
   EXPECT_FLOAT_EQ(c[0], 20 / 255.0f);
   EXPECT_FLOAT_EQ(c[2], 10 / 255.0f);

   /* Stores: BGRA memory order (swizzle 2, 1, 0, 3), clamped and rounded. */
   rig.bind(2, tex2d(LSGPU_TFMT_R8G8B8A8_UNORM, 4, 4, {{2, 1, 0, 3}}),
            sampler(LSGPU_FILTER_NEAREST));
   const float v[4] = {1.5f, 0.5f, 0.0f, 0.25f};
   bool stored = false;
   ASSERT_EQ(rig.store(2, 1, 3, 0, v, &stored), LSGPU_FAULT_NONE);
   EXPECT_TRUE(stored);
   const uint8_t *p = rig.texels() + 3 * 64 + 4;
   EXPECT_EQ(p[0], 0);
   EXPECT_EQ(p[1], 128);
   EXPECT_EQ(p[2], 255);
   EXPECT_EQ(p[3], 64);
   ASSERT_EQ(rig.store(2, 4, 0, 0, v, &stored), LSGPU_FAULT_NONE);
   EXPECT_FALSE(stored);
   ASSERT_EQ(rig.store(2, 0, 0, 1, v, &stored), LSGPU_FAULT_NONE);
   EXPECT_FALSE(stored) << "a 2D image has no layer 1";

   /* Depth/stencil formats are not storable. */
   rig.bind(3, tex2d(LSGPU_TFMT_Z24_UNORM_S8_UINT, 4, 4), sampler(LSGPU_FILTER_NEAREST));
   EXPECT_EQ(rig.store(3, 0, 0, 0, v, &stored), LSGPU_FAULT_BAD_ARGUMENT);
}

/* A compressed texture (TEX_CODEC BC4): rows of 4×4 blocks, ceil(w / 4) blocks to a
 * 64-byte-aligned row, sizes that are not multiples of four, a level of one block;
 * sampled and fetched, never stored; no buffer of blocks. */
TEST(TextureSampler, CompressedBlocksAddressedByRowsOfBlocks)
{
   Rig rig;
   /* 6x5: 2x2 blocks of 8 bytes, pitch 64, level 1 (3x2, one block) at 128. Block
    * (bx, by) has a0 = 20 (1 + bx + 2 by), a1 = 250; its texel (1, 2) takes a1. */
   auto put_block = [&](uint8_t *p, uint8_t a0) {
      const uint64_t indices = 1ull << (3 * (4 * 2 + 1));
      p[0] = a0;
      p[1] = 250;
      for (unsigned k = 0; k < 6; k++)
         p[2 + k] = (uint8_t)(indices >> (8 * k));
   };
   for (int by = 0; by < 2; by++)
      for (int bx = 0; bx < 2; bx++)
         put_block(rig.texels() + by * 64 + bx * 8, (uint8_t)(20 * (1 + bx + 2 * by)));
   put_block(rig.texels() + 128, 200);
   lsgpu_texture t = tex2d(LSGPU_TFMT_BC4_UNORM, 6, 5);
   t.last_level = 1;
   rig.bind(0, t, sampler(LSGPU_FILTER_NEAREST));
   float c[4];
   ASSERT_EQ(rig.sample(0, 5.5f / 6, 4.5f / 5, 0, c), LSGPU_FAULT_NONE);
   EXPECT_FLOAT_EQ(c[0], 80 / 255.0f); /* block (1, 1) */
   EXPECT_FLOAT_EQ(c[1], 0.0f);
   EXPECT_FLOAT_EQ(c[3], 1.0f);
   ASSERT_EQ(rig.sample(0, 1.5f / 6, 2.5f / 5, 0, c), LSGPU_FAULT_NONE);
   EXPECT_FLOAT_EQ(c[0], 250 / 255.0f); /* texel (1, 2) of block (0, 0) */
   ASSERT_EQ(rig.fetch(0, 4, 2, 0, 0, c), LSGPU_FAULT_NONE);
   EXPECT_FLOAT_EQ(c[0], 40 / 255.0f);
   ASSERT_EQ(rig.fetch(0, 2, 1, 0, 1, c), LSGPU_FAULT_NONE);
   EXPECT_FLOAT_EQ(c[0], 200 / 255.0f); /* level 1 */
   ASSERT_EQ(rig.fetch(0, 6, 0, 0, 0, c), LSGPU_FAULT_NONE);
   EXPECT_EQ(c[0], 0.0f) << "outside the level, not the rest of the block";
   const float v[4] = {1, 1, 1, 1};
   bool stored = true;
   EXPECT_EQ(rig.store(0, 0, 0, 0, v, &stored), LSGPU_FAULT_BAD_ARGUMENT);
   EXPECT_FALSE(stored);

   lsgpu_texture buffer = tex2d(LSGPU_TFMT_BC1_UNORM, 16, 1);
   buffer.target = LSGPU_TEX_TARGET_BUFFER;
   rig.bind(1, buffer, sampler(LSGPU_FILTER_NEAREST));
   EXPECT_EQ(rig.fetch(1, 0, 0, 0, 0, c), LSGPU_FAULT_BAD_ARGUMENT);
}

/* lsgpu.tex's xs2: the texture of one entry with the sampler of another (OpenCL's
 * images and samplers pair freely); the pair obeys the cross-field rules. */
TEST(TextureSampler, IndependentSamplerEntry)
{
   Rig rig;
   put_rgba8(rig.texels(), 2, 0, 0, 0, 0, 0, 255);
   put_rgba8(rig.texels(), 2, 1, 0, 200, 0, 0, 255);
   rig.bind(3, tex2d(LSGPU_TFMT_R8G8B8A8_UNORM, 2, 1), sampler(LSGPU_FILTER_NEAREST));
   lsgpu_sampler linear = sampler(LSGPU_FILTER_LINEAR, LSGPU_WRAP_CLAMP_TO_EDGE);
   rig.bind(9, tex2d(LSGPU_TFMT_R8_UNORM, 1, 1), linear);
   float c[4];
   ASSERT_EQ(rig.sample(3, 0.5f, 0.5f, 0, c), LSGPU_FAULT_NONE);
   EXPECT_FLOAT_EQ(c[0], 200 / 255.0f); /* nearest: texel 1 */
   ASSERT_EQ(rig.sample(3, 0.5f, 0.5f, 0, c, 0, false, 0, 9), LSGPU_FAULT_NONE);
   EXPECT_NEAR(c[0], 100 / 255.0f, 1e-6); /* entry 9's linear sampler: halfway */
   /* A rectangle texture with a normalized sampler is refused, paired or not. */
   lsgpu_texture rect = tex2d(LSGPU_TFMT_R8G8B8A8_UNORM, 2, 1);
   rect.target = LSGPU_TEX_TARGET_RECT;
   lsgpu_sampler unnorm = sampler(LSGPU_FILTER_NEAREST);
   unnorm.normalized = 0;
   rig.bind(4, rect, unnorm);
   EXPECT_EQ(rig.sample(4, 1.5f, 0.5f, 0, c), LSGPU_FAULT_NONE);
   EXPECT_EQ(rig.sample(4, 1.5f, 0.5f, 0, c, 0, false, 0, 9), LSGPU_FAULT_BAD_ARGUMENT);
}

/* A sampler loads the entries its requests name, anywhere in the table, as they come:
 * the last entry, then a texture paired with a sampler entry beyond every entry loaded
 * so far (the texture's entry must stay where it was while the sampler's loads), then
 * the first entry again. */
TEST(TextureSampler, EntriesLoadAsRequestsNameThem)
{
   Rig rig;
   put_rgba8(rig.texels(), 2, 0, 0, 0, 0, 0, 255);
   put_rgba8(rig.texels(), 2, 1, 0, 200, 0, 0, 255);
   rig.bind(255, tex2d(LSGPU_TFMT_R8G8B8A8_UNORM, 2, 1), sampler(LSGPU_FILTER_NEAREST));
   rig.bind(3, tex2d(LSGPU_TFMT_R8G8B8A8_UNORM, 2, 1), sampler(LSGPU_FILTER_NEAREST));
   rig.bind(200, tex2d(LSGPU_TFMT_R8_UNORM, 1, 1),
            sampler(LSGPU_FILTER_LINEAR, LSGPU_WRAP_CLAMP_TO_EDGE));
   auto unit = rig.unit();
   auto sample = [&](unsigned texture, unsigned with) {
      TextureRequest req = {};
      req.unit = texture;
      req.sampler_unit = with;
      req.lod_mode = LSGPU_TEX_LOD_EXPLICIT;
      req.coord[0] = req.coord[1] = 0.5f;
      req.descriptors = (uint32_t)kTableVa;
      float c[4] = {};
      EXPECT_EQ(unit->sample(req, c), LSGPU_FAULT_NONE) << texture << " with " << with;
      return c[0];
   };
   /* Loading them, then with them loaded. */
   for (int round = 0; round < 2; round++) {
      EXPECT_FLOAT_EQ(sample(3, 200), 100 / 255.0f); /* entry 200's linear sampler */
      EXPECT_FLOAT_EQ(sample(255, 255), 200 / 255.0f);
      EXPECT_FLOAT_EQ(sample(3, 3), 200 / 255.0f);
   }
}

/* 2D textures with wrap modes that never reach the border filter bilinearly through
 * their own path (filter_2d_linear()); a one-layer 2D array of the same memory takes
 * the general one. The two must give the same bits everywhere, except which NaN a sum
 * of NaNs gives (the compiler may add either way round): random texels (float
 * formats with NaNs and infinities among them), sizes with and without powers of two,
 * every pair of such wrap modes, swizzles with constants, trilinear LODs, coordinates
 * far outside the texture. */
TEST(TextureSampler, TheBilinear2DPathGivesTheGeneralPathsBits)
{
   Rig rig;
   Lcg next{12345};
   fill_random(rig, next);
   const uint32_t formats[] = {LSGPU_TFMT_R8G8B8A8_UNORM, LSGPU_TFMT_R8G8B8A8_SRGB,
                               LSGPU_TFMT_R5G6B5_UNORM, LSGPU_TFMT_R16G16B16A16_FLOAT,
                               LSGPU_TFMT_R32G32B32A32_FLOAT};
   const uint32_t wraps[] = {LSGPU_WRAP_REPEAT, LSGPU_WRAP_MIRRORED_REPEAT,
                             LSGPU_WRAP_CLAMP_TO_EDGE};
   const Swizzle swizzles[] = {kIdentity, {{2, 1, 0, 5}}, {{4, 4, 4, 0}}, {{3, 5, 1, 4}}};
   const uint32_t sizes[][2] = {{16, 8}, {13, 7}, {1, 32}, {64, 64}};
   unsigned compared = 0;
   for (uint32_t format : formats) {
      for (const auto &size : sizes) {
         for (uint32_t ws : wraps) {
            for (uint32_t wt : wraps) {
               const Swizzle &swz = swizzles[next() % 4];
               lsgpu_texture t = tex2d(format, size[0], size[1], swz);
               t.last_level = 2;
               lsgpu_sampler s = sampler(LSGPU_FILTER_LINEAR);
               s.wrap_s = (lsgpu_wrap)ws;
               s.wrap_t = (lsgpu_wrap)wt;
               s.mip_filter = LSGPU_FILTER_LINEAR;
               lsgpu_texture array = t;
               array.target = LSGPU_TEX_TARGET_2D_ARRAY;
               rig.bind(0, t, s);
               rig.bind(1, array, s);
               for (unsigned k = 0; k < 64; k++) {
                  const float u = ((int)(next() % 6001) - 3000) / 1000.0f;
                  const float v = ((int)(next() % 6001) - 3000) / 1000.0f;
                  const float lod = ((int)(next() % 501) - 100) / 100.0f;
                  float fast[4], general[4];
                  const uint64_t before = rig.texels_read();
                  ASSERT_EQ(rig.sample(0, u, v, 0, fast, lod), LSGPU_FAULT_NONE);
                  const uint64_t between = rig.texels_read();
                  ASSERT_EQ(rig.sample(1, u, v, 0, general, lod), LSGPU_FAULT_NONE);
                  /* And they read as many texels: those of non-zero weight. */
                  EXPECT_EQ(between - before, rig.texels_read() - between);
                  bool same = true;
                  for (unsigned c = 0; c < 4; c++) /* a NaN's sign and payload aside */
                     same &= (std::isnan(fast[c]) && std::isnan(general[c])) ||
                             !memcmp(&fast[c], &general[c], 4);
                  EXPECT_TRUE(same)
                     << "format " << format << " " << size[0] << "x" << size[1] << " wrap " << ws
                     << "/" << wt << " at " << u << ", " << v << " lod " << lod << ": " << fast[0]
                     << " " << fast[1] << " " << fast[2] << " " << fast[3] << " vs " << general[0]
                     << " " << general[1] << " " << general[2] << " " << general[3];
                  compared++;
               }
            }
         }
      }
   }
   EXPECT_EQ(compared, 5u * 4 * 9 * 64);
}

/* A warp's implicit-LOD lookups taken whole (sample_warp: λ once a quad) must be the
 * lookups lane by lane (sample() with the quad's coarse derivatives, as the shader
 * core makes them): random quads over textures with and without mipmaps, every filter,
 * LOD bias, partial masks, ended lanes, coordinates far outside and NaN. Targets it
 * does not take (cube maps, shadow compare) leave it to the lanes. */
TEST(TextureSampler, WarpLookupsGiveTheLanesBits)
{
   Rig rig;
   Lcg next{777};
   fill_random(rig, next);
   /* RGBA8 twice: as it is, and as a BGRA texture's descriptor swizzles it. */
   const uint32_t formats[] = {LSGPU_TFMT_R8G8B8A8_UNORM, LSGPU_TFMT_R8G8B8A8_UNORM,
                               LSGPU_TFMT_R5G6B5_UNORM, LSGPU_TFMT_R32G32B32A32_FLOAT};
   const Swizzle bgra = {{2, 1, 0, 3}};
   const uint32_t filters[][3] = {{LSGPU_FILTER_LINEAR, LSGPU_FILTER_LINEAR, LSGPU_FILTER_LINEAR},
                                  {LSGPU_FILTER_NEAREST, LSGPU_FILTER_LINEAR, LSGPU_FILTER_NEAREST},
                                  {LSGPU_FILTER_LINEAR, LSGPU_FILTER_NEAREST, LSGPU_FILTER_NONE},
                                  /* λ chooses nothing: one level, one filter */
                                  {LSGPU_FILTER_LINEAR, LSGPU_FILTER_LINEAR, LSGPU_FILTER_NONE},
                                  {LSGPU_FILTER_NEAREST, LSGPU_FILTER_NEAREST, LSGPU_FILTER_NONE}};
   unsigned compared = 0;
   for (unsigned fi = 0; fi < 4; fi++) {
      const uint32_t format = formats[fi];
      for (const auto &filter : filters) {
         for (uint32_t wrap : {LSGPU_WRAP_REPEAT, LSGPU_WRAP_CLAMP_TO_EDGE,
                               LSGPU_WRAP_CLAMP_TO_BORDER, LSGPU_WRAP_MIRRORED_REPEAT}) {
            /* Sizes a power of two and not (REPEAT's two ways to wrap). */
            const bool pow2 = (format + wrap) % 2 == 0;
            lsgpu_texture t =
               tex2d(format, pow2 ? 32 : 24, pow2 ? 16 : 12, fi == 1 ? bgra : kIdentity);
            t.last_level = 3;
            lsgpu_sampler s = sampler(filter[0], wrap);
            s.mag_filter = (lsgpu_filter)filter[1];
            s.mip_filter = (lsgpu_filter)filter[2];
            s.lod_bias = 0.25f;
            rig.bind(2, t, s);
            for (unsigned k = 0; k < 32; k++) {
               TextureWarpRequest w = {};
               w.unit = 2;
               w.descriptors = (uint32_t)kTableVa;
               w.lod_mode = k & 1 ? LSGPU_TEX_LOD_BIAS : LSGPU_TEX_LOD_IMPLICIT;
               const uint16_t live = k % 5 ? 0xffff : 0x7f3f;
               w.mask = (uint16_t)(next() & live);
               const float spread = (float)(1u << (next() % 6)) / 64.0f;
               for (unsigned q = 0; q < LSGPU_WARP_WIDTH; q += 4) {
                  float s0 = ((int)(next() % 4001) - 2000) / 1000.0f;
                  float t0 = ((int)(next() % 4001) - 2000) / 1000.0f;
                  if (k % 4 == 2) { /* on texel centres: texels of weight 0 */
                     s0 = (float)(2 * (next() % t.width) + 1) / (float)(2 * t.width);
                     t0 = (float)(2 * (next() % t.height) + 1) / (float)(2 * t.height);
                  }
                  for (unsigned l = 0; l < 4; l++) {
                     w.s[q + l] = s0 + (l & 1) * spread;
                     w.t[q + l] = t0 + (l >> 1) * spread * 0.5f;
                     w.bias[q + l] = ((int)(next() % 401) - 200) / 100.0f;
                  }
               }
               if (k % 7 == 3)
                  w.s[5] = NAN;
               for (unsigned l = 0; l < LSGPU_WARP_WIDTH; l++) {
                  if (!(live >> l & 1))
                     w.s[l] = w.t[l] = 0.0f; /* ended lanes: 0, as the core hands them */
               }
               float whole[LSGPU_WARP_WIDTH][4];
               const uint64_t before = rig.texels_read();
               ASSERT_TRUE(rig.unit()->sample_warp(w, whole));
               const uint64_t warp_texels = rig.texels_read() - before;
               auto lanes = rig.unit();
               for (unsigned l = 0; l < LSGPU_WARP_WIDTH; l++) {
                  if (!(w.mask >> l & 1))
                     continue;
                  const unsigned q = l & ~3u;
                  TextureRequest r = {};
                  r.unit = r.sampler_unit = 2;
                  r.lod_mode = w.lod_mode;
                  r.coord[0] = w.s[l];
                  r.coord[1] = w.t[l];
                  r.lod = w.bias[l];
                  r.ddx[0] = w.s[q + 1] - w.s[q];
                  r.ddx[1] = w.t[q + 1] - w.t[q];
                  r.ddy[0] = w.s[q + 2] - w.s[q];
                  r.ddy[1] = w.t[q + 2] - w.t[q];
                  r.descriptors = (uint32_t)kTableVa;
                  float one[4];
                  ASSERT_EQ(lanes->sample(r, one), LSGPU_FAULT_NONE);
                  EXPECT_EQ(memcmp(one, whole[l], sizeof(one)), 0)
                     << "format " << format << " filter " << filter[0] << "/" << filter[1] << "/"
                     << filter[2] << " wrap " << wrap << " lane " << l << ": " << whole[l][0]
                     << " vs " << one[0];
                  compared++;
               }
               lanes.reset(); /* its count reaches the counters */
               EXPECT_EQ(rig.texels_read() - before - warp_texels, warp_texels)
                  << "TEXELS, format " << format << " wrap " << wrap;
            }
         }
      }
   }
   EXPECT_GT(compared, 6000u);

   /* Not taken whole: a cube map, and a depth texture compared. */
   TextureWarpRequest w = {};
   w.unit = 3;
   w.descriptors = (uint32_t)kTableVa;
   w.lod_mode = LSGPU_TEX_LOD_IMPLICIT;
   w.mask = 0xf;
   float out[LSGPU_WARP_WIDTH][4];
   rig.bind(3, one_texel_cube(rig), sampler(LSGPU_FILTER_LINEAR));
   EXPECT_FALSE(rig.unit()->sample_warp(w, out));
   lsgpu_sampler compare = sampler(LSGPU_FILTER_NEAREST);
   compare.compare = 1;
   rig.bind(3, tex2d(LSGPU_TFMT_Z24_UNORM_S8_UINT, 4, 4), compare);
   w.shadow = true;
   EXPECT_FALSE(rig.unit()->sample_warp(w, out));
   w.shadow = false; /* the sampler compares only for a shadow lookup */
   EXPECT_TRUE(rig.unit()->sample_warp(w, out));
}
