/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_LLVM_H
#define LSGPU_LLVM_H

/* The LLVM-facing half of the compiler. llvm:: types stay behind this header. */

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "lsgpu_compiler.h"

namespace llvm
{
class LLVMContext;
class Module;
class TargetMachine;
} // namespace llvm

struct nir_shader;

namespace lsgpu
{

/* Registers the RISC-V target once per process (thread-safe). */
void init_llvm();

/* lsgpu_llvm_lifetime.cpp: false once exit() has begun and LLVM's statics may be
 * destroyed; the compiler then fails instead of calling LLVM. Called before and
 * after each compilation. */
bool llvm_usable();
void llvm_note_compilation();

/* lsgpu_nir_to_llvm.cpp: one scalar-thread LLVM function for a lowered NIR shader. */
std::unique_ptr<llvm::Module> nir_to_llvm(nir_shader *nir, llvm::LLVMContext &ctx,
                                          std::string *error);

/* lsgpu_llvm_codegen.cpp */
std::unique_ptr<llvm::TargetMachine> create_target_machine(lsgpu_opt_level level,
                                                           std::string *error);
void optimize_module(llvm::Module &module, llvm::TargetMachine &tm, lsgpu_opt_level level);
bool emit_object(llvm::Module &module, llvm::TargetMachine &tm, std::vector<char> *object,
                 std::string *error);
std::string module_to_string(const llvm::Module &module);

/* lsgpu_linker.cpp: one position-independent blob from the object (docs/isa.md §4.1). */
struct LinkedShader {
   std::vector<uint8_t> code;
   uint32_t stack_size = 0;
   uint32_t libcalls = 0;
};
bool link_object(const std::vector<char> &object, LinkedShader *out, std::string *error);

} // namespace lsgpu

#endif
