/* SPDX-License-Identifier: MIT */

/* Texel fetch, texture and image sizes, image loads and stores (docs/isa.md §3.4)
 * compiled by lsgpu-compile and run through the simulator's DISPATCH front end with a
 * descriptor table built by hand: the compiler's image entries (IMAGE_UNIT_BASE + n),
 * the texture unit's formats and the robust rule outside an image. */

#include <cmath>
#include <cstring>

#include <gtest/gtest.h>

#include "gpu/counters.h"
#include "gpu/frontend/compute_dispatch.h"
#include "lsgpu_packets.h"
#include "shader_rig.h"

using namespace lsgpu::test;
namespace sim = lsgpu::sim;

namespace
{

constexpr uint32_t kCode = 0x10000, kStack = 0x20000, kTable = 0x60000, kTex = 0x70000,
                   kSrc = 0x80000, kDst = 0x90000;

/* Entry `unit` of the descriptor table: a texture (2D unless said) and a nearest
 * sampler. */
void
describe(std::vector<uint8_t> &table, unsigned unit, uint32_t va, lsgpu_tfmt format, uint32_t width,
         uint32_t height, uint32_t last_level, bool bgra = false,
         lsgpu_tex_target target = LSGPU_TEX_TARGET_2D, uint32_t depth = 1)
{
   lsgpu_texture t = {};
   t.va = va;
   t.target = target;
   t.format = format;
   t.width = width;
   t.height = height;
   t.depth = depth;
   t.last_level = last_level;
   const lsgpu_tex_swizzle rgba[4] = {LSGPU_TEX_SWIZZLE_CHANNEL0, LSGPU_TEX_SWIZZLE_CHANNEL1,
                                      LSGPU_TEX_SWIZZLE_CHANNEL2, LSGPU_TEX_SWIZZLE_CHANNEL3},
                           swapped[4] = {LSGPU_TEX_SWIZZLE_CHANNEL2, LSGPU_TEX_SWIZZLE_CHANNEL1,
                                         LSGPU_TEX_SWIZZLE_CHANNEL0, LSGPU_TEX_SWIZZLE_CHANNEL3};
   for (unsigned c = 0; c < 4; c++)
      t.swizzle[c] = bgra ? swapped[c] : rgba[c];
   lsgpu_sampler s = {};
   s.normalized = true;
   s.mip_filter = LSGPU_FILTER_NONE;
   s.max_lod = 1000.0f;
   uint32_t dw[LSGPU_TEX_ENTRY_BYTES / 4] = {};
   lsgpu_pack_texture(dw, &t);
   lsgpu_pack_sampler(dw + LSGPU_TEXTURE_LENGTH, &s);
   memcpy(&table[LSGPU_TEX_ENTRY_BYTES * unit], dw, sizeof(dw));
}

/* One DISPATCH of binary b at kCode with the table at kTable and stacks at kStack:
 * groups_x workgroups of local_x × local_y invocations. */
lsgpu_dispatch
dispatch_of(const Binary &b, uint32_t local_x, uint32_t local_y, uint32_t groups_x)
{
   lsgpu_dispatch d = {};
   d.code_va = kCode;
   d.code_size = (uint32_t)b.code.size();
   d.local_x = local_x;
   d.local_y = local_y;
   d.local_z = 1;
   d.groups_x = groups_x;
   d.groups_y = d.groups_z = 1;
   d.descriptors_va = kTable;
   d.stack_va = kStack;
   d.stack_size = b.info.stack_size;
   return d;
}

} // namespace

/* An 8x8 RGBA8 source image is mirrored into a BGRA8 destination image, mixed with
 * texel fetches from level 1 of a two-level texture and the texture's level-1 size;
 * work items outside the 8x8 image (a 16x8 grid) load zero and their stores are
 * dropped, and the image-store counter counts only the stores that landed. */
