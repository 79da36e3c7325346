/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: random command streams into the command processor, against an
 * address space of three BOs (one GPU-read-only) with indirect buffers in them.
 * Anything but a clean completion or a recorded fault (a crash, a hang, an ASan or
 * UBSan report, a leak) is a bug. Run with ./lsgpu fuzz cmdstream [SECONDS].
 */
#include <algorithm>
#include <cstring>
#include <FuzzedDataProvider.h>
#include <vector>

#include "common/float_bits.h"
#include "gpu/memory/address_space.h"
#include "gpu/frontend/command_processor.h"
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
   /* One value per statement: the operands of + are evaluated in whichever order the
    * compiler picks, and the replay (gcc) must read the input as the fuzzer (clang). */
   const int how = fdp.ConsumeIntegralInRange<int>(0, 3);
   if (how == 0)
      return fdp.ConsumeIntegral<uint64_t>();
   const uint64_t bo = kBoVa[fdp.ConsumeIntegralInRange<int>(0, 2)];
   if (how == 1)
      return bo + kBoSize - fdp.ConsumeIntegralInRange<uint32_t>(0, 64);
   return bo + fdp.ConsumeIntegralInRange<uint32_t>(0, kBoSize) / 4 * 4;
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

/* The field mutator: every field of a layout from its generated description
 * (src/hw/lsgpu_packets.yaml), mostly valid (a listed or enumerated value, a value in
 * range, an interesting address), sometimes anything its bits hold, and now and then
 * a reserved bit set. A new field or enum value is fuzzed without an edit here. */
void
fuzz_fields(FuzzedDataProvider &fdp, const lsgpu_field_info *fields, unsigned n, uint32_t *dw,
            unsigned length)
{
   for (unsigned i = 0; i < n && fdp.remaining_bytes(); i++) {
      const lsgpu_field_info &f = fields[i];
      for (unsigned e = 0; e < f.count; e++) {
         uint64_t v;
         switch (fdp.ConsumeIntegralInRange<int>(0, 7)) {
         case 0:
            v = fdp.ConsumeIntegral<uint64_t>(); /* raw: the decoder sorts it out */
            break;
         default:
            if (f.kind == LSGPU_FIELD_ADDRESS)
               v = pick_va(fdp) & ~(uint64_t)(f.align - 1);
            else if (f.num_values)
               v = f.values[fdp.ConsumeIntegralInRange<unsigned>(0, f.num_values - 1)];
            else if (f.kind == LSGPU_FIELD_FLOAT) {
               v = as_bits(fdp.ConsumeFloatingPoint<float>());
            } else {
               /* Small values reach deeper: sizes and counts of a few units. */
               const uint32_t hi = std::min<uint32_t>(f.max, f.min + 300);
               v =
                  fdp.ConsumeIntegralInRange<uint32_t>(f.min, std::max(f.min, hi)) & ~(f.align - 1);
            }
            break;
         }
         lsgpu_field_set(dw, &f, e, v);
      }
   }
   if (length && fdp.ConsumeIntegralInRange<int>(0, 31) == 0)
      dw[fdp.ConsumeIntegralInRange<unsigned>(0, length - 1)] ^=
         1u << fdp.ConsumeIntegralInRange<unsigned>(0, 31);
}

