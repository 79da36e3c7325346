/* SPDX-License-Identifier: MIT */

/* DRAW through the command processor with shaders compiled by lsgpu-compile: vertex
 * fetch, vertex shader, clipping, rasterizer, varying interpolation, fragment shader,
 * depth test and colour write, checked pixel by pixel against the host. */

#include <cmath>
#include <algorithm>
#include <cstring>

#include <gtest/gtest.h>

#include "common/host_threads.h"
#include "gpu/frontend/command_processor.h"
#include "lsgpu_link.h"
#include "shader_rig.h"

using namespace lsgpu::test;
namespace sim = lsgpu::sim;

namespace
{

constexpr unsigned kW = 32, kH = 32;

/* Built-in varyings: each stage is compiled alone, and the GLSL linker keeps built-in
 * outputs of a lone vertex shader (a fixed-function fragment stage could read them). */
const char *kVs = R"(
void main() {
   gl_Position = gl_Vertex;
   gl_FrontColor = gl_Color;
})";
const char *kFs = R"(
void main() { gl_FragColor = gl_Color; }
)";

/* One GPU memory with everything a draw needs at fixed addresses. */
struct DrawRig {
   static constexpr uint32_t kState = 0x10000, kElems = 0x10400, kRts = 0x10800, kVsCode = 0x20000,
                             kFsCode = 0x30000, kVerts = 0x40000, kIndices = 0x48000,
                             kStack = 0x50000, kRt = 0x100000, kZs = 0x200000, kQuery = 0x300000;
   static constexpr uint32_t kVertsBytes = kIndices - kVerts, kIndicesBytes = kStack - kIndices;
   std::vector<uint8_t> mem = std::vector<uint8_t>(0x400000, 0);
   sim::AddressSpace as;
   uint32_t regs[LSGPU_REG_FILE_SIZE / 4] = {};
   sim::Counters counters;
   lsgpu_draw_state st = {};
   Binary vs, fs;

   DrawRig(const char *vs_src, const char *fs_src)
   {
      as.map(0x10000, mem.size() - 0x10000, mem.data() + 0x10000);
      vs = compile_glsl(vs_src, ".vert");
      fs = compile_glsl(fs_src, ".frag");
      if (!vs.ok() || !fs.ok())
         return;
      memcpy(&mem[kVsCode], vs.code.data(), vs.code.size());
      memcpy(&mem[kFsCode], fs.code.data(), fs.code.size());
      st.vs_code_va = kVsCode;
      st.vs_code_size = (uint32_t)vs.code.size();
      st.fs_code_va = kFsCode;
      st.fs_code_size = (uint32_t)fs.code.size();
      st.stack_va = kStack;
      st.stack_size = std::max(vs.info.stack_size, fs.info.stack_size);
      st.elements_va = kElems;
      st.rt_va = kRts;
      st.num_rts = 1;
      st.width = kW;
      st.height = kH;
      st.scissor_max_x = kW;
      st.scissor_max_y = kH;
      /* Gallium-style viewport: NDC −1..1 → pixels 0..W, y down. */
      const float scale[3] = {kW / 2.0f, kH / 2.0f, 0.5f},
                  translate[3] = {kW / 2.0f, kH / 2.0f, 0.5f};
      std::copy(scale, scale + 3, st.viewport_scale);
      std::copy(translate, translate + 3, st.viewport_translate);
      st.depth_func = LSGPU_FUNC_ALWAYS;
      st.fs_writes_depth = fs.info.flags & LSGPU_SHADER_WRITES_DEPTH;
      st.fs_color_broadcast = fs.info.flags & LSGPU_SHADER_COLOR_BROADCAST;
      st.fs_writes_stencil = fs.info.flags & LSGPU_SHADER_WRITES_STENCIL;
      /* Link fragment inputs to vertex outputs by location, as the driver does. */
      lsgpu_link_shaders(&vs.info, &fs.info, false, &st);
      lsgpu_render_target rt = {};
      rt.va = kRt;
      rt.pitch = kW * 4;
      rt.format = LSGPU_TFMT_R8G8B8A8_UNORM;
      rt.write_mask = 0xf;
      /* Memory channel m stores colour m. */
      rt.swizzle[0] = LSGPU_RT_SWIZZLE_R;
      rt.swizzle[1] = LSGPU_RT_SWIZZLE_G;
      rt.swizzle[2] = LSGPU_RT_SWIZZLE_B;
      rt.swizzle[3] = LSGPU_RT_SWIZZLE_A;
      lsgpu_pack_render_target((uint32_t *)&mem[kRts], &rt);
      /* Elements: position then colour, four floats each, interleaved. */
      for (unsigned e = 0; e < 2; e++) {
         const int slot = vs.input_slot(e == 0 ? ATTRIB_POS : ATTRIB_COLOR0);
         lsgpu_vertex_element el = {kVerts + 16u * e, 32, LSGPU_VFMT_R32G32B32A32_FLOAT, 0,
                                    kVertsBytes - 16u * e};
         if (slot >= 0)
            lsgpu_pack_vertex_element(
               (uint32_t *)&mem[kElems + 4 * LSGPU_VERTEX_ELEMENT_LENGTH * slot], &el);
      }
      st.num_elements = 2;
   }

