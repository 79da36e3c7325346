/* SPDX-License-Identifier: MIT */
#include "simt_rig.h"

#include "shader_differential.h"

#include <fstream>
#include <iterator>

namespace lsgpu::test
{

namespace
{

std::vector<uint8_t>
read_program(const std::string &program)
{
   std::ifstream file(std::string(LSGPU_SIMT_PROGRAMS) + "/" + program + ".bin", std::ios::binary);
   return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

std::vector<uint8_t>
bytes_of(const std::vector<uint32_t> &words)
{
   std::vector<uint8_t> code(words.size() * 4);
   memcpy(code.data(), words.data(), code.size());
   return code;
}

} // namespace

SimtRig::SimtRig(const std::string &program, unsigned warps) : SimtRig(read_program(program), warps)
{
}

SimtRig::SimtRig(const std::vector<uint32_t> &words, unsigned warps)
    : SimtRig(bytes_of(words), warps)
{
}

SimtRig::SimtRig(std::vector<uint8_t> code, unsigned warps)
    : warps_(warps), code_(std::move(code)), in_(warps * 16 * kBlock, 0),
      out_(warps * 16 * kBlock, 0xaa), global_(4096, 0), stack_(warps * 16 * kStack, 0)
{
   as_.map(kCodeVa, code_.size(), code_.data(), false);
   as_.map(kInVa, in_.size(), in_.data());
   as_.map(kOutVa, out_.size(), out_.data());
   as_.map(kGlobalVa, global_.size(), global_.data());
   as_.map(kStackVa, stack_.size(), stack_.data());
   if (!code_.empty())
      sim::shader_program_load(as_, kCodeVa, (uint32_t)code_.size(), &prog_);
}

sim::ShaderResult
SimtRig::run(uint16_t lanes, int64_t budget)
{
   sim::ShaderResult result =
      run_on_both_models({&in_, &out_, &global_, &stack_}, [&](sim::JitMode mode) {
         ShaderRun r = run_on(mode, lanes, budget);
         last_counters_ = r.counters;
         last_warps_ = r.warps;
         return r;
      });
   add_counters(counters, last_counters_);
   return result;
}

sim::ShaderResult
SimtRig::run_once(sim::JitMode mode, uint16_t lanes, int64_t budget)
{
   ShaderRun r = run_on(mode, lanes, budget);
   last_counters_ = r.counters;
   last_warps_ = r.warps;
   add_counters(counters, last_counters_);
   return r.result;
}

ShaderRun
SimtRig::run_on(sim::JitMode mode, uint16_t lanes, int64_t budget)
{
   ShaderRun r;
   r.warps.resize(warps_);
   for (unsigned w = 0; w < warps_; w++) {
      if (reused_warps) {
         memset((void *)&r.warps[w], 0xa5, sizeof(sim::Warp));
         r.warps[w].reset(prog_.use);
      }
      r.warps[w].start(kCodeVa, lanes);
      for (unsigned l = 0; l < 16; l++) {
         r.warps[w].x[LSGPU_ABI_REG_INPUT_BLOCK][l] = kInVa + (w * 16 + l) * kBlock;
         r.warps[w].x[LSGPU_ABI_REG_OUTPUT_BLOCK][l] = kOutVa + (w * 16 + l) * kBlock;
         r.warps[w].x[LSGPU_ABI_REG_CONSTANTS][l] = kGlobalVa;
         r.warps[w].x[LSGPU_ABI_REG_DESCRIPTORS][l] = kGlobalVa + 64;
         r.warps[w].x[LSGPU_ABI_REG_SHARED_MEMORY][l] = sim::kSharedMemoryBase;
         r.warps[w].x[LSGPU_ABI_REG_STACK][l] = kStackVa + (w * 16 + l + 1) * kStack;
         r.warps[w].sysval[LSGPU_SYSVAL_WARP][l] = w;
      }
   }
   sim::Counters run_counters;
   sim::GpuClock clock(clock_limit);
   sim::ShaderEnv env{as_, run_counters, std::vector<uint8_t>(256, 0), budget};
   env.flush_denorms = flush_denorms;
   env.stack_lo = kStackVa;
   env.stack_hi = kStackVa + stack_.size();
   if (clock_limit)
      env.clock = &clock;
   env.jit = mode;
   r.result = sim::shader_run(prog_, r.warps, env);
   r.counters = counter_values(run_counters);
   return r;
}

} // namespace lsgpu::test
