/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_SHADER_JIT_CODEGEN_H
#define LSGPU_SIM_SHADER_JIT_CODEGEN_H

#include <string>

#include "gpu/shader/shader_jit.h"

namespace llvm
{
class Function;
class Module;
} // namespace llvm

namespace lsgpu::sim
{

/* Emits program as `uint32_t name(Warp *, JitFrame *)` (a JitFunction) into module;
 * it calls the helpers by kJitHelperNames. */
llvm::Function *shader_jit_build(llvm::Module &module, const ShaderProgram &program,
                                 const std::string &name);

} // namespace lsgpu::sim

#endif