TEST(CompilerImage, FetchSizeLoadAndStore)
{
   Binary b = compile_glsl(R"(#version 430
layout(local_size_x = 8, local_size_y = 8) in;
layout(rgba8, binding = 0) uniform readonly image2D src;
layout(rgba8, binding = 1) uniform writeonly image2D dst;
uniform sampler2D tex;
void main() {
   ivec2 p = ivec2(gl_GlobalInvocationID.xy);
   ivec2 size = imageSize(dst);
   vec4 a = imageLoad(src, p);
   vec4 t = texelFetch(tex, p / 2, 1);
   ivec2 ts = textureSize(tex, 1);
   imageStore(dst, ivec2(size.x - 1 - p.x, p.y), a * 0.5 + t * 0.25 + vec4(ts, 0, 0) / 64.0);
})",
                           ".comp");
   ASSERT_TRUE(b.ok()) << b.log;

   std::vector<uint8_t> code(b.code), stack(2 * 64 * 1024), table(LSGPU_TEX_ENTRY_BYTES * 130),
      tex(4096), src(512), dst(512, 0xee);
   /* src: RGBA8, pitch 64 (8 texels of 4 bytes, rounded up to 64). */
   for (unsigned y = 0; y < 8; y++)
      for (unsigned x = 0; x < 8; x++)
         for (unsigned c = 0; c < 4; c++)
            src[y * 64 + x * 4 + c] = (uint8_t)(x * 30 + y * 4 + c * 50);
   /* tex: 8x8 level 0 (256 bytes at pitch 64... 8 rows of 64), then 4x4 level 1. */
   const unsigned level1 = 8 * 64;
   for (unsigned y = 0; y < 4; y++)
      for (unsigned x = 0; x < 4; x++)
         for (unsigned c = 0; c < 4; c++)
            tex[level1 + y * 64 + x * 4 + c] = (uint8_t)(255 - x * 40 - y * 10 - c * 20);
   describe(table, 0, kTex, LSGPU_TFMT_R8G8B8A8_UNORM, 8, 8, 1);
   describe(table, LSGPU_IMAGE_UNIT_BASE + 0, kSrc, LSGPU_TFMT_R8G8B8A8_UNORM, 8, 8, 0);
   describe(table, LSGPU_IMAGE_UNIT_BASE + 1, kDst, LSGPU_TFMT_R8G8B8A8_UNORM, 8, 8, 0, true);

   sim::AddressSpace as;
   as.map(kCode, code.size(), code.data(), false);
   as.map(kStack, stack.size(), stack.data());
   as.map(kTable, table.size(), table.data(), false);
   as.map(kTex, tex.size(), tex.data(), false);
   as.map(kSrc, src.size(), src.data(), false);
   as.map(kDst, dst.size(), dst.data());
   const lsgpu_dispatch d = dispatch_of(b, 8, 8, 2); /* x 8..15 is outside both images */
   sim::Counters counters;
   sim::GpuClock clock;
   ASSERT_EQ(sim::compute_dispatch(d, as, counters, clock), LSGPU_FAULT_NONE);
   EXPECT_EQ(counters.image_stores.load(), 64u);

   auto unorm = [](uint8_t v) { return v / 255.0f; };
   unsigned wrong = 0;
   for (unsigned y = 0; y < 8; y++) {
      for (unsigned x = 0; x < 8; x++) {
         /* Written by work item (7 - x, y); BGRA in memory. */
         const unsigned px = 7 - x;
         float want[4];
         for (unsigned c = 0; c < 4; c++) {
            const float a = unorm(src[y * 64 + px * 4 + c]);
            const float t = unorm(tex[level1 + (y / 2) * 64 + (px / 2) * 4 + c]);
            const float ts = c == 0 || c == 1 ? 4.0f / 64.0f : 0.0f;
            want[c] = std::fmin(1.0f, a * 0.5f + t * 0.25f + ts);
         }
         const unsigned mem[4] = {2, 1, 0, 3}; /* memory channel of result R, G, B, A */
         for (unsigned c = 0; c < 4; c++) {
            const int got = dst[y * 64 + x * 4 + mem[c]];
            if (std::abs(got - (int)std::lround(want[c] * 255.0f)) > 1 && wrong++ < 4)
               ADD_FAILURE() << "texel " << x << "," << y << " channel " << c << ": " << got
                             << ", want " << want[c] * 255.0f;
         }
      }
      /* Bytes past the 8 texels of a row (pitch padding) are untouched. */
      for (unsigned pad = 32; pad < 64; pad++)
         wrong += dst[y * 64 + pad] != 0xee;
   }
   EXPECT_EQ(wrong, 0u);
}

/* A store to a read-only buffer faults the job like any write to it; a unit past the
 * table's 256 entries faults (MMU). */
TEST(CompilerImage, StoreFaults)
{
   Binary b = compile_glsl(R"(#version 430
layout(local_size_x = 1) in;
layout(rgba8, binding = 0) uniform writeonly image2D dst;
void main() { imageStore(dst, ivec2(1, 1), vec4(1.0)); })",
                           ".comp");
   ASSERT_TRUE(b.ok()) << b.log;
   std::vector<uint8_t> code(b.code), stack(4096), table(LSGPU_TEX_ENTRY_BYTES * 130), dst(512);
   describe(table, LSGPU_IMAGE_UNIT_BASE, kDst, LSGPU_TFMT_R8G8B8A8_UNORM, 8, 8, 0);
   sim::AddressSpace as;
   as.map(kCode, code.size(), code.data(), false);
   as.map(kStack, stack.size(), stack.data());
   as.map(kTable, table.size(), table.data(), false);
   as.map(kDst, dst.size(), dst.data(), false); /* read-only */
   const lsgpu_dispatch d = dispatch_of(b, 1, 1, 1);
   sim::Counters counters;
   sim::GpuClock clock;
   EXPECT_EQ(sim::compute_dispatch(d, as, counters, clock), LSGPU_FAULT_MMU_READ_ONLY);
   EXPECT_EQ(counters.image_stores.load(), 0u);
}