/* Mostly well-formed packets with fuzzed fields, some raw words. */
std::vector<uint32_t>
build_stream(FuzzedDataProvider &fdp, size_t max_words)
{
   unsigned num_layouts;
   const lsgpu_layout_info *layouts = lsgpu_layouts(&num_layouts);
   std::vector<const lsgpu_layout_info *> packets;
   for (unsigned i = 0; i < num_layouts; i++)
      if (layouts[i].opcode >= 0 && layouts[i].opcode != LSGPU_OP_DRAW)
         packets.push_back(&layouts[i]); /* draws have their own mode */
   std::vector<uint32_t> out;
   while (out.size() < max_words && fdp.remaining_bytes()) {
      const unsigned pick = fdp.ConsumeIntegralInRange<unsigned>(0, packets.size() + 1);
      if (pick == packets.size()) {
         out.push_back(LSGPU_PKT_HEADER(LSGPU_OP_NOP, small(fdp, 4)));
         continue;
      }
      if (pick > packets.size()) {
         out.push_back(fdp.ConsumeIntegral<uint32_t>());
         continue;
      }
      const lsgpu_layout_info &l = *packets[pick];
      const size_t at = out.size();
      out.resize(at + 1 + l.length);
      out[at] = LSGPU_PKT_HEADER(l.opcode, l.length);
      unsigned n;
      const lsgpu_field_info *fields = l.fields(&n);
      fuzz_fields(fdp, fields, n, &out[at + 1], l.length);
      if (l.opcode == LSGPU_OP_DISPATCH) {
         /* Shader code from the fuzzed BO contents runs under the job's watchdog;
          * keep the dispatch small enough to finish. */
         lsgpu_dispatch p;
         lsgpu_unpack_dispatch(&out[at + 1], &p);
         p.local_x = std::min(p.local_x, 40u);
         p.local_y = std::min(p.local_y, 2u);
         p.local_z = std::min(p.local_z, 2u);
         p.groups_x = std::min(p.groups_x, 2u);
         p.groups_y = std::min(p.groups_y, 2u);
         p.groups_z = 1;
         p.code_size = std::min(p.code_size, 256u);
         p.stack_va = kBoVa[1];
         lsgpu_pack_dispatch(&out[at], &p);
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

/* Fuzzes a descriptor of the layout into memory at dst. */
template <typename T>
void
fuzz_descriptor(FuzzedDataProvider &fdp, const lsgpu_field_info *(*fields)(unsigned *),
                unsigned length, T *out, void (*unpack)(const uint32_t *, T *))
{
   std::vector<uint32_t> dw(length);
   unsigned n;
   const lsgpu_field_info *f = fields(&n);
   fuzz_fields(fdp, f, n, dw.data(), 0);
   unpack(dw.data(), out);
}

/* A DRAW with a fuzzed state descriptor, vertex elements and render targets in BO 0
 * and vertex/index data from the input in the read-only BO 2. */
std::vector<uint32_t>
build_draw(FuzzedDataProvider &fdp, std::vector<std::vector<uint8_t>> &bos)
{
   memcpy(bos[1].data(), kDrawVs, sizeof(kDrawVs));
   memcpy(bos[1].data() + 256, kDrawFs, sizeof(kDrawFs));
   lsgpu_draw_state st;
   fuzz_descriptor(fdp, lsgpu_draw_state_fields, LSGPU_DRAW_STATE_LENGTH, &st,
                   lsgpu_unpack_draw_state);
   /* Where the shaders, descriptors and stacks are: fixed, mostly, so that the fuzzed
    * state reaches the rasterizer and the output merger. */
   if (fdp.ConsumeIntegralInRange(0, 7)) {
      st.vs_code_va = kBoVa[1];
      st.vs_code_size = sizeof(kDrawVs);
      st.fs_code_va = kBoVa[1] + 256;
      st.fs_code_size = sizeof(kDrawFs);
      st.stack_va = kBoVa[1] + 4096;
      st.stack_size = std::min(st.stack_size, 64u) & ~15u;
      st.elements_va = kBoVa[0] + 1024;
      st.num_elements = std::min(st.num_elements, 3u);
      st.rt_va = kBoVa[0] + 2048;
      st.num_rts = std::min(st.num_rts, 2u);
      st.width = std::min(st.width, 64u);
      st.height = std::min(st.height, 64u);
   }
   lsgpu_pack_draw_state((uint32_t *)bos[0].data(), &st);
   if (fdp.ConsumeIntegralInRange(0, 31) == 0) /* a reserved bit, now and then */
      ((uint32_t *)bos[0]
          .data())[fdp.ConsumeIntegralInRange<unsigned>(0, LSGPU_DRAW_STATE_LENGTH - 1)] ^=
         1u << fdp.ConsumeIntegralInRange<unsigned>(0, 31);
   for (unsigned e = 0; e < 3; e++) {
      lsgpu_vertex_element el;
      fuzz_descriptor(fdp, lsgpu_vertex_element_fields, LSGPU_VERTEX_ELEMENT_LENGTH, &el,
                      lsgpu_unpack_vertex_element);
      el.stride = std::min(el.stride, 64u);
      lsgpu_pack_vertex_element(
         (uint32_t *)(bos[0].data() + 1024) + e * LSGPU_VERTEX_ELEMENT_LENGTH, &el);
   }
   for (unsigned r = 0; r < 2; r++) {
      lsgpu_render_target rt;
      fuzz_descriptor(fdp, lsgpu_render_target_fields, LSGPU_RENDER_TARGET_LENGTH, &rt,
                      lsgpu_unpack_render_target);
      lsgpu_pack_render_target((uint32_t *)(bos[0].data() + 2048) + r * LSGPU_RENDER_TARGET_LENGTH,
                               &rt);
   }
   lsgpu_draw d;
   std::vector<uint32_t> cmds(1 + LSGPU_DRAW_LENGTH);
   fuzz_descriptor(fdp, lsgpu_draw_fields, LSGPU_DRAW_LENGTH, &d, lsgpu_unpack_draw);
   if (fdp.ConsumeIntegralInRange(0, 7))
      d.state_va = kBoVa[0];
   d.count = std::min(d.count, 300u);
   d.instance_count = std::min(d.instance_count, 3u);
   if (fdp.ConsumeBool())
      d.index_va = kBoVa[2] + (small(fdp, 64) & ~3u);
   lsgpu_pack_draw(cmds.data(), &d);
   std::vector<uint8_t> data = fdp.ConsumeRemainingBytes<uint8_t>();
   if (!data.empty())
      memcpy(bos[2].data(), data.data(), std::min(data.size(), bos[2].size()));
   lsgpu_occlusion_write o = {fdp.ConsumeBool() ? kBoVa[0] + 8192 : pick_va(fdp)};
   put(cmds, lsgpu_pack_occlusion_write, o, LSGPU_OCCLUSION_WRITE_LENGTH);
   return cmds;
}

/* Runs one job with a short watchdog (0.2 ms of GPU time): semaphore waits, call trees
 * and shader loops must end, not hang. */
void
run_job(const AddressSpace &as, const std::vector<uint32_t> &cmds)
{
   Counters counters;
   uint32_t regs[LSGPU_REG_FILE_SIZE / 4] = {};
   JobEnv env{as, regs, counters, GpuClock(100000)};
   JobResult r = command_processor_execute(cmds.data(), cmds.size(), env);
   if (!lsgpu_fault_name(r.fault))
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
