/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIMT_RIG_H
#define LSGPU_SIMT_RIG_H

#include <cstdint>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "gpu/memory/address_space.h"
#include "gpu/counters.h"
#include "gpu/shader/shader_core.h"

namespace lsgpu::test
{

/*
 * Runs a program assembled by llvm-mc-15 at build time (tests/simt/programs/) on
 * the shader-core model. Lane l of warp w gets an input block at in(w, l) and an output
 * block at out(w, l) (128 bytes each, a0/a1), a2/a3 point at two global words, a4 at
 * shared memory.
 */
class SimtRig
{
 public:
   static constexpr uint32_t kCodeVa = 0x100000, kInVa = 0x200000, kOutVa = 0x300000,
                             kGlobalVa = 0x400000;
   static constexpr uint32_t kBlock = 128;

   explicit SimtRig(const std::string &program, unsigned warps = 1);

   bool loaded() const { return !prog_.code.empty(); }
   bool flush_denorms = false; /* DRAW_STATE.flush_denorms for the run */
   uint64_t clock_limit = 0;   /* a job watchdog of this many GPU cycles for the run; 0: none */
   /* Whether the program has host code (after a run with the JIT on). */
   bool jit_compiled() const { return prog_.jit && prog_.jit->function(); }
   sim::ShaderResult run(uint16_t lanes = 0xffff, int64_t budget = 10000000);

   void set_in(unsigned warp, unsigned lane, unsigned word, uint32_t v)
   {
      memcpy(&in_[(warp * 16 + lane) * kBlock + word * 4], &v, 4);
   }
   void set_in_f(unsigned warp, unsigned lane, unsigned word, float v)
   {
      memcpy(&in_[(warp * 16 + lane) * kBlock + word * 4], &v, 4);
   }
   uint32_t out(unsigned warp, unsigned lane, unsigned word) const
   {
      uint32_t v;
      memcpy(&v, &out_[(warp * 16 + lane) * kBlock + word * 4], 4);
      return v;
   }
   float out_f(unsigned warp, unsigned lane, unsigned word) const
   {
      float v;
      memcpy(&v, &out_[(warp * 16 + lane) * kBlock + word * 4], 4);
      return v;
   }
   uint32_t global(unsigned word) const
   {
      uint32_t v;
      memcpy(&v, &global_[word * 4], 4);
      return v;
   }
   sim::Counters counters;

 private:
   std::vector<std::pair<const char *, uint64_t>> last_counters_;
   unsigned warps_;
   std::vector<uint8_t> code_, in_, out_, global_;
   sim::AddressSpace as_;
   sim::ShaderProgram prog_;
};

} // namespace lsgpu::test

#endif