   /* Points the colour attribute at va: vertex i's colour at va + 32 i. */
   bool colours_at(uint64_t va)
   {
      const int slot = vs.input_slot(ATTRIB_COLOR0);
      if (slot < 0)
         return false;
      lsgpu_vertex_element el = {va, 32, LSGPU_VFMT_R32G32B32A32_FLOAT, 0, 1u << 20};
      lsgpu_pack_vertex_element((uint32_t *)&mem[kElems + 4 * LSGPU_VERTEX_ELEMENT_LENGTH * slot],
                                &el);
      return true;
   }
   void vertex(unsigned i, const float pos[4], const float color[4])
   {
      memcpy(&mem[kVerts + 32 * i], pos, 16);
      memcpy(&mem[kVerts + 32 * i + 16], color, 16);
   }
   uint32_t pixel(unsigned x, unsigned y) const
   {
      uint32_t v;
      memcpy(&v, &mem[kRt + (y * kW + x) * 4], 4);
      return v;
   }

   sim::JobResult draw(uint32_t mode, uint32_t count, uint32_t index_size = 0, bool query = false)
   {
      lsgpu_pack_draw_state((uint32_t *)&mem[kState], &st);
      std::vector<uint32_t> cmds(1 + LSGPU_DRAW_LENGTH);
      lsgpu_draw d = {};
      d.state_va = kState;
      d.mode = (lsgpu_prim)mode;
      d.count = count;
      d.instance_count = 1;
      d.index_va = kIndices;
      d.index_size = index_size;
      d.index_buffer_size = kIndicesBytes;
      lsgpu_pack_draw(cmds.data(), &d);
      if (query) {
         cmds.resize(cmds.size() + 1 + LSGPU_OCCLUSION_WRITE_LENGTH);
         lsgpu_occlusion_write o = {kQuery};
         lsgpu_pack_occlusion_write(&cmds[1 + LSGPU_DRAW_LENGTH], &o);
      }
      sim::JobEnv env{as, regs, counters, sim::GpuClock()};
      return sim::command_processor_execute(cmds.data(), cmds.size(), env);
   }
};

/* Calls draw(threads, fault_va) with 1 and with 4 host threads, the rig's job faults
 * recorded in fault_va. */
template <typename F>
void
with_one_and_four_threads(DrawRig &rig, F &&draw)
{
   const unsigned threads = sim::host_threads();
   for (unsigned t : {1u, 4u}) {
      sim::host_threads_set(t);
      auto fault_va = std::make_shared<std::atomic<uint64_t>>(0);
      rig.as.record_faults(fault_va);
      draw(t, *fault_va);
   }
   sim::host_threads_set(threads);
}

