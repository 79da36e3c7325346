/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: random command streams into the command processor, against an
 * address space of three BOs (one GPU-read-only) with indirect buffers in them.
 * Anything but a clean completion or a recorded fault (a crash, a hang, an ASan or
 * UBSan report, a leak) is a bug. Run with ./lsgpu fuzz cmdstream [SECONDS].
 */
#include <cstring>
#include <fuzzer/FuzzedDataProvider.h>
#include <vector>

#include "gpu/address_space.h"
#include "gpu/command_processor.h"
#include "gpu/counters.h"
#include "lsgpu_packets.h"

using namespace lsgpu::sim;

namespace
{

constexpr uint64_t kBoVa[3] = {0x100000, 0x200000, 0x300000};
constexpr size_t kBoSize = 16384;

/* A GPU address the fuzzer is likely to find interesting: inside, at the edge of or
 * just outside a BO, or anything at all. */
uint64_t
pick_va(FuzzedDataProvider &fdp)
{
   switch (fdp.ConsumeIntegralInRange<int>(0, 3)) {
   case 0:
      return fdp.ConsumeIntegral<uint64_t>();
   case 1:
      return kBoVa[fdp.ConsumeIntegralInRange<int>(0, 2)] + kBoSize -
             fdp.ConsumeIntegralInRange<uint32_t>(0, 64);
   default:
      return kBoVa[fdp.ConsumeIntegralInRange<int>(0, 2)] +
             fdp.ConsumeIntegralInRange<uint32_t>(0, kBoSize) / 4 * 4;
   }
}

uint32_t
small(FuzzedDataProvider &fdp, uint32_t max)
{
   return fdp.ConsumeBool() ? fdp.ConsumeIntegralInRange<uint32_t>(0, max)
                            : fdp.ConsumeIntegral<uint32_t>();
}

template <typename Pkt>
void
put(std::vector<uint32_t> &out, void (*pack)(uint32_t *, const Pkt *), const Pkt &p,
    uint32_t length)
{
   size_t at = out.size();
   out.resize(at + 1 + length);
   pack(&out[at], &p);
}

/* Mostly well-formed packets with fuzzed fields, some raw words. */
std::vector<uint32_t>
build_stream(FuzzedDataProvider &fdp, size_t max_words)
{
   std::vector<uint32_t> out;
   while (out.size() < max_words && fdp.remaining_bytes()) {
      switch (fdp.ConsumeIntegralInRange<int>(0, 12)) {
      case 0: {
         lsgpu_fill p = {
            pick_va(fdp), small(fdp, 256), small(fdp, 64), small(fdp, 64), small(fdp, 16), {}, {}};
         for (auto &v : p.value)
            v = fdp.ConsumeIntegral<uint32_t>();
         for (auto &m : p.mask)
            m = fdp.ConsumeIntegral<uint32_t>();
         put(out, lsgpu_pack_fill, p, LSGPU_FILL_LENGTH);
         break;
      }
      case 1: {
         lsgpu_copy p = {pick_va(fdp),    pick_va(fdp),    small(fdp, 512),
                         small(fdp, 512), small(fdp, 512), small(fdp, 32)};
         put(out, lsgpu_pack_copy, p, LSGPU_COPY_LENGTH);
         break;
      }
      case 2: {
         lsgpu_fence_write p = {pick_va(fdp), fdp.ConsumeIntegral<uint32_t>()};
         put(out, lsgpu_pack_fence_write, p, LSGPU_FENCE_WRITE_LENGTH);
         break;
      }
      case 3: {
         lsgpu_timestamp p = {pick_va(fdp)};
         put(out, lsgpu_pack_timestamp, p, LSGPU_TIMESTAMP_LENGTH);
         break;
      }
      case 4: {
         lsgpu_semaphore_wait p = {pick_va(fdp), small(fdp, 2), small(fdp, 2)};
         put(out, lsgpu_pack_semaphore_wait, p, LSGPU_SEMAPHORE_WAIT_LENGTH);
         break;
      }
      case 5: {
         lsgpu_call p = {pick_va(fdp), small(fdp, kBoSize / 4)};
         put(out, lsgpu_pack_call, p, LSGPU_CALL_LENGTH);
         break;
      }
      case 6: {
         lsgpu_cache_flush p = {small(fdp, 8)};
         put(out, lsgpu_pack_cache_flush, p, LSGPU_CACHE_FLUSH_LENGTH);
         break;
      }
      case 7: {
         lsgpu_reg_write p = {small(fdp, 0x20), fdp.ConsumeIntegral<uint32_t>()};
         put(out, lsgpu_pack_reg_write, p, LSGPU_REG_WRITE_LENGTH);
         break;
      }
      case 8: {
         lsgpu_reg_store p = {small(fdp, 0x20), pick_va(fdp)};
         put(out, lsgpu_pack_reg_store, p, LSGPU_REG_STORE_LENGTH);
         break;
      }
      case 9:
         out.push_back(LSGPU_PKT_HEADER(LSGPU_OP_NOP, small(fdp, 4)));
         break;
      case 11: {
         /* Shader code from the fuzzed BO contents: the shader core gets random
          * RISC-V, bounded by the job's watchdog. */
         lsgpu_dispatch p = {};
         p.code_va = pick_va(fdp);
         p.code_size = small(fdp, 256) & ~3u;
         p.local_x = small(fdp, 40);
         p.local_y = small(fdp, 2);
         p.local_z = small(fdp, 2);
         p.groups_x = small(fdp, 2);
         p.groups_y = small(fdp, 2);
         p.groups_z = 1;
         p.constants_va = pick_va(fdp);
         p.descriptors_va = pick_va(fdp);
         p.buffers_va = pick_va(fdp);
         p.shared_size = small(fdp, 256) & ~3u;
         p.stack_va = kBoVa[1] & ~15ull;
         p.stack_size = small(fdp, 64) & ~15u;
         put(out, lsgpu_pack_dispatch, p, LSGPU_DISPATCH_LENGTH);
         break;
      }
      case 10:
         out.push_back(fdp.ConsumeIntegral<uint32_t>());
         break;
      case 12: {
         lsgpu_occlusion_write p = {pick_va(fdp)};
         put(out, lsgpu_pack_occlusion_write, p, LSGPU_OCCLUSION_WRITE_LENGTH);
         break;
      }
      }
   }
   return out;
}

/* Draw mode's shaders, assembled by llvm-mc-15: the vertex shader copies input
 * slots 0 and 1 to output slots 0 and 1, the fragment shader copies input slot 2 to
 * colour output 0. Real programs, so fuzzed state reaches the rasterizer. */
const uint32_t kDrawVs[] = {0x00052283, 0x0055a023, 0x00452283, 0x0055a223, 0x00852283, 0x0055a423,
                            0x00c52283, 0x0055a623, 0x01052283, 0x0055a823, 0x00000067};
const uint32_t kDrawFs[] = {0x02052283, 0x0055a023, 0x02452283, 0x0055a223, 0x02852283,
                            0x0055a423, 0x02c52283, 0x0055a623, 0x00000067};

/* A DRAW with a fuzzed state descriptor, vertex elements and render targets in BO 0
 * and vertex/index data from the input in the read-only BO 2. */
std::vector<uint32_t>
build_draw(FuzzedDataProvider &fdp, std::vector<std::vector<uint8_t>> &bos)
{
   memcpy(bos[1].data(), kDrawVs, sizeof(kDrawVs));
   memcpy(bos[1].data() + 256, kDrawFs, sizeof(kDrawFs));
   lsgpu_draw_state st = {};
   st.vs_code_va = fdp.ConsumeBool() ? kBoVa[1] : pick_va(fdp);
   st.vs_code_size = sizeof(kDrawVs);
   st.fs_code_va = kBoVa[1] + 256;
   st.fs_code_size = sizeof(kDrawFs);
   st.stack_va = kBoVa[1] + 4096;
   st.stack_size = small(fdp, 64) & ~15u;
   st.elements_va = kBoVa[0] + 1024;
   st.num_elements = small(fdp, 3);
   st.num_vs_outputs = fdp.ConsumeIntegralInRange<uint32_t>(1, 18);
   for (unsigned i = 0; i < 16; i++)
      st.fs_inputs[i] = fdp.ConsumeBool() ? 1 | fdp.ConsumeIntegralInRange<uint32_t>(0, 2) << 8
                                          : fdp.ConsumeIntegral<uint32_t>();
   for (unsigned i = 0; i < 3; i++) {
      const float scale = fdp.ConsumeFloatingPoint<float>(),
                  translate = fdp.ConsumeFloatingPoint<float>();
      memcpy(&st.viewport_scale[i], &scale, 4);
      memcpy(&st.viewport_translate[i], &translate, 4);
   }
   st.scissor_min = small(fdp, 70);
   st.scissor_max = fdp.ConsumeIntegral<uint32_t>();
   st.cull = small(fdp, 3);
   st.front_ccw = small(fdp, 1);
   st.flat_first = small(fdp, 1);
   st.rt_va = kBoVa[0] + 2048;
   st.num_rts = small(fdp, 2);
   st.width = fdp.ConsumeIntegralInRange<uint32_t>(1, 64);
   st.height = fdp.ConsumeIntegralInRange<uint32_t>(1, 64);
   st.zs_va = pick_va(fdp);
   st.zs_pitch = small(fdp, 256);
   st.zs_format = small(fdp, 4);
   st.fs_flags = small(fdp, 15);
   st.depth_func = small(fdp, 7);
   st.depth_write = small(fdp, 1);
   st.stencil_enable = small(fdp, 2);
   st.stencil_front = small(fdp, 0xfff);
   st.stencil_back = small(fdp, 0xfff);
   st.stencil_masks_front = fdp.ConsumeIntegral<uint32_t>() & 0xffffff;
   st.stencil_masks_back = fdp.ConsumeIntegral<uint32_t>() & 0xffffff;
   st.point_size = fdp.ConsumeFloatingPoint<float>();
   st.line_width = fdp.ConsumeFloatingPoint<float>();
   st.raster_flags = small(fdp, 7);
   st.clip_enable = small(fdp, 255);
   st.clip_slot = small(fdp, 17);
   st.fill_front = small(fdp, 2);
   st.fill_back = small(fdp, 2);
   st.offset_enable = small(fdp, 7);
   st.offset_units = fdp.ConsumeFloatingPoint<float>();
   st.offset_scale = fdp.ConsumeFloatingPoint<float>();
   st.offset_clamp = fdp.ConsumeFloatingPoint<float>();
   st.logic_op_enable = small(fdp, 1);
   st.logic_op = small(fdp, 15);
   lsgpu_pack_draw_state((uint32_t *)bos[0].data(), &st);
   for (unsigned e = 0; e < 3; e++) {
      lsgpu_vertex_element el = {pick_va(fdp), small(fdp, 64), small(fdp, 15), small(fdp, 2)};
      lsgpu_pack_vertex_element(
         (uint32_t *)(bos[0].data() + 1024) + e * LSGPU_VERTEX_ELEMENT_LENGTH, &el);
   }
   for (unsigned r = 0; r < 2; r++) {
      lsgpu_render_target rt = {pick_va(fdp), small(fdp, 256), small(fdp, 19), small(fdp, 15), 0};
      rt.blend_enable = small(fdp, 1);
      rt.rgb_src = small(fdp, 14);
      rt.rgb_dst = small(fdp, 14);
      rt.swizzle = small(fdp, 0xfff);
      lsgpu_pack_render_target((uint32_t *)(bos[0].data() + 2048) + r * LSGPU_RENDER_TARGET_LENGTH,
                               &rt);
   }
   lsgpu_draw d = {};
   d.state_va = fdp.ConsumeIntegralInRange(0, 7) ? kBoVa[0] : pick_va(fdp);
   d.mode = small(fdp, 6);
   d.first = small(fdp, 64);
   d.count = small(fdp, 300);
   d.instance_count = small(fdp, 3);
   d.index_va = kBoVa[2] + (small(fdp, 64) & ~3u);
   d.index_size = fdp.PickValueInArray({0u, 1u, 2u, 4u});
   d.base_vertex = small(fdp, 16);
   d.restart = small(fdp, 1);
   d.restart_index = small(fdp, 255);
   std::vector<uint8_t> data = fdp.ConsumeRemainingBytes<uint8_t>();
   if (!data.empty())
      memcpy(bos[2].data(), data.data(), std::min(data.size(), bos[2].size()));
   std::vector<uint32_t> cmds;
   put(cmds, lsgpu_pack_draw, d, LSGPU_DRAW_LENGTH);
   lsgpu_occlusion_write o = {fdp.ConsumeBool() ? kBoVa[0] + 8192 : pick_va(fdp)};
   put(cmds, lsgpu_pack_occlusion_write, o, LSGPU_OCCLUSION_WRITE_LENGTH);
   return cmds;
}

/* Runs one job with a short watchdog: semaphore waits, call trees and shader loops
 * must end, not hang. */
void
run_job(const AddressSpace &as, const std::vector<uint32_t> &cmds)
{
   Counters counters;
   uint32_t regs[LSGPU_REG_FILE_SIZE / 4] = {};
   JobEnv env{as, regs, counters, monotonic_now_ns() + 2000000};
   JobResult r = command_processor_execute(cmds.data(), cmds.size(), env);
   if (r.fault > LSGPU_FAULT_MISALIGNED)
      __builtin_trap(); /* an undocumented fault code */
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
   FuzzedDataProvider fdp(data, size);
   std::vector<std::vector<uint8_t>> bos(3, std::vector<uint8_t>(kBoSize));
   AddressSpace as;
   for (int i = 0; i < 3; i++)
      as.map(kBoVa[i], kBoSize, bos[i].data(), i != 2);

   const int mode = fdp.ConsumeIntegralInRange(0, 3);
   if (mode == 1) {
      run_job(as, build_draw(fdp, bos));
      return 0;
   }
   if (mode == 0) {
      /* Shader mode: the rest of the input is RISC-V code for one DISPATCH, so the
       * shader core sees raw programs directly (stack and constants in BO 0). */
      lsgpu_dispatch d = {};
      d.local_x = fdp.ConsumeIntegralInRange<uint32_t>(1, 40);
      d.local_y = d.local_z = 1;
      d.groups_x = fdp.ConsumeIntegralInRange<uint32_t>(1, 2);
      d.groups_y = d.groups_z = 1;
      d.shared_size = 256;
      d.constants_va = kBoVa[0];
      d.stack_va = kBoVa[0] + 4096;
      d.stack_size = 64;
      std::vector<uint8_t> code = fdp.ConsumeRemainingBytes<uint8_t>();
      code.resize(std::min<size_t>(code.size() & ~size_t(3), kBoSize));
      if (code.empty())
         return 0;
      memcpy(bos[1].data(), code.data(), code.size());
      d.code_va = kBoVa[1];
      d.code_size = (uint32_t)code.size();
      std::vector<uint32_t> cmds(1 + LSGPU_DISPATCH_LENGTH);
      lsgpu_pack_dispatch(cmds.data(), &d);
      run_job(as, cmds);
      return 0;
   }

   /* Indirect buffers: streams placed in the first two BOs. */
   for (int i = 0; i < 2; i++) {
      std::vector<uint32_t> ib = build_stream(fdp, kBoSize / 4 / 2);
      if (!ib.empty())
         memcpy(bos[i].data(), ib.data(), ib.size() * 4);
   }
   std::vector<uint32_t> cmds = build_stream(fdp, 512);
   if (cmds.empty())
      return 0;

   run_job(as, cmds);
   return 0;
}
