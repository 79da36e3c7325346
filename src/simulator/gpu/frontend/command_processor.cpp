/* SPDX-License-Identifier: MIT */
#include "gpu/frontend/command_processor.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <ctime>
#include <thread>

#include "common/monotonic_clock.h"
#include "gpu/memory/address_space.h"
#include "gpu/frontend/compute_dispatch.h"
#include "gpu/draw/draw.h"
#include "gpu/frontend/copy_engine.h"
#include "gpu/counters.h"

namespace lsgpu::sim
{

namespace
{

constexpr uint32_t kMaxCallDepth = 4;

struct Executor {
   JobEnv &env;
   JobResult result;
   /* None for a job that is not preemptible: its draws skip the call per warp. */
   const PreemptHook *packet_preempt() const { return env.preempt ? &env.preempt : nullptr; }

   /* The context's GPU_TIME registers at the job's start, less nothing the job ran. */
   uint64_t gpu_time_base = 0;

   uint64_t gpu_time_register() const
   {
      return env.regs[LSGPU_REG_GPU_TIME_LO / 4] | (uint64_t)env.regs[LSGPU_REG_GPU_TIME_HI / 4]
                                                      << 32;
   }
   /* The GPU_TIME registers as of now: the base plus the job's modelled time so far. */
   void sync_gpu_time()
   {
      const uint64_t t = gpu_time_base + env.clock.cycles();
      env.regs[LSGPU_REG_GPU_TIME_LO / 4] = (uint32_t)t;
      env.regs[LSGPU_REG_GPU_TIME_HI / 4] = (uint32_t)(t >> 32);
   }

   lsgpu_fault write32(uint64_t va, uint32_t value)
   {
      AddressSpace::Access a = env.as.translate(va, 4, true);
      if (a.host)
         memcpy(a.host, &value, 4);
      return a.fault;
   }

   lsgpu_fault semaphore_wait(const lsgpu_semaphore_wait &p)
   {
      AddressSpace::Access a = env.as.translate(p.va, 4, false);
      if (!a.host)
         return a.fault;
      /* Poll with a growing sleep: another job or the CPU writes the word. The GPU
       * waits in real time, so the wait charges the job's clock with the time it took. */
      auto sleep = std::chrono::microseconds(20);
      int64_t last = monotonic_now_ns();
      for (;;) {
         uint32_t v;
         memcpy(&v, a.host, 4);
         if (p.op == LSGPU_SEMAPHORE_OP_EQUAL ? v == p.value : v >= p.value)
            return LSGPU_FAULT_NONE;
         const int64_t now = monotonic_now_ns();
         env.clock.charge((uint64_t)(now - last) * LSGPU_CLOCK_MHZ / 1000);
         last = now;
         if (env.clock.expired())
            return LSGPU_FAULT_TIMEOUT;
         std::this_thread::sleep_for(sleep);
         if (sleep < std::chrono::milliseconds(2))
            sleep *= 2;
      }
   }