/* Image atomics on 32-bit integer images: 64 invocations add into the 8 texels of a
 * 4x2 r32ui image (each returns the value before its add), take minima in a 2x1x3
 * r32i array, and aim a compare-and-swap and an add outside the image, which touch
 * nothing and return 0. The texel addresses come from the descriptor and the
 * hardware's layout (pitch 64 here, layers a row apart). */
TEST(CompilerImage, Atomics)
{
   Binary b = compile_glsl(R"(#version 430
layout(local_size_x = 8, local_size_y = 8) in;
layout(r32ui, binding = 0) uniform uimage2D hist;
layout(r32i, binding = 1) uniform iimage2DArray mins;
layout(std430, binding = 0) buffer Out { uint before[64]; uint outside[64]; };
void main() {
   ivec2 p = ivec2(gl_GlobalInvocationID.xy);
   uint i = gl_LocalInvocationIndex;
   before[i] = imageAtomicAdd(hist, ivec2(p.x % 4, p.y % 2), 1u);
   imageAtomicMin(mins, ivec3(p.x % 2, 0, p.y % 3), -int(i));
   outside[i] = imageAtomicCompSwap(hist, ivec2(4, 0), 0u, 5u) +
                imageAtomicAdd(hist, ivec2(-1, 1), 1u) + 7u;
})",
                           ".comp");
   ASSERT_TRUE(b.ok()) << b.log;
   constexpr uint32_t kBuffers = 0xa0000, kOut = 0xb0000;
   std::vector<uint8_t> code(b.code), stack(2 * 64 * 1024), table(LSGPU_TEX_ENTRY_BYTES * 130),
      hist(2 * 64, 0), mins(3 * 64, 0), out(512, 0xee);
   std::vector<uint32_t> buffers = {kOut, (uint32_t)out.size()}; /* entry 0: address, size */
   describe(table, LSGPU_IMAGE_UNIT_BASE + 0, kSrc, LSGPU_TFMT_R32_UINT, 4, 2, 0);
   describe(table, LSGPU_IMAGE_UNIT_BASE + 1, kDst, LSGPU_TFMT_R32_SINT, 2, 1, 0, false,
            LSGPU_TEX_TARGET_2D_ARRAY, 3);
   sim::AddressSpace as;
   as.map(kCode, code.size(), code.data(), false);
   as.map(kStack, stack.size(), stack.data());
   as.map(kTable, table.size(), table.data(), false);
   as.map(kSrc, hist.size(), hist.data());
   as.map(kDst, mins.size(), mins.data());
   as.map(kBuffers, 4 * buffers.size(), (uint8_t *)buffers.data(), false);
   as.map(kOut, out.size(), out.data());
   lsgpu_dispatch d = dispatch_of(b, 8, 8, 1);
   d.buffers_va = kBuffers;
   sim::Counters counters;
   sim::GpuClock clock;
   ASSERT_EQ(sim::compute_dispatch(d, as, counters, clock), LSGPU_FAULT_NONE);

   auto word = [](const std::vector<uint8_t> &v, size_t byte) {
      uint32_t w;
      memcpy(&w, &v[byte], 4);
      return w;
   };
   /* Each texel got 8 adds; the values returned to its invocations are 0..7. */
   std::vector<unsigned> seen(8 * 8, 0);
   for (unsigned i = 0; i < 64; i++) {
      const unsigned x = i % 8, y = i / 8, texel = (y % 2) * 4 + x % 4;
      const uint32_t v = word(out, 4 * i);
      ASSERT_LT(v, 8u) << "invocation " << i;
      seen[texel * 8 + v]++;
      EXPECT_EQ(word(out, 256 + 4 * i), 7u) << "invocation " << i << ": outside returns 0";
   }
   for (unsigned t = 0; t < 8; t++) {
      EXPECT_EQ(word(hist, (t / 4) * 64 + (t % 4) * 4), 8u) << "texel " << t;
      for (unsigned v = 0; v < 8; v++)
         EXPECT_EQ(seen[t * 8 + v], 1u) << "texel " << t << " returned " << v;
   }
   /* Nothing outside the 4 texels of a row (the pitch padding) changed. */
   for (unsigned y = 0; y < 2; y++)
      for (unsigned pad = 16; pad < 64; pad += 4)
         EXPECT_EQ(word(hist, y * 64 + pad), 0u);
   for (unsigned layer = 0; layer < 3; layer++)
      for (unsigned x = 0; x < 2; x++) {
         int want = 0;
         for (unsigned i = 0; i < 64; i++)
            if (i % 8 % 2 == x && i / 8 % 3 == layer)
               want = std::min(want, -(int)i);
         EXPECT_EQ((int32_t)word(mins, layer * 64 + x * 4), want) << x << ", layer " << layer;
      }
}