uint32_t
rgba8(float r, float g, float b, float a)
{
   auto u = [](float c) { return (uint32_t)std::lround(std::min(1.0f, std::max(0.0f, c)) * 255); };
   return u(r) | u(g) << 8 | u(b) << 16 | u(a) << 24;
}

} // namespace

TEST(CompilerDraw, FullScreenQuadCoversEveryPixelOnce)
{
   DrawRig rig(kVs, kFs);
   ASSERT_TRUE(rig.vs.ok()) << rig.vs.log;
   ASSERT_TRUE(rig.fs.ok()) << rig.fs.log;
   const float p[4][4] = {{-1, -1, 0, 1}, {1, -1, 0, 1}, {1, 1, 0, 1}, {-1, 1, 0, 1}};
   const float red[4] = {1, 0, 0, 1};
   for (unsigned i = 0; i < 4; i++)
      rig.vertex(i, p[i], red);
   /* Two triangles of a fan sharing the diagonal; the samples-passed counter proves
    * that every pixel was written exactly once (GL's shared-edge rule). */
   sim::JobResult r = rig.draw(LSGPU_PRIM_TRIANGLE_FAN, 4, 0, true);
   ASSERT_EQ(r.fault, LSGPU_FAULT_NONE);
   uint64_t passed;
   memcpy(&passed, &rig.mem[DrawRig::kQuery], 8);
   EXPECT_EQ(passed, (uint64_t)kW * kH);
   for (unsigned y = 0; y < kH; y++)
      for (unsigned x = 0; x < kW; x++)
         ASSERT_EQ(rig.pixel(x, y), rgba8(1, 0, 0, 1)) << x << "," << y;
   EXPECT_GT(rig.counters.lane_instructions.load(), 0u);
}

TEST(CompilerDraw, ColoursInterpolatePerspectiveCorrect)
{
   DrawRig rig(kVs, kFs);
   ASSERT_TRUE(rig.vs.ok() && rig.fs.ok());
   /* A triangle with w varying per vertex: colours interpolate in clip space. */
   const float p[3][4] = {{-2, -2, 0, 2}, {1, -1, 0, 1}, {-0.5f, 0.5f, 0, 0.5f}};
   const float c[3][4] = {{1, 0, 0, 1}, {0, 1, 0, 1}, {0, 0, 1, 1}};
   for (unsigned i = 0; i < 3; i++)
      rig.vertex(i, p[i], c[i]);
   ASSERT_EQ(rig.draw(LSGPU_PRIM_TRIANGLES, 3).fault, LSGPU_FAULT_NONE);
   /* Host reference: screen positions, barycentrics, then perspective correction. */
   float sx[3], sy[3];
   for (unsigned i = 0; i < 3; i++) {
      sx[i] = p[i][0] / p[i][3] * kW / 2 + kW / 2;
      sy[i] = p[i][1] / p[i][3] * kH / 2 + kH / 2;
   }
   const float area = (sx[1] - sx[0]) * (sy[2] - sy[0]) - (sx[2] - sx[0]) * (sy[1] - sy[0]);
   unsigned inside = 0;
   for (unsigned y = 0; y < kH; y++) {
      for (unsigned x = 0; x < kW; x++) {
         const float px = x + 0.5f, py = y + 0.5f;
         float b[3];
         for (unsigned i = 0; i < 3; i++) {
            const unsigned j = (i + 1) % 3, k = (i + 2) % 3;
            b[i] = ((sx[j] - px) * (sy[k] - py) - (sx[k] - px) * (sy[j] - py)) / area;
         }
         const bool in = b[0] > 1e-4f && b[1] > 1e-4f && b[2] > 1e-4f;
         const bool out = b[0] < -1e-4f || b[1] < -1e-4f || b[2] < -1e-4f;
         if (out) {
            EXPECT_EQ(rig.pixel(x, y), 0u) << x << "," << y;
            continue;
         }
         if (!in)
            continue; /* on an edge: the top-left rule decides */
         inside++;
         float q = 0, col[4] = {};
         for (unsigned i = 0; i < 3; i++)
            q += b[i] / p[i][3];
         for (unsigned ch = 0; ch < 4; ch++) {
            for (unsigned i = 0; i < 3; i++)
               col[ch] += b[i] / p[i][3] * c[i][ch];
            col[ch] /= q;
         }
         const uint32_t got = rig.pixel(x, y), want = rgba8(col[0], col[1], col[2], col[3]);
         for (unsigned ch = 0; ch < 4; ch++)
            EXPECT_NEAR((int)(got >> (8 * ch) & 0xff), (int)(want >> (8 * ch) & 0xff), 1)
               << x << "," << y << " channel " << ch;
      }
   }
   EXPECT_GT(inside, 50u);
}