   /* One packet whose header and payload lie in the buffer; returns its fault. Every
    * packet is decoded by the code generated from src/hw: reserved bits zero, each
    * field in its type's range; the unit then checks what involves several fields. */
   lsgpu_fault packet(uint32_t opcode, const uint32_t *payload, uint32_t depth)
   {
#define DECODE(name)                                                                               \
   lsgpu_##name p;                                                                                 \
   if (lsgpu_fault f = lsgpu_decode_##name(payload, &p); f != LSGPU_FAULT_NONE)                    \
      return f;
      switch (opcode) {
      case LSGPU_OP_NOP:
         return LSGPU_FAULT_NONE;
      case LSGPU_OP_CACHE_FLUSH: {
         DECODE(cache_flush);
         /* Memory is coherent in the model: the flush only has to name a cache. */
         return p.color || p.depth_stencil || p.texture ? LSGPU_FAULT_NONE
                                                        : LSGPU_FAULT_BAD_ARGUMENT;
      }
      case LSGPU_OP_FILL: {
         DECODE(fill);
         return copy_engine_fill(p, env.as, env.counters, env.clock);
      }
      case LSGPU_OP_COPY: {
         DECODE(copy);
         return copy_engine_copy(p, env.as, env.counters, env.clock);
      }
      case LSGPU_OP_RESOLVE: {
         DECODE(resolve);
         return copy_engine_resolve(p, env.as, env.counters, env.clock);
      }
      case LSGPU_OP_FENCE_WRITE: {
         DECODE(fence_write);
         return write32(p.va, p.value);
      }
      case LSGPU_OP_TIMESTAMP: {
         DECODE(timestamp);
         AddressSpace::Access a = env.as.translate(p.va, 8, true);
         if (a.host) {
            /* GPU time, not host time: what a timer query measures is the work the
             * modelled hardware did, however fast the host simulated it. */
            const uint64_t t = env.start_ns + gpu_cycles_to_ns(env.clock.cycles());
            memcpy(a.host, &t, 8);
         }
         return a.fault;
      }
      case LSGPU_OP_SEMAPHORE_WAIT: {
         DECODE(semaphore_wait);
         return semaphore_wait(p);
      }
      case LSGPU_OP_CALL: {
         DECODE(call);
         if (depth + 1 > kMaxCallDepth)
            return LSGPU_FAULT_CALL_DEPTH;
         AddressSpace::Access a = env.as.translate(p.va, (uint64_t)p.size_dwords * 4, false);
         if (!a.host)
            return a.fault;
         /* Indirect buffers are in shared memory: run() reads each word once. */
         return run(reinterpret_cast<const uint32_t *>(a.host), p.size_dwords, depth + 1);
      }
      case LSGPU_OP_REG_WRITE: {
         DECODE(reg_write);
         env.regs[p.reg / 4] = p.value;
         if (p.reg == LSGPU_REG_GPU_TIME_LO || p.reg == LSGPU_REG_GPU_TIME_HI)
            gpu_time_base = gpu_time_register() - env.clock.cycles();
         return LSGPU_FAULT_NONE;
      }
      case LSGPU_OP_REG_STORE: {
         DECODE(reg_store);
         if (p.reg == LSGPU_REG_GPU_TIME_LO || p.reg == LSGPU_REG_GPU_TIME_HI)
            sync_gpu_time();
         return write32(p.va, env.regs[p.reg / 4]);
      }
      case LSGPU_OP_DISPATCH: {
         DECODE(dispatch);
         return compute_dispatch(p, env.as, env.counters, env.clock, packet_preempt());
      }
      case LSGPU_OP_DRAW: {
         DECODE(draw);
         return draw_execute(p, env.as, env.regs, env.counters, env.clock, packet_preempt());
      }
      case LSGPU_OP_OCCLUSION_WRITE: {
         DECODE(occlusion_write);
         AddressSpace::Access a = env.as.translate(p.va, 8, true);
         if (!a.host)
            return a.fault;
         memcpy(a.host, &env.regs[LSGPU_REG_ZPASS_LO / 4], 4);
         memcpy(a.host + 4, &env.regs[LSGPU_REG_ZPASS_HI / 4], 4);
         return LSGPU_FAULT_NONE;
      }
      default:
         return LSGPU_FAULT_BAD_OPCODE;
      }
#undef DECODE
   }

   lsgpu_fault run(const uint32_t *buf, size_t num_dwords, uint32_t depth)
   {
      /* The largest fixed payload; packets are copied out before decoding so that a
       * buffer changing under the GPU cannot change a packet between checks. */
      uint32_t payload[LSGPU_PKT_MAX_FIXED_LENGTH];
      size_t at = 0;
      while (at < num_dwords) {
         const uint32_t header = buf[at];
         const uint32_t opcode = LSGPU_PKT_OPCODE(header), length = LSGPU_PKT_LENGTH(header);
         lsgpu_fault fault = LSGPU_FAULT_NONE;
         const int expected = lsgpu_packet_length(opcode);

         if (length > num_dwords - at - 1)
            fault = LSGPU_FAULT_TRUNCATED;
         else if (expected == -2)
            fault = LSGPU_FAULT_BAD_OPCODE;
         else if (expected >= 0 && length != (uint32_t)expected)
            fault = LSGPU_FAULT_BAD_LENGTH;
         else if (++result.packets, env.clock.charge(LSGPU_JOB_PACKET_CYCLES), env.clock.expired())
            fault = LSGPU_FAULT_TIMEOUT;

         if (fault == LSGPU_FAULT_NONE && expected >= 0) {
            memcpy(payload, buf + at + 1, (size_t)expected * 4);
            fault = packet(opcode, payload, depth);
         }
         if (fault != LSGPU_FAULT_NONE) {
            if (result.fault == LSGPU_FAULT_NONE) {
               result.fault = fault;
               result.fault_dword = (uint32_t)at;
               result.fault_depth = depth;
               /* The packet as it was read, for fault reports. */
               const size_t words =
                  std::min<size_t>({num_dwords - at, 1 + (size_t)length, kFaultPacketWords});
               memcpy(result.fault_packet, buf + at, words * 4);
               result.fault_packet_words = (uint32_t)words;
            }
            return fault;
         }
         env.counters.packets++;
         at += 1 + (size_t)length;
         preemption_point(&env.preempt);
      }
      return LSGPU_FAULT_NONE;
   }
};

} // namespace

void
command_processor_print_fault(FILE *fp, const JobResult &r, const AddressSpace *as)
{
   const char *name = lsgpu_fault_name(r.fault);
   fprintf(fp, "lsgpu-sim: job fault %s (%d) at word %u (depth %u)\n", name ? name : "?",
           (int)r.fault, r.fault_dword, r.fault_depth);
   if (!r.fault_packet_words)
      return;
   lsgpu_print_packet(fp, r.fault_packet, r.fault_packet_words, "lsgpu-sim:    ");
   if (!as || LSGPU_PKT_OPCODE(r.fault_packet[0]) != LSGPU_OP_DRAW ||
       r.fault_packet_words < 1 + LSGPU_DRAW_LENGTH)
      return;
   /* Most draw faults are about the state the packet points at. */
   lsgpu_draw d;
   lsgpu_unpack_draw(r.fault_packet + 1, &d);
   AddressSpace::Access a = as->translate(d.state_va, LSGPU_DRAW_STATE_LENGTH * 4, false);
   if (!a.host)
      return;
   uint32_t dw[LSGPU_DRAW_STATE_LENGTH];
   memcpy(dw, a.host, sizeof(dw));
   lsgpu_draw_state st;
   lsgpu_unpack_draw_state(dw, &st);
   fprintf(fp, "lsgpu-sim:    DRAW_STATE at 0x%llx\n", (unsigned long long)d.state_va);
   lsgpu_print_draw_state(fp, &st, "lsgpu-sim:       ");
}

JobResult
command_processor_execute(const uint32_t *cmds, size_t num_dwords, JobEnv &env)
{
   Executor ex{env, {}};
   ex.gpu_time_base = ex.gpu_time_register();
   ex.run(cmds, num_dwords, 0);
   ex.sync_gpu_time();
   env.counters.jobs++;
   env.counters.gpu_cycles += env.clock.cycles();
   if (ex.result.fault != LSGPU_FAULT_NONE)
      env.counters.faults++;
   return ex.result;
}

} // namespace lsgpu::sim
