/* SPDX-License-Identifier: MIT */

/* The output merger (src/simulator/gpu/output_merger.cpp) against GL 2.1 §4.1:
 * stencil functions, operations and masks with two-sided state, the logic op truth
 * table, and render-target formats written through their channel swizzles. */

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include <gtest/gtest.h>

#include "../common/clip_vertex.h"

#include "gpu/memory/address_space.h"
#include "gpu/geometry/clipper.h"
#include "gpu/output/output_merger.h"
#include "gpu/texture/texture_format.h"

using namespace lsgpu::sim;
using lsgpu::test::clip_vertex;

namespace
{

constexpr uint64_t kVa = 0x10000;

struct Memory {
   std::vector<uint8_t> bytes = std::vector<uint8_t>(4096);
   AddressSpace as;
   Memory() { as.map(kVa, bytes.size(), bytes.data()); }
   uint32_t word(unsigned i) const
   {
      uint32_t w;
      memcpy(&w, &bytes[4 * i], 4);
      return w;
   }
};

/* One face's stencil function and operations: func, fail, zfail, zpass. */
struct Ops {
   uint32_t func, fail, zfail, zpass;
};

Ops
ops(uint32_t func, uint32_t fail, uint32_t zfail, uint32_t zpass)
{
   return {func, fail, zfail, zpass};
}

struct Masks {
   uint8_t ref, value_mask, write_mask;
};

Masks
masks(uint8_t ref, uint8_t value_mask, uint8_t write_mask)
{
   return {ref, value_mask, write_mask};
}

StencilFace
face(Ops o, Masks m)
{
   return {(lsgpu_func)o.func,
           (lsgpu_stencil_op)o.fail,
           (lsgpu_stencil_op)o.zfail,
           (lsgpu_stencil_op)o.zpass,
           m.ref,
           m.value_mask,
           m.write_mask};
}

/* A 256-byte-pitch depth/stencil buffer at kVa; back-face state only for two-sided. */
DepthTarget
depth_target(uint32_t format, uint32_t func, bool write, uint32_t stencil_mode, Ops front_ops,
             Masks front_masks, Ops back_ops = {}, Masks back_masks = {})
{
   return {kVa,
           256,
           (lsgpu_zfmt)format,
           (lsgpu_func)func,
           write,
           (lsgpu_stencil_mode)stencil_mode,
           {face(front_ops, front_masks), face(back_ops, back_masks)}};
}

/* RENDER_TARGET.swizzle: the colour channel memory channel 0..3 stores. */
struct Swizzle {
   lsgpu_rt_swizzle m[4];
};
constexpr Swizzle kIdentity = {
   {LSGPU_RT_SWIZZLE_R, LSGPU_RT_SWIZZLE_G, LSGPU_RT_SWIZZLE_B, LSGPU_RT_SWIZZLE_A}};

lsgpu_render_target
target(uint32_t tfmt, Swizzle swizzle = kIdentity, uint32_t write_mask = 0xf)
{
   lsgpu_render_target rt = {};
   rt.va = kVa;
   rt.pitch = 256;
   rt.format = (lsgpu_tfmt)tfmt;
   rt.write_mask = write_mask;
   memcpy(rt.swizzle, swizzle.m, sizeof(rt.swizzle));
   return rt;
}

} // namespace

