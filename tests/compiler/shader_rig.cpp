/* SPDX-License-Identifier: MIT */
#include "shader_rig.h"

#include "shader_differential.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <unistd.h>

namespace lsgpu::test
{

static constexpr uint32_t kBinaryMagic = 0x4247534cu; /* lsgpu-compile -o */

int
Binary::input_slot(uint8_t location) const
{
   for (unsigned s = 0; s < LSGPU_IO_SLOTS; s++) {
      if ((info.inputs_used >> s & 1) && info.input_location[s] == location)
         return (int)s;
   }
   return -1;
}

int
Binary::output_slot(uint8_t location) const
{
   for (unsigned s = 0; s < LSGPU_IO_SLOTS; s++) {
      if ((info.outputs_used >> s & 1) && info.output_location[s] == location)
         return (int)s;
   }
   return -1;
}

Binary
compile_glsl(const std::string &source, const char *suffix)
{
   Binary b;
   char dir[] = "/tmp/lsgpu-compiler-test-XXXXXX";
   if (!mkdtemp(dir))
      return b;
   const std::string src = std::string(dir) + "/shader" + suffix;
   const std::string bin = std::string(dir) + "/shader.lsb";
   const std::string log = std::string(dir) + "/log";
   std::ofstream(src) << source;
   const char *tool = getenv("LSGPU_COMPILE");
   const std::string cmd = std::string(tool ? tool : "lsgpu-compile") + " --quiet -o " + bin + " " +
                           src + " >" + log + " 2>&1";
   const int rc = system(cmd.c_str());
   std::ifstream lf(log);
   b.log.assign(std::istreambuf_iterator<char>(lf), std::istreambuf_iterator<char>());
   std::ifstream f(bin, std::ios::binary);
   std::vector<uint8_t> data((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
   unlink(src.c_str());
   unlink(bin.c_str());
   unlink(log.c_str());
   rmdir(dir);
   uint32_t magic = 0;
   if (rc != 0 || data.size() < 4 + sizeof(b.info))
      return b;
   memcpy(&magic, data.data(), 4);
   memcpy(&b.info, data.data() + 4, sizeof(b.info));
   if (magic != kBinaryMagic || data.size() != 4 + sizeof(b.info) + b.info.code_size)
      return b;
   b.code.assign(data.begin() + 4 + sizeof(b.info), data.end());
   return b;
}

ShaderRig::ShaderRig(const Binary &binary)
    : code_(binary.code), in_(16 * kBlock, 0), out_(16 * kBlock, 0xaa), consts_(64 * 1024, 0),
      stack_(16 * kStackPerLane, 0), desc_(4096, 0)
{
   as_.map(kCodeVa, code_.size(), code_.data(), false);
   as_.map(kInVa, in_.size(), in_.data());
   as_.map(kOutVa, out_.size(), out_.data());
   as_.map(kConstVa, consts_.size(), consts_.data(), false);
   as_.map(kStackVa, stack_.size(), stack_.data());
   as_.map(kDescVa, desc_.size(), desc_.data(), false);
   if (!code_.empty())
      sim::shader_program_load(as_, kCodeVa, (uint32_t)code_.size(), &prog_);
}

float
ShaderRig::out(unsigned lane, unsigned slot, unsigned comp) const
{
   float v;
   memcpy(&v, &out_[lane * kBlock + slot * 16 + comp * 4], 4);
   return v;
}

uint32_t
ShaderRig::out_u(unsigned lane, unsigned slot, unsigned comp) const
{
   uint32_t v;
   memcpy(&v, &out_[lane * kBlock + slot * 16 + comp * 4], 4);
   return v;
}

void
ShaderRig::set_uniform(unsigned vec4_slot, unsigned comp, float v)
{
   memcpy(&consts_[vec4_slot * 16 + comp * 4], &v, 4);
}

sim::ShaderResult
ShaderRig::run(uint16_t lanes, sim::TextureUnit *textures)
{
   std::vector<std::pair<const char *, uint64_t>> counts;
   sim::ShaderResult result = run_on_both_models({&in_, &out_, &stack_}, [&](sim::JitMode mode) {
      ShaderRun r;
      r.warps.resize(1);
      sim::Warp &w = r.warps[0];
      w.start(kCodeVa, lanes);
      for (unsigned l = 0; l < 16; l++) {
         w.x[LSGPU_ABI_REG_STACK][l] = kStackVa + (l + 1) * kStackPerLane;
         w.x[LSGPU_ABI_REG_INPUT_BLOCK][l] = kInVa + l * kBlock;
         w.x[LSGPU_ABI_REG_OUTPUT_BLOCK][l] = kOutVa + l * kBlock;
         w.x[LSGPU_ABI_REG_CONSTANTS][l] = kConstVa;
         w.x[LSGPU_ABI_REG_DESCRIPTORS][l] = kDescVa;
         w.x[LSGPU_ABI_REG_SHARED_MEMORY][l] = sim::kSharedMemoryBase;
         for (unsigned s = 0; s < LSGPU_SYSVAL_COUNT; s++)
            w.sysval[s][l] = sysvals_[s][l];
         w.sysval[LSGPU_SYSVAL_LANE][l] = l;
      }
      sim::Counters run_counters;
      sim::ShaderEnv env{as_, run_counters, std::vector<uint8_t>(256, 0), 10000000};
      env.textures = textures;
      env.jit = mode;
      r.result = sim::shader_run(prog_, r.warps, env);
      r.counters = counts = counter_values(run_counters);
      return r;
   });
   add_counters(counters, counts);
   return result;
}

} // namespace lsgpu::test
