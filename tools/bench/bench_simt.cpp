/* SPDX-License-Identifier: MIT */
/*
 * ./lsgpu bench simt: shader-core speed in lane-instructions per second, one thread,
 * on an ALU-heavy loop and on a branchy kernel (tests/simt/programs/bench_*.S): the
 * interpreter and the JIT (its compile done before the clock starts), each next to
 * the same loop compiled natively for the host and run in this invocation.
 */
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "gpu/memory/address_space.h"
#include "gpu/counters.h"
#include "gpu/shader/shader_core.h"

using namespace lsgpu::sim;
using Clock = std::chrono::steady_clock;

namespace {

constexpr uint32_t kCodeVa = 0x100000, kDataVa = 0x200000;

struct Result {
   double seconds;
   uint64_t lane_insts;
   uint32_t check;
};

Result
run_sim(const char *name, uint32_t iterations, unsigned warps, JitMode mode)
{
   std::ifstream f(std::string(LSGPU_SIMT_PROGRAMS) + "/" + name + ".bin", std::ios::binary);
   std::vector<uint8_t> code((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
   std::vector<uint8_t> data(warps * 16 * 256, 0);
   AddressSpace as;
   as.map(kCodeVa, code.size(), code.data(), false);
   as.map(kDataVa, data.size(), data.data());
   ShaderProgram prog;
   if (code.empty() || shader_program_load(as, kCodeVa, (uint32_t)code.size(), &prog))
      return {0, 0, 0};
   for (unsigned i = 0; i < warps * 16; i++)
      memcpy(&data[i * 256], &iterations, 4);

   Counters counters;
   std::vector<Warp> ws(warps);
   for (unsigned w = 0; w < warps; w++) {
      ws[w].start(kCodeVa, 0xffff);
      for (unsigned l = 0; l < 16; l++) {
         ws[w].x[10][l] = kDataVa + (w * 16 + l) * 256;
         ws[w].x[11][l] = kDataVa + (w * 16 + l) * 256 + 128;
      }
   }
   ShaderEnv env{as, counters, {}, INT64_MAX};
   env.jit = mode;
   if (mode != JitMode::Off && prog.jit) {
      /* Compile first (one short run): the bench measures the code, not LLVM. */
      std::vector<Warp> warm(1);
      warm[0].start(kCodeVa, 0);
      Counters scratch;
      ShaderEnv warm_env{as, scratch, {}, 1};
      warm_env.jit = JitMode::Always;
      shader_run(prog, warm, warm_env);
   }
   auto t0 = Clock::now();
   ShaderResult r = shader_run(prog, ws, env);
   double s = std::chrono::duration<double>(Clock::now() - t0).count();
   uint32_t check;
   memcpy(&check, &data[128], 4);
   if (r.fault != LSGPU_FAULT_NONE)
      fprintf(stderr, "bench: %s faulted (%d)\n", name, (int)r.fault);
   return {s, counters.lane_instructions.load(), check};
}

/* The ALU loop of bench_alu.S, natively, for 16 lanes; 6 instructions per iteration
 * (the RISC-V count, so that the two rates compare the same work). */
Result
run_native_alu(uint32_t iterations)
{
   auto t0 = Clock::now();
   uint32_t check = 0;
   for (unsigned lane = 0; lane < 16; lane++) {
      uint32_t t1 = 1, t2 = 3;
      for (uint32_t i = iterations; i; i--) {
         t1 += t2;
         t2 ^= t1;
         uint32_t t3 = t1 << 3;
         t1 = t3 - t2;
         asm volatile("" : "+r"(t1), "+r"(t2)); /* keep the loop as written */
      }
      if (lane == 0)
         check = t1;
   }
   double s = std::chrono::duration<double>(Clock::now() - t0).count();
   return {s, 16ull * iterations * 6, check};
}

/* bench_branchy.S natively: per-lane trip counts, a data-dependent branch. */
Result
run_native_branchy(uint32_t iterations)
{
   auto t0 = Clock::now();
   uint64_t insts = 0;
   uint32_t check = 0;
   for (unsigned lane = 0; lane < 16; lane++) {
      uint32_t t0v = iterations + lane, t1 = 0;
      insts += 4; /* prologue: lw, sysval, add, li */
      while (t0v) {
         if (t0v & 3) {
            t1 += 3;
            insts += 6; /* andi, beqz, addi, j, addi, bnez */
         } else {
            t1 <<= 1;
            insts += 5; /* andi, beqz, slli, addi, bnez */
         }
         t0v--;
         asm volatile("" : "+r"(t0v), "+r"(t1));
      }
      insts += 2;
      if (lane == 0)
         check = t1;
   }
   double s = std::chrono::duration<double>(Clock::now() - t0).count();
   return {s, insts, check};
}

double
rate(const Result &r)
{
   return r.lane_insts / r.seconds;
}

void
report(const char *what, const Result &interp, const Result &jit, const Result &native)
{
   const bool match = interp.check == native.check && jit.check == native.check;
   printf("%-8s interpreter %8.1f M/s  JIT %8.1f M/s  native %8.1f M/s  JIT/native %.3f  "
          "JIT/interpreter %.1fx  (%s)\n",
          what, rate(interp) / 1e6, rate(jit) / 1e6, rate(native) / 1e6, rate(jit) / rate(native),
          rate(jit) / rate(interp), match ? "results match" : "RESULTS DIFFER");
}

} // namespace

int
main(int argc, char **argv)
{
   const uint32_t iterations = argc > 1 ? (uint32_t)atoi(argv[1]) : 2000000;
   if (shader_jit_mode() == JitMode::Off)
      fprintf(stderr,
              "bench: LSGPU_SIM_JIT=0 in the environment; the JIT column is the interpreter\n");
   const JitMode jit = shader_jit_mode() == JitMode::Off ? JitMode::Off : JitMode::Always;
   Result alu = run_sim("bench_alu", iterations, 1, JitMode::Off);
   Result alu_jit = run_sim("bench_alu", iterations, 1, jit);
   Result alu_native = run_native_alu(iterations);
   Result branchy = run_sim("bench_branchy", iterations / 2, 1, JitMode::Off);
   Result branchy_jit = run_sim("bench_branchy", iterations / 2, 1, jit);
   Result branchy_native = run_native_branchy(iterations / 2);
   if (!alu.seconds || !branchy.seconds || !alu_jit.seconds || !branchy_jit.seconds) {
      fprintf(stderr, "bench: programs missing in %s\n", LSGPU_SIMT_PROGRAMS);
      return 1;
   }
   report("branchy", branchy, branchy_jit, branchy_native);
   report("alu", alu, alu_jit, alu_native);
   printf("simt: JIT %.1f M lane-instructions/s on the ALU loop (%.3f of native, interpreter "
          "%.1f M/s); branchy kernel JIT %.1fx the interpreter\n",
          rate(alu_jit) / 1e6, rate(alu_jit) / rate(alu_native), rate(alu) / 1e6,
          rate(branchy_jit) / rate(branchy));
   const bool ok = alu.check == alu_native.check && alu_jit.check == alu_native.check &&
                   branchy.check == branchy_native.check &&
                   branchy_jit.check == branchy_native.check;
   return ok ? 0 : 1;
}