TEST(OutputMerger, StencilOperationsSaturateWrapAndHonourMasks)
{
   struct Case {
      uint32_t op;
      uint8_t before, after;
   } cases[] = {
      {LSGPU_STENCIL_OP_KEEP, 7, 7},        {LSGPU_STENCIL_OP_ZERO, 7, 0},
      {LSGPU_STENCIL_OP_REPLACE, 7, 0x5a},  {LSGPU_STENCIL_OP_INCR, 255, 255},
      {LSGPU_STENCIL_OP_DECR, 0, 0},        {LSGPU_STENCIL_OP_INCR_WRAP, 255, 0},
      {LSGPU_STENCIL_OP_DECR_WRAP, 0, 255}, {LSGPU_STENCIL_OP_INVERT, 0x0f, 0xf0},
   };
   for (const Case &c : cases) {
      Memory m;
      const uint32_t stored = (uint32_t)c.before << 24 | 0x800000;
      memcpy(m.bytes.data(), &stored, 4);
      DepthTarget zs = depth_target(LSGPU_ZFMT_Z24_UNORM_S8_UINT, LSGPU_FUNC_ALWAYS, false, 1,
                                    ops(LSGPU_FUNC_ALWAYS, 0, 0, c.op), masks(0x5a, 0xff, 0xff));
      bool pass;
      ASSERT_EQ(depth_test(m.as, zs, 0, 0, 0.25f, true, &pass), LSGPU_FAULT_NONE);
      EXPECT_TRUE(pass);
      EXPECT_EQ(m.word(0) >> 24, c.after) << "op " << c.op;
      EXPECT_EQ(m.word(0) & 0xffffff, 0x800000u); /* depth not written */
   }

   /* The value mask applies to both sides of the test, the write mask to the update;
    * back faces use the back state when two-sided. */
   Memory m;
   const uint32_t stored = 0x37u << 24;
   memcpy(m.bytes.data(), &stored, 4);
   DepthTarget zs =
      depth_target(LSGPU_ZFMT_Z24_UNORM_S8_UINT, LSGPU_FUNC_ALWAYS, false, 2,
                   ops(LSGPU_FUNC_EQUAL, LSGPU_STENCIL_OP_ZERO, 0, LSGPU_STENCIL_OP_INVERT),
                   masks(0x07, 0x0f, 0xf0), ops(LSGPU_FUNC_NEVER, LSGPU_STENCIL_OP_REPLACE, 0, 0),
                   masks(0xa5, 0xff, 0x0f));
   bool pass;
   ASSERT_EQ(depth_test(m.as, zs, 0, 0, 0.5f, true, &pass), LSGPU_FAULT_NONE);
   EXPECT_TRUE(pass);                 /* 0x07 & 0x0f == 0x37 & 0x0f */
   EXPECT_EQ(m.word(0) >> 24, 0xc7u); /* ~0x37 = 0xc8 through 0xf0: 0xc7 */
   ASSERT_EQ(depth_test(m.as, zs, 0, 0, 0.5f, false, &pass), LSGPU_FAULT_NONE);
   EXPECT_FALSE(pass);                /* back: NEVER */
   EXPECT_EQ(m.word(0) >> 24, 0xc5u); /* REPLACE 0xa5 through 0x0f */
}

TEST(OutputMerger, DepthFailRunsTheDepthFailOperation)
{
   Memory m;
   const uint32_t stored = 0x01u << 24 | 0x000100; /* depth near 0 */
   memcpy(m.bytes.data(), &stored, 4);
   DepthTarget zs =
      depth_target(LSGPU_ZFMT_Z24_UNORM_S8_UINT, LSGPU_FUNC_LESS, true, 1,
                   ops(LSGPU_FUNC_ALWAYS, 0, LSGPU_STENCIL_OP_INCR, LSGPU_STENCIL_OP_ZERO),
                   masks(0, 0xff, 0xff));
   bool pass;
   ASSERT_EQ(depth_test(m.as, zs, 0, 0, 0.9f, true, &pass), LSGPU_FAULT_NONE);
   EXPECT_FALSE(pass);
   EXPECT_EQ(m.word(0), 0x02000100u); /* stencil incremented, depth kept */
}

