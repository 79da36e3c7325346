/* SPDX-License-Identifier: MIT */
#include "simt_rig.h"

#include <fstream>
#include <iterator>

namespace lsgpu::test
{

SimtRig::SimtRig(const std::string &program, unsigned warps)
    : warps_(warps), in_(warps * 16 * kBlock, 0), out_(warps * 16 * kBlock, 0xaa), global_(4096, 0)
{
   std::ifstream file(std::string(LSGPU_SIMT_PROGRAMS) + "/" + program + ".bin", std::ios::binary);
   code_.assign(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
   as_.map(kCodeVa, code_.size(), code_.data(), false);
   as_.map(kInVa, in_.size(), in_.data());
   as_.map(kOutVa, out_.size(), out_.data());
   as_.map(kGlobalVa, global_.size(), global_.data());
   if (!code_.empty())
      sim::shader_program_load(as_, kCodeVa, (uint32_t)code_.size(), &prog_);
}

sim::ShaderResult
SimtRig::run(uint16_t lanes, int64_t budget)
{
   std::vector<sim::Warp> warps(warps_);
   for (unsigned w = 0; w < warps_; w++) {
      warps[w].start(kCodeVa, lanes);
      for (unsigned l = 0; l < 16; l++) {
         warps[w].x[LSGPU_ABI_REG_INPUT_BLOCK][l] = kInVa + (w * 16 + l) * kBlock;
         warps[w].x[LSGPU_ABI_REG_OUTPUT_BLOCK][l] = kOutVa + (w * 16 + l) * kBlock;
         warps[w].x[LSGPU_ABI_REG_CONSTANTS][l] = kGlobalVa;
         warps[w].x[LSGPU_ABI_REG_DESCRIPTORS][l] = kGlobalVa + 64;
         warps[w].x[LSGPU_ABI_REG_SHARED_MEMORY][l] = sim::kSharedMemoryBase;
         warps[w].sysval[LSGPU_SYSVAL_WARP][l] = w;
      }
   }
   sim::ShaderEnv env{as_, counters, std::vector<uint8_t>(256, 0), budget};
   env.flush_denorms = flush_denorms;
   return sim::shader_run(prog_, warps, env);
}

} // namespace lsgpu::test