TEST(CompilerDraw, DepthTestKeepsTheNearerTriangle)
{
   DrawRig rig(kVs, kFs);
   ASSERT_TRUE(rig.vs.ok() && rig.fs.ok());
   rig.st.zs_va = DrawRig::kZs;
   rig.st.zs_pitch = kW * 4;
   rig.st.zs_format = LSGPU_ZFMT_Z32_FLOAT;
   rig.st.depth_func = LSGPU_FUNC_LESS;
   rig.st.depth_write = true;
   for (unsigned i = 0; i < kW * kH; i++) {
      const float one = 1.0f;
      memcpy(&rig.mem[DrawRig::kZs + 4 * i], &one, 4);
   }
   /* Indexed: a near green quad on the left half drawn after a far red full quad, then
    * a farther blue full quad that must lose everywhere. */
   const float quads[3][4][4] = {
      {{-1, -1, 0.5f, 1}, {1, -1, 0.5f, 1}, {1, 1, 0.5f, 1}, {-1, 1, 0.5f, 1}},
      {{-1, -1, -0.5f, 1}, {0, -1, -0.5f, 1}, {0, 1, -0.5f, 1}, {-1, 1, -0.5f, 1}},
      {{-1, -1, 0.8f, 1}, {1, -1, 0.8f, 1}, {1, 1, 0.8f, 1}, {-1, 1, 0.8f, 1}}};
   const float colors[3][4] = {{1, 0, 0, 1}, {0, 1, 0, 1}, {0, 0, 1, 1}};
   const uint16_t idx[6] = {0, 1, 2, 0, 2, 3};
   for (unsigned q = 0; q < 3; q++) {
      for (unsigned i = 0; i < 4; i++)
         rig.vertex(i, quads[q][i], colors[q]);
      memcpy(&rig.mem[DrawRig::kIndices], idx, sizeof(idx));
      ASSERT_EQ(rig.draw(LSGPU_PRIM_TRIANGLES, 6, 2).fault, LSGPU_FAULT_NONE);
   }
   for (unsigned y = 0; y < kH; y++)
      for (unsigned x = 0; x < kW; x++)
         ASSERT_EQ(rig.pixel(x, y), x < kW / 2 ? rgba8(0, 1, 0, 1) : rgba8(1, 0, 0, 1))
            << x << "," << y;
   float z;
   memcpy(&z, &rig.mem[DrawRig::kZs + 4 * (5 * kW + 3)], 4);
   EXPECT_FLOAT_EQ(z, 0.25f); /* NDC −0.5 → window 0.25 */
}