TEST(OutputMerger, StencilInTheLowByteOfS8Z24)
{
   /* S8_UINT_Z24_UNORM: depth in bits 8..31, stencil in bits 0..7 (GLES picks it for
    * GL_DEPTH_STENCIL / UNSIGNED_INT_24_8 textures). */
   Memory m;
   const uint32_t stored = 0x800000u << 8 | 0x11; /* depth 0.5, stencil 0x11 */
   memcpy(m.bytes.data(), &stored, 4);
   DepthTarget zs = depth_target(
      LSGPU_ZFMT_S8_UINT_Z24_UNORM, LSGPU_FUNC_LESS, true, 1,
      ops(LSGPU_FUNC_EQUAL, LSGPU_STENCIL_OP_ZERO, LSGPU_STENCIL_OP_INVERT, LSGPU_STENCIL_OP_INCR),
      masks(0x11, 0xff, 0xff));
   bool pass;
   ASSERT_EQ(depth_test(m.as, zs, 0, 0, 0.25f, true, &pass), LSGPU_FAULT_NONE);
   EXPECT_TRUE(pass);
   EXPECT_EQ(m.word(0), (uint32_t)std::lround(0.25 * 16777215.0) << 8 | 0x12);
   /* Stencil 0x12 is no longer the reference 0x11: the stencil-fail op (ZERO) runs and
    * the depth stays, though 0.75 would fail the depth test too. */
   ASSERT_EQ(depth_test(m.as, zs, 0, 0, 0.75f, true, &pass), LSGPU_FAULT_NONE);
   EXPECT_FALSE(pass);
   EXPECT_EQ(m.word(0) & 0xff, 0u);

   /* Without the stencil test a depth write leaves the stencil byte alone. */
   const uint32_t again = 0xffffffu << 8 | 0x5a;
   memcpy(m.bytes.data(), &again, 4);
   zs.stencil_mode = LSGPU_STENCIL_MODE_OFF;
   ASSERT_EQ(depth_test(m.as, zs, 0, 0, 0.0f, true, &pass), LSGPU_FAULT_NONE);
   EXPECT_TRUE(pass);
   EXPECT_EQ(m.word(0), 0x5au);
}

TEST(OutputMerger, ShaderStencilReferenceReplacesTheStateOne)
{
   /* DRAW_STATE.fs_writes_stencil: the fragment's exported reference is both the value
    * compared and the one REPLACE writes (u_blitter's stencil blits). */
   Memory m;
   const uint32_t stored = 0x40u << 24;
   memcpy(m.bytes.data(), &stored, 4);
   DepthTarget zs = depth_target(LSGPU_ZFMT_Z24_UNORM_S8_UINT, LSGPU_FUNC_ALWAYS, false, 1,
                                 ops(LSGPU_FUNC_NOTEQUAL, 0, 0, LSGPU_STENCIL_OP_REPLACE),
                                 masks(0x40, 0xff, 0xff));
   bool pass;
   ASSERT_EQ(depth_test(m.as, zs, 0, 0, 0.5f, true, &pass, 0x40), LSGPU_FAULT_NONE);
   EXPECT_FALSE(pass); /* 0x40 != 0x40 fails */
   ASSERT_EQ(depth_test(m.as, zs, 0, 0, 0.5f, true, &pass, 0x9c), LSGPU_FAULT_NONE);
   EXPECT_TRUE(pass);
   EXPECT_EQ(m.word(0) >> 24, 0x9cu);
   ASSERT_EQ(depth_test(m.as, zs, 0, 0, 0.5f, true, &pass), LSGPU_FAULT_NONE);
   EXPECT_TRUE(pass); /* the state's 0x40 again */
   EXPECT_EQ(m.word(0) >> 24, 0x40u);
}

TEST(OutputMerger, LogicOpIsABitwiseTruthTable)
{
   const float src[4] = {0xcc / 255.0f, 0xcc / 255.0f, 0xcc / 255.0f, 0xcc / 255.0f};
   const float k[4] = {};
   struct Case {
      uint32_t op;
      uint8_t expect;
   } cases[] = {{0, 0x00},         {8, 0xcc & 0xaa}, {12, 0xcc}, {6, 0xcc ^ 0xaa},
                {14, 0xcc | 0xaa}, {5, 0x55},        {15, 0xff}, {1, (uint8_t) ~(0xcc | 0xaa)}};
   for (const Case &c : cases) {
      Memory m;
      memset(m.bytes.data(), 0xaa, 4);
      ASSERT_EQ(color_write(m.as, target(LSGPU_TFMT_R8G8B8A8_UNORM), 0, 0, src, k, {true, c.op}),
                LSGPU_FAULT_NONE);
      EXPECT_EQ(m.bytes[0], c.expect) << "op " << c.op;
      EXPECT_EQ(m.bytes[3], c.expect) << "op " << c.op;
   }
}

