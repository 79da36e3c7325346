/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_TEST_SHADER_RIG_H
#define LSGPU_TEST_SHADER_RIG_H

/* Compiles GLSL with lsgpu-compile (the standalone compiler: Mesa's GLSL front end,
 * our NIR lowering, LLVM 15) and runs the binary on the shader-core model, one
 * invocation per lane, with the lane ABI of docs/isa.md §4. */

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "gpu/memory/address_space.h"
#include "gpu/counters.h"
#include "gpu/shader/shader_core.h"
#include "lsgpu_compiler.h"

namespace lsgpu::test
{

/* Mesa's gl_varying_slot and gl_vert_attrib values the tests name (shader_enums.h). */
enum : uint8_t {
   VARYING_POS = 0,
   VARYING_COL0 = 1,
   VARYING_TEX0 = 4,
   ATTRIB_POS = 0,
   ATTRIB_NORMAL = 1,
   ATTRIB_COLOR0 = 2,
   ATTRIB_TEX0 = 6,
   FRAG_RESULT_COLOR = 2,
};

struct Binary {
   lsgpu_shader_info info = {};
   std::vector<uint8_t> code;
   std::string log; /* the tool's output when compilation failed */
   bool ok() const { return !code.empty(); }
   int input_slot(uint8_t location) const;
   int output_slot(uint8_t location) const;
};

/* suffix: .vert, .frag or .comp. */
Binary compile_glsl(const std::string &source, const char *suffix);

class ShaderRig
{
 public:
   static constexpr uint32_t kCodeVa = 0x100000, kInVa = 0x200000, kOutVa = 0x300000,
                             kConstVa = 0x400000, kStackVa = 0x500000, kDescVa = 0x600000;
   static constexpr uint32_t kBlock = 16 * LSGPU_IO_SLOTS;
   static constexpr uint32_t kStackPerLane = 4096;

   explicit ShaderRig(const Binary &binary);

   void set_in(unsigned lane, unsigned slot, unsigned comp, float v)
   {
      put(in_, lane, slot, comp, &v);
   }
   void set_in_u(unsigned lane, unsigned slot, unsigned comp, uint32_t v)
   {
      put(in_, lane, slot, comp, &v);
   }
   float out(unsigned lane, unsigned slot, unsigned comp) const;
   uint32_t out_u(unsigned lane, unsigned slot, unsigned comp) const;
   /* Uniform vec4 slot n of the default uniform block (declaration order). */
   void set_uniform(unsigned vec4_slot, unsigned comp, float v);
   void set_sysval(unsigned lane, unsigned index, uint32_t v) { sysvals_[index][lane] = v; }

   sim::ShaderResult run(uint16_t lanes = 0xffff, sim::TextureUnit *textures = nullptr);
   sim::Counters counters;

 private:
   static void put(std::vector<uint8_t> &block, unsigned lane, unsigned slot, unsigned comp,
                   const void *v)
   {
      memcpy(&block[lane * kBlock + slot * 16 + comp * 4], v, 4);
   }

   std::vector<uint8_t> code_, in_, out_, consts_, stack_, desc_;
   uint32_t sysvals_[LSGPU_SYSVAL_COUNT][sim::kWarpWidth] = {};
   sim::AddressSpace as_;
   sim::ShaderProgram prog_;
};

} // namespace lsgpu::test

#endif
