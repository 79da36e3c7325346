/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_TEST_SHADER_DIFFERENTIAL_H
#define LSGPU_TEST_SHADER_DIFFERENTIAL_H

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "gpu/counters.h"
#include "gpu/shader/shader_core.h"

namespace lsgpu::test
{

/* One run of a shader on one model of the shader core: what it left behind. */
struct ShaderRun {
   sim::ShaderResult result;
   std::vector<sim::Warp> warps;
   std::vector<std::pair<const char *, uint64_t>> counters;
};

inline std::vector<std::pair<const char *, uint64_t>>
counter_values(const sim::Counters &c)
{
   std::vector<std::pair<const char *, uint64_t>> v;
#define LSGPU_COUNTER_VALUE(NAME, name, param, doc) v.emplace_back(#name, c.name.load());
   LSGPU_COUNTERS(LSGPU_COUNTER_VALUE)
#undef LSGPU_COUNTER_VALUE
   return v;
}

/* How many times run_on_both_models() runs a program: what a test unit outside the
 * rig (a texture unit's request count) sees it asked. */
inline unsigned
models_run()
{
   return sim::shader_jit_mode() == sim::JitMode::Off ? 1 : 2;
}

/* Adds one run's counts to a rig's counters. */
inline void
add_counters(sim::Counters &c, const std::vector<std::pair<const char *, uint64_t>> &values)
{
   unsigned i = 0;
#define LSGPU_COUNTER_ADD(NAME, name, param, doc) c.name += values.empty() ? 0 : values[i++].second;
   LSGPU_COUNTERS(LSGPU_COUNTER_ADD)
#undef LSGPU_COUNTER_ADD
}

inline std::string
hex(uint32_t v)
{
   char s[16];
   snprintf(s, sizeof(s), "0x%08x", v);
   return s;
}

/* The architectural differences between two warps, or "" (`converged` is the
 * interpreter's scheduling shortcut, not state a program can see). LSGPU_JIT_DUMP=1
 * adds the reference's float registers of the first lane that differs. */
inline std::string
warp_difference(const sim::Warp &a, const sim::Warp &b)
{
   for (unsigned l = 0; l < sim::kWarpWidth; l++) {
      for (unsigned r = 0; r < 33; r++) {
         if (a.x[r][l] != b.x[r][l])
            return "x" + std::to_string(r) + " of lane " + std::to_string(l) + ": " +
                   hex(a.x[r][l]) + " against " + hex(b.x[r][l]);
      }
      std::string fdiff;
      for (unsigned r = 0; r < 32; r++) {
         if (a.f[r][l] != b.f[r][l])
            fdiff += "f" + std::to_string(r) + " of lane " + std::to_string(l) + ": " +
                     hex(a.f[r][l]) + " against " + hex(b.f[r][l]) + "; ";
      }
      if (!fdiff.empty()) {
         if (getenv("LSGPU_JIT_DUMP"))
            for (unsigned r = 0; r < 32; r++)
               fdiff += " f" + std::to_string(r) + "=" + hex(a.f[r][l]);
         return fdiff;
      }
      for (unsigned s = 0; s < LSGPU_SYSVAL_COUNT; s++) {
         if (a.sysval[s][l] != b.sysval[s][l])
            return "system value " + std::to_string(s) + " of lane " + std::to_string(l);
      }
      if (a.pc[l] != b.pc[l] || a.frm[l] != b.frm[l] || a.reservation[l] != b.reservation[l] ||
          a.reserved_value[l] != b.reserved_value[l])
         return "pc, frm or reservation of lane " + std::to_string(l);
   }
   if (a.live != b.live || a.helper != b.helper || a.killed != b.killed ||
       a.barrier_lanes != b.barrier_lanes || a.reservation_valid != b.reservation_valid ||
       a.state != b.state)
      return "lane masks or state";
   return "";
}

/*
 * The JIT's differential test, run by every shader-core test that goes through a rig:
 * run(mode) runs the program once on the given model, from the memory the rig holds;
 * this runs it on the interpreter (the reference) and then, from the same memory, in
 * host code, and demands identical faults, registers, lane state, counters and memory.
 * With LSGPU_SIM_JIT=0 only the interpreter runs.
 */
template <typename Run>
sim::ShaderResult
run_on_both_models(const std::vector<std::vector<uint8_t> *> &memory, Run run)
{
   if (sim::shader_jit_mode() == sim::JitMode::Off)
      return run(sim::JitMode::Off).result;
   std::vector<std::vector<uint8_t>> before;
   for (auto *m : memory)
      before.push_back(*m);
   ShaderRun ref = run(sim::JitMode::Off);
   std::vector<std::vector<uint8_t>> after_ref;
   for (unsigned i = 0; i < memory.size(); i++) {
      after_ref.push_back(*memory[i]);
      *memory[i] = before[i];
   }
   ShaderRun jit = run(sim::JitMode::Always);
   EXPECT_EQ(ref.result.fault, jit.result.fault) << "JIT and interpreter fault differently";
   EXPECT_EQ(ref.result.pc, jit.result.pc) << "JIT and interpreter fault at different PCs";
   EXPECT_EQ(ref.result.lane, jit.result.lane) << "JIT and interpreter fault in different lanes";
   for (unsigned i = 0; i < memory.size(); i++) {
      const auto &a = after_ref[i], &b = *memory[i];
      for (size_t o = 0; o < a.size(); o++) {
         if (a[o] != b[o]) {
            ADD_FAILURE() << "JIT and interpreter leave memory " << i << " different at byte " << o;
            break;
         }
      }
   }
   for (unsigned i = 0; i < ref.counters.size(); i++) {
      const std::string name = ref.counters[i].first;
      EXPECT_EQ(ref.counters[i].second, jit.counters[i].second)
         << "JIT and interpreter differ in the counter " + name;
   }
   for (unsigned w = 0; w < ref.warps.size(); w++) {
      const std::string d = warp_difference(ref.warps[w], jit.warps[w]);
      EXPECT_EQ(d, "") << "JIT and interpreter leave warp " << w << " different";
   }
   return jit.result;
}

} // namespace lsgpu::test

#endif