TEST(OutputMerger, RenderTargetFormatsThroughTheirSwizzles)
{
   const float k[4] = {};
   const float colour[4] = {1.0f, 0.5f, 0.25f, 0.75f};
   Memory m;
   /* B5G6R5: memory channel 0 stores blue, 1 green, 2 red. */
   ASSERT_EQ(
      color_write(m.as,
                  target(LSGPU_TFMT_R5G6B5_UNORM, {{LSGPU_RT_SWIZZLE_B, LSGPU_RT_SWIZZLE_G,
                                                    LSGPU_RT_SWIZZLE_R, LSGPU_RT_SWIZZLE_NONE}}),
                  0, 0, colour, k, {false, 0}),
      LSGPU_FAULT_NONE);
   uint16_t px;
   memcpy(&px, m.bytes.data(), 2);
   EXPECT_EQ(px & 31, 8u);         /* blue 0.25 → 7.75 → 8 */
   EXPECT_EQ((px >> 5) & 63, 32u); /* green 0.5 → 31.5 → 32 */
   EXPECT_EQ(px >> 11, 31u);       /* red */

   /* A8: the only channel stores alpha. */
   ASSERT_EQ(
      color_write(m.as,
                  target(LSGPU_TFMT_R8_UNORM, {{LSGPU_RT_SWIZZLE_A, LSGPU_RT_SWIZZLE_NONE,
                                                LSGPU_RT_SWIZZLE_NONE, LSGPU_RT_SWIZZLE_NONE}}),
                  4, 0, colour, k, {false, 0}),
      LSGPU_FAULT_NONE);
   EXPECT_EQ(m.bytes[4], 191); /* 0.75 · 255 = 191.25 */

   /* sRGB encodes colour, not alpha; a write mask keeps blue. */
   memset(&m.bytes[8], 0x11, 4);
   ASSERT_EQ(color_write(m.as, target(LSGPU_TFMT_R8G8B8A8_SRGB, kIdentity, 0xb), 2, 0, colour, k,
                         {false, 0}),
             LSGPU_FAULT_NONE);
   EXPECT_EQ(m.bytes[8], 255);
   EXPECT_EQ(m.bytes[9], 188); /* linear 0.5 → sRGB 0.735 */
   EXPECT_EQ(m.bytes[10], 0x11);
   EXPECT_EQ(m.bytes[11], 191);

   /* Half floats are not clamped. */
   const float big[4] = {3.0f, -2.0f, 0.0f, 1.0f};
   ASSERT_EQ(color_write(m.as, target(LSGPU_TFMT_R16G16B16A16_FLOAT), 2, 0, big, k, {false, 0}),
             LSGPU_FAULT_NONE);
   uint16_t h[4];
   memcpy(h, &m.bytes[16], 8);
   EXPECT_EQ(h[0], 0x4200); /* 3.0 */
   EXPECT_EQ(h[1], 0xc000); /* -2.0 */

   /* Depth layouts are not render targets; a swizzle outside RT_SWIZZLE does not
    * decode. */
   EXPECT_EQ(color_write(m.as, target(LSGPU_TFMT_Z24_UNORM_S8_UINT), 0, 0, colour, k, {false, 0}),
             LSGPU_FAULT_BAD_ARGUMENT);
   uint32_t dw[LSGPU_RENDER_TARGET_LENGTH];
   const lsgpu_render_target good = target(LSGPU_TFMT_R8_UNORM);
   lsgpu_pack_render_target(dw, &good);
   unsigned n;
   const lsgpu_field_info *fields = lsgpu_render_target_fields(&n);
   lsgpu_field_set(dw, lsgpu_field_find(fields, n, "swizzle"), 1, 6);
   lsgpu_render_target bad;
   EXPECT_EQ(lsgpu_decode_render_target(dw, &bad), LSGPU_FAULT_BAD_ARGUMENT);
}

/* Blending into 8-bit normalized targets reads and writes the bytes directly; the bits
 * are those of the general path: decode the texel, blend, encode it (GL 2.1 §4.1.8),
 * over random colours (NaN and out-of-range ones too), every factor and function,
 * swizzled targets and write masks. */