TEST(CompilerDraw, DiscardAndCullingAndBadState)
{
   DrawRig rig(kVs, R"(
void main() {
   if (gl_FragCoord.x < 8.0) discard;
   gl_FragColor = gl_Color;
})");
   ASSERT_TRUE(rig.fs.ok()) << rig.fs.log;
   const float p[3][4] = {{-1, -1, 0, 1}, {3, -1, 0, 1}, {-1, 3, 0, 1}};
   const float white[4] = {1, 1, 1, 1};
   for (unsigned i = 0; i < 3; i++)
      rig.vertex(i, p[i], white);
   ASSERT_EQ(rig.draw(LSGPU_PRIM_TRIANGLES, 3).fault, LSGPU_FAULT_NONE);
   for (unsigned x = 0; x < kW; x++)
      EXPECT_EQ(rig.pixel(x, 3), x < 8 ? 0u : rgba8(1, 1, 1, 1)) << x;

   /* Culling: seen with row 0 at the top this triangle is clockwise, so with
    * front_ccw it is a back face. */
   std::fill(rig.mem.begin() + DrawRig::kRt, rig.mem.begin() + DrawRig::kRt + kW * kH * 4, 0);
   rig.st.front_ccw = true;
   rig.st.cull = LSGPU_CULL_BACK;
   ASSERT_EQ(rig.draw(LSGPU_PRIM_TRIANGLES, 3).fault, LSGPU_FAULT_NONE);
   EXPECT_EQ(rig.pixel(20, 3), 0u);
   rig.st.cull = LSGPU_CULL_FRONT;
   ASSERT_EQ(rig.draw(LSGPU_PRIM_TRIANGLES, 3).fault, LSGPU_FAULT_NONE);
   EXPECT_EQ(rig.pixel(20, 3), rgba8(1, 1, 1, 1));

   /* A state descriptor outside memory, an unknown format, a fragment input link with
    * reserved bits: faults, no crash. */
   rig.st.rt_va = 0xdead0000;
   EXPECT_EQ(rig.draw(LSGPU_PRIM_TRIANGLES, 3).fault, LSGPU_FAULT_MMU);
   rig.st.rt_va = DrawRig::kRts;
   rig.st.zs_format = (lsgpu_zfmt)7; /* fits the field, not in ZFMT */
   EXPECT_EQ(rig.draw(LSGPU_PRIM_TRIANGLES, 3).fault, LSGPU_FAULT_BAD_ARGUMENT);
   rig.st.zs_format = LSGPU_ZFMT_NONE;
   const uint32_t link = rig.st.fs_input_slot[0];
   rig.st.fs_input_slot[0] = LSGPU_IO_SLOTS; /* past the last slot, not LSGPU_FS_INPUT_NONE */
   EXPECT_EQ(rig.draw(LSGPU_PRIM_LINES, 2).fault, LSGPU_FAULT_BAD_ARGUMENT);
   rig.st.fs_input_slot[0] = link;
   EXPECT_EQ(rig.draw(LSGPU_PRIM_LINES, 2).fault, LSGPU_FAULT_NONE);
}

/* An input no vertex output feeds reads (0, 0, 0, 1), also in a draw after one that
 * fed it: the rasterizer fills only the linked slots of a quad, and a core's input
 * block, reused from draw to draw, has the slots after them reset. */
TEST(CompilerDraw, AnUnlinkedInputReadsZeroZeroZeroOneAfterALinkedDraw)
{
   DrawRig rig(kVs, R"(
void main() {
   gl_FragColor = gl_Color;
})");
   ASSERT_TRUE(rig.fs.ok()) << rig.fs.log;
   const float p[3][4] = {{-1, -1, 0, 1}, {3, -1, 0, 1}, {-1, 3, 0, 1}};
   const float color[4] = {1, 1, 0, 0};
   for (unsigned i = 0; i < 3; i++)
      rig.vertex(i, p[i], color);
   ASSERT_EQ(rig.draw(LSGPU_PRIM_TRIANGLES, 3).fault, LSGPU_FAULT_NONE);
   EXPECT_EQ(rig.pixel(5, 5), rgba8(1, 1, 0, 0));
   unsigned unlinked = 0;
   for (unsigned i = 0; i < LSGPU_MAX_VARYINGS; i++) {
      if (rig.st.fs_input_slot[i] != LSGPU_FS_INPUT_NONE) {
         rig.st.fs_input_slot[i] = LSGPU_FS_INPUT_NONE;
         unlinked++;
      }
   }
   ASSERT_GT(unlinked, 0u);
   ASSERT_EQ(rig.draw(LSGPU_PRIM_TRIANGLES, 3).fault, LSGPU_FAULT_NONE);
   for (unsigned y = 0; y < kH; y += 7)
      for (unsigned x = 0; x < kW; x += 5)
         ASSERT_EQ(rig.pixel(x, y), rgba8(0, 0, 0, 1)) << x << "," << y;
}

