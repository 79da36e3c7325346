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
      switch (fdp.ConsumeIntegralInRange<int>(0, 11)) {
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
      }
   }
   return out;
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

   if (fdp.ConsumeIntegralInRange(0, 2) == 0) {
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