TEST(OutputMerger, BlendingIntoByteTargetsGivesTheGeneralPathsBits)
{
   uint32_t seed = 99;
   auto next = [&seed] { return seed = seed * 1664525u + 1013904223u; };
   auto colour = [&] {
      const uint32_t r = next();
      return r % 61 == 0 ? NAN : ((float)(r % 3001) - 1000.0f) / 1000.0f;
   };
   const Swizzle kBgra = {
      {LSGPU_RT_SWIZZLE_B, LSGPU_RT_SWIZZLE_G, LSGPU_RT_SWIZZLE_R, LSGPU_RT_SWIZZLE_A}};
   Memory m;
   for (int i = 0; i < 20000; i++) {
      const uint32_t tfmt = i % 3 == 0 ? LSGPU_TFMT_R8_UNORM : LSGPU_TFMT_R8G8B8A8_UNORM;
      lsgpu_render_target rt = target(tfmt, i % 2 ? kBgra : kIdentity, i % 5 == 0 ? 0xb : 0xf);
      if (tfmt == LSGPU_TFMT_R8_UNORM)
         rt.swizzle[1] = rt.swizzle[2] = rt.swizzle[3] = LSGPU_RT_SWIZZLE_NONE;
      rt.blend_enable = true;
      rt.rgb_func = (lsgpu_blend_func)(next() % 5);
      rt.alpha_func = (lsgpu_blend_func)(next() % 5);
      rt.rgb_src = (lsgpu_blend_factor)(next() % 19);
      rt.rgb_dst = (lsgpu_blend_factor)(next() % 19);
      rt.alpha_src = (lsgpu_blend_factor)(next() % 19);
      rt.alpha_dst = (lsgpu_blend_factor)(next() % 19);
      const float src[4] = {colour(), colour(), colour(), colour()};
      const float second[4] = {colour(), colour(), colour(), colour()};
      const float k[4] = {colour(), colour(), colour(), colour()};
      uint8_t texel[4];
      for (uint8_t &b : texel)
         b = (uint8_t)next();
      /* The general path, as ColorUnit::write takes it for other formats. */
      const TexelLayout &layout = *texture_format_layout(tfmt);
      float stored[4], dst[4] = {0, 0, 0, 1}, s[4], kc[4], s1[4], out[4], value[4] = {};
      texture_format_decode(tfmt, texel, stored);
      const unsigned writes = i % 5 == 0 ? 0xb : 0xf; /* the target's write mask */
      unsigned mask = 0;
      for (unsigned c = 0; c < layout.channels; c++) {
         const unsigned channel = rt.swizzle[c]; /* the colour channel c stores */
         if (channel < 4) {
            dst[channel] = stored[c];
            mask |= (writes >> channel & 1u) << c;
         }
      }
      auto clamp01 = [](float v) { return std::isnan(v) ? 0.0f : std::clamp(v, 0.0f, 1.0f); };
      for (unsigned c = 0; c < 4; c++) {
         s[c] = clamp01(src[c]);
         s1[c] = clamp01(second[c]);
         kc[c] = std::clamp(k[c], 0.0f, 1.0f);
      }
      blend(rt, s, dst, kc, out, s1);
      for (unsigned c = 0; c < layout.channels; c++)
         if (rt.swizzle[c] < 4)
            value[c] = out[rt.swizzle[c]];
      uint8_t want[4];
      memcpy(want, texel, 4);
      texture_format_encode(layout, value, mask, want);

      memcpy(m.bytes.data(), texel, 4);
      ASSERT_EQ(color_write(m.as, rt, 0, 0, src, k, {false, 0}, second), LSGPU_FAULT_NONE);
      ASSERT_EQ(memcmp(m.bytes.data(), want, layout.bytes), 0)
         << "case " << i << ": " << (int)m.bytes[0] << " against " << (int)want[0];
   }
}

/* lsgpu.fbld's view of a target (docs/isa.md §3.5): each colour channel from the memory
 * channel its swizzle names, what the format lacks 0, 0, 0, 1, integers as bits. */