/* A wide line that leaves the viewport keeps its width inside: clipped at the edge, a
 * y-major line's rows near the edge would lose the pixels its width puts inside
 * (dEQP-GLES2's wide line strips). Here the line's centre lies beyond the right edge
 * for its first sixteen rows, and its five-pixel rows still reach column 31. */
TEST(CompilerDraw, AWideLineLeavingTheViewportKeepsItsWidthInside)
{
   DrawRig rig(kVs, kFs);
   ASSERT_TRUE(rig.fs.ok()) << rig.fs.log;
   const float p[2][4] = {{1.1f, -1, 0, 1}, {0.9f, 1, 0, 1}};
   const float white[4] = {1, 1, 1, 1};
   for (unsigned i = 0; i < 2; i++)
      rig.vertex(i, p[i], white);
   rig.st.line_width = 5.0f;
   ASSERT_EQ(rig.draw(LSGPU_PRIM_LINES, 2).fault, LSGPU_FAULT_NONE);
   for (unsigned y = 0; y < kH; y++) {
      /* The centre at row y is at 33.6 − 0.1 (y + ½) pixels. */
      EXPECT_EQ(rig.pixel(31, y), rgba8(1, 1, 1, 1)) << "row " << y;
      EXPECT_EQ(rig.pixel(27, y), 0u) << "row " << y;
   }
}

/* A batch's vertex warps are dealt to the four cores, which shade side by side: a
 * fault is still the one of the first warp that faults, at its address, with any
 * number of host threads. Vertex 400's colour is the first past the job's memory. */
TEST(CompilerDraw, VertexWarpsOnTheCoresFaultAsTheyWouldInOrder)
{
   DrawRig rig(kVs, kFs);
   ASSERT_TRUE(rig.vs.ok() && rig.fs.ok()) << rig.vs.log << rig.fs.log;
   constexpr unsigned kVertices = 600;
   const float p[4] = {0, 0, 0, 1}, white[4] = {1, 1, 1, 1};
   for (unsigned i = 0; i < kVertices; i++)
      rig.vertex(i, p, white);
   const uint64_t end = 0x400000; /* DrawRig maps [0x10000, 0x400000) */
   ASSERT_TRUE(rig.colours_at(end - 32 * 400));
   with_one_and_four_threads(rig, [&](unsigned t, std::atomic<uint64_t> &fault_va) {
      EXPECT_EQ(rig.draw(LSGPU_PRIM_TRIANGLES, kVertices).fault, LSGPU_FAULT_MMU) << t;
      EXPECT_EQ(fault_va.load(), end) << t << " host threads";
   });
}

/* A wide point whose centre is just outside the view volume still draws the part of
 * it inside the viewport, and nothing outside the viewport (dEQP-GLES2's clipping
 * tests, llvmpipe's guard band). */
TEST(CompilerDraw, AWidePointAcrossTheViewportEdgeDrawsItsPartInside)
{
   DrawRig rig(kVs, kFs);
   ASSERT_TRUE(rig.vs.ok() && rig.fs.ok()) << rig.vs.log << rig.fs.log;
   const float p[4] = {1.05f, 0.06f, 0, 1}, white[4] = {1, 1, 1, 1};
   rig.vertex(0, p, white);
   rig.st.point_size = 6.0f;
   /* x = 16 + 16 · 1.05 = 32.8: the square spans 29.8 .. 35.8. */
   ASSERT_EQ(rig.draw(LSGPU_PRIM_POINTS, 1).fault, LSGPU_FAULT_NONE);
   const unsigned y = 17; /* 16 + 16 · 0.06 = 17, rows 14 .. 19 */
   EXPECT_EQ(rig.pixel(29, y), 0u);
   EXPECT_EQ(rig.pixel(30, y), rgba8(1, 1, 1, 1));
   EXPECT_EQ(rig.pixel(31, y), rgba8(1, 1, 1, 1));
   /* The viewport is the left half: x = 8 + 8 · 1.05 = 16.4, the square 13.4 .. 19.4. */
   std::fill(rig.mem.begin() + DrawRig::kRt, rig.mem.begin() + DrawRig::kRt + kW * kH * 4, 0);
   rig.st.viewport_scale[0] = 8.0f;
   rig.st.viewport_translate[0] = 8.0f;
   ASSERT_EQ(rig.draw(LSGPU_PRIM_POINTS, 1).fault, LSGPU_FAULT_NONE);
   for (unsigned x = 13; x < 16; x++)
      EXPECT_EQ(rig.pixel(x, y), rgba8(1, 1, 1, 1)) << x;
   for (unsigned x = 16; x < 20; x++)
      EXPECT_EQ(rig.pixel(x, y), 0u) << x << " is outside the viewport";
}

/* A draw's batches are pipelined: a batch's vertices are shaded on host threads while
 * the batch before is drawn. A vertex fault in a later batch still ends the draw as
 * the batches in order would: every primitive of the batches before it drawn, none of
 * its own, the first faulting vertex's address, with any number of host threads. An
 * indexed mesh of two triangles per pixel: 64 per row of pixels, four rows a batch of
 * 256; the vertex colours past the job's memory start at grid row 13, which row 12 of
 * pixels (the fourth batch) is the first to use. */
TEST(CompilerDraw, APipelinedBatchFaultsAfterTheBatchesBeforeItAreDrawn)
{
   DrawRig rig(kVs, kFs);
   ASSERT_TRUE(rig.vs.ok() && rig.fs.ok()) << rig.vs.log << rig.fs.log;
   constexpr unsigned kColumns = kW + 1, kRows = 31, kPixelRows = kRows - 1;
   const float white[4] = {1, 1, 1, 1};
   for (unsigned gy = 0; gy < kRows; gy++) {
      for (unsigned gx = 0; gx < kColumns; gx++) {
         const float p[4] = {gx * 2.0f / kW - 1, gy * 2.0f / kH - 1, 0, 1};
         rig.vertex(gy * kColumns + gx, p, white);
      }
   }
   std::vector<uint32_t> indices;
   for (unsigned y = 0; y < kPixelRows; y++) {
      for (unsigned x = 0; x < kW; x++) {
         const uint32_t a = y * kColumns + x, b = a + 1, c = a + kColumns, d = c + 1;
         for (uint32_t i : {a, b, c, b, d, c})
            indices.push_back(i);
      }
   }
   ASSERT_LE(indices.size() * 4, DrawRig::kIndicesBytes);
   memcpy(&rig.mem[DrawRig::kIndices], indices.data(), indices.size() * 4);
   constexpr uint32_t kFirstBad = 13 * kColumns;
   const uint64_t end = 0x400000; /* DrawRig maps [0x10000, 0x400000) */
   ASSERT_TRUE(rig.colours_at(end - 32 * kFirstBad));
   with_one_and_four_threads(rig, [&](unsigned t, std::atomic<uint64_t> &fault_va) {
      const uint64_t before = rig.counters.primitives.load();
      EXPECT_EQ(rig.draw(LSGPU_PRIM_TRIANGLES, (uint32_t)indices.size(), 4).fault, LSGPU_FAULT_MMU)
         << t;
      EXPECT_EQ(fault_va.load(), end) << t << " host threads";
      EXPECT_EQ(rig.counters.primitives.load() - before, 3u * 256u) << t << " host threads";
   });
}