TEST(OutputMerger, ColorReadUndoesTheSwizzleAndFillsMissingChannels)
{
   Memory m;
   /* B5G6R5 at (1, 0): blue 8, green 32, red 31. */
   const uint16_t px = 8 | 32 << 5 | 31 << 11;
   memcpy(&m.bytes[2], &px, 2);
   float rgba[4];
   ASSERT_EQ(
      color_read(m.as,
                 target(LSGPU_TFMT_R5G6B5_UNORM, {{LSGPU_RT_SWIZZLE_B, LSGPU_RT_SWIZZLE_G,
                                                   LSGPU_RT_SWIZZLE_R, LSGPU_RT_SWIZZLE_NONE}}),
                 1, 0, rgba),
      LSGPU_FAULT_NONE);
   EXPECT_FLOAT_EQ(rgba[0], 1.0f);
   EXPECT_FLOAT_EQ(rgba[1], 32.0f / 63.0f);
   EXPECT_FLOAT_EQ(rgba[2], 8.0f / 31.0f);
   EXPECT_FLOAT_EQ(rgba[3], 1.0f);

   /* A8 at row 1: the alpha target reads 0, 0, 0, a. */
   m.bytes[256] = 51;
   ASSERT_EQ(
      color_read(m.as,
                 target(LSGPU_TFMT_R8_UNORM, {{LSGPU_RT_SWIZZLE_A, LSGPU_RT_SWIZZLE_NONE,
                                               LSGPU_RT_SWIZZLE_NONE, LSGPU_RT_SWIZZLE_NONE}}),
                 0, 1, rgba),
      LSGPU_FAULT_NONE);
   EXPECT_EQ(rgba[0], 0.0f);
   EXPECT_FLOAT_EQ(rgba[3], 0.2f);

   /* Signed 16-bit integers, two channels: bits, sign-extended; alpha is integer 1. */
   const int16_t ints[2] = {-7, 300};
   memcpy(&m.bytes[512], ints, 4);
   ASSERT_EQ(color_read(m.as, target(LSGPU_TFMT_R16G16_SINT), 0, 2, rgba), LSGPU_FAULT_NONE);
   uint32_t bits[4];
   memcpy(bits, rgba, sizeof(bits));
   EXPECT_EQ((int32_t)bits[0], -7);
   EXPECT_EQ(bits[1], 300u);
   EXPECT_EQ(bits[2], 0u);
   EXPECT_EQ(bits[3], 1u);

   /* No attachment reads zeros without touching memory; depth is no colour target; a
    * pixel outside the mappings faults. */
   lsgpu_render_target none = target(LSGPU_TFMT_R8G8B8A8_UNORM, kIdentity, 0);
   none.va = 0x7000000;
   EXPECT_EQ(color_read(m.as, none, 0, 0, rgba), LSGPU_FAULT_NONE);
   EXPECT_EQ(rgba[3], 0.0f);
   EXPECT_EQ(color_read(m.as, target(LSGPU_TFMT_Z24_UNORM_S8_UINT), 0, 0, rgba),
             LSGPU_FAULT_BAD_ARGUMENT);
   EXPECT_NE(color_read(m.as, target(LSGPU_TFMT_R8G8B8A8_UNORM), 0, 100, rgba), LSGPU_FAULT_NONE);
}

TEST(Clipper, ClipDistancesAndLines)
{
   ClipVertex a = clip_vertex(-0.5f, 0, 0, 1), b = clip_vertex(0.5f, 0, 0, 1),
              c = clip_vertex(0, 0.5f, 0, 1);
   /* Distance 0 = x in slot 2: the half with x < 0 is cut away. */
   a.varying[2][0] = -0.5f;
   b.varying[2][0] = 0.5f;
   c.varying[2][0] = 0.0f;
   ClipPlanes planes{3};
   planes.enable = 1;
   planes.slot = 2;
   std::vector<ClipVertex> poly = clip_triangle(a, b, c, planes);
   ASSERT_GE(poly.size(), 3u);
   for (const ClipVertex &v : poly)
      EXPECT_GE(v.pos[0], -1e-6f);
   ClipVertex la = a, lb = b;
   ASSERT_TRUE(clip_line(la, lb, planes));
   EXPECT_NEAR(la.pos[0], 0.0f, 1e-6);
   EXPECT_FLOAT_EQ(lb.pos[0], 0.5f);
   EXPECT_FALSE(clip_point(a, planes));
   EXPECT_TRUE(clip_point(b, planes));
   /* Depth clamp drops the near and far planes; half-z moves the near plane to 0. */
   ClipVertex far = clip_vertex(0, 0, 2, 1);
   EXPECT_FALSE(clip_point(far, ClipPlanes{3}));
   ClipPlanes clamp{3};
   clamp.clip_z = false;
   EXPECT_TRUE(clip_point(far, clamp));
   ClipVertex neg = clip_vertex(0, 0, -0.5f, 1);
   ClipPlanes half{3};
   half.half_z = true;
   EXPECT_TRUE(clip_point(neg, ClipPlanes{3}));
   EXPECT_FALSE(clip_point(neg, half));
}
