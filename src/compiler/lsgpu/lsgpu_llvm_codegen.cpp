/* SPDX-License-Identifier: MIT */

/* LLVM 15's stock RISC-V backend turns one lane's IR into an object in memory
 * (docs/compiler.md). Every compilation gets its own TargetMachine; nothing here
 * touches LLVM's global command-line options, which llvmpipe shares. */

#include "lsgpu_llvm.h"

#include <mutex>

#include <llvm-c/Target.h>
#include <llvm/Analysis/CGSCCPassManager.h>
#include <llvm/Analysis/LoopAnalysisManager.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/PassManager.h>
#include <llvm/IR/Verifier.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>
#include <llvm/Target/TargetOptions.h>
#include <llvm/Transforms/InstCombine/InstCombine.h>
#include <llvm/Transforms/Scalar/EarlyCSE.h>
#include <llvm/Transforms/Scalar/LICM.h>
#include <llvm/Transforms/Scalar/SimplifyCFG.h>
#include <llvm/Transforms/Utils/Mem2Reg.h>

using namespace llvm;

namespace lsgpu
{

static const char kTriple[] = "riscv32-unknown-none-elf";
/* docs/isa.md §1: RV32IMAF, no compressed instructions, no relaxation (our linker
 * resolves PC-relative pairs itself). */
static const char kFeatures[] = "+m,+a,+f,-c,-d,-relax";

void
init_llvm()
{
   static std::once_flag once;
   std::call_once(once, [] {
      LLVMInitializeRISCVTargetInfo();
      LLVMInitializeRISCVTarget();
      LLVMInitializeRISCVTargetMC();
      LLVMInitializeRISCVAsmPrinter();
      LLVMInitializeRISCVAsmParser(); /* inline asm with .insn */
      LLVMInitializeRISCVDisassembler();
   });
}

std::unique_ptr<TargetMachine>
create_target_machine(lsgpu_opt_level level, std::string *error)
{
   init_llvm();
   std::string err;
   const Target *target = TargetRegistry::lookupTarget(kTriple, err);
   if (!target) {
      *error = "LLVM has no RISC-V target: " + err;
      return nullptr;
   }
   TargetOptions options;
   options.MCOptions.ABIName = "ilp32f";
   options.FloatABIType = FloatABI::Hard;
   /* No contraction of separate multiplies and adds: llvmpipe (the reference) rounds
    * each, and shaders that differ only in where a compiler fused would break GLSL's
    * invariance (invariant outputs drawn by two programs). fma() stays fused. */
   options.AllowFPOpFusion = FPOpFusion::Standard;
   options.EmitStackSizeSection = true; /* the linker reads the frame size from it */
   const CodeGenOpt::Level cg = level == LSGPU_OPT_NONE ? CodeGenOpt::None : CodeGenOpt::Default;
   std::unique_ptr<TargetMachine> tm(target->createTargetMachine(
      kTriple, "generic-rv32", kFeatures, options, Reloc::PIC_, CodeModel::Small, cg));
   if (!tm)
      *error = "cannot create the RISC-V target machine";
   return tm;
}

/* Each lane is scalar RV32IMAF: no vectorizers. Set explicitly, since the defaults
 * come from LLVM's process-wide options, which another LLVM user in the process
 * (llvmpipe's draw module) shares. (The glBitmap "cannot split" error once blamed on
 * this was a compilation during exit(): lsgpu_llvm_lifetime.cpp.) */
PipelineTuningOptions
scalar_tuning()
{
   PipelineTuningOptions pto;
   pto.LoopVectorization = false;
   pto.SLPVectorization = false;
   pto.LoopInterleaving = false;
   return pto;
}

/* The new pass manager's analysis managers, registered and cross-wired for tm. */
struct Analyses {
   LoopAnalysisManager lam;
   FunctionAnalysisManager fam;
   CGSCCAnalysisManager cgam;
   ModuleAnalysisManager mam;
   PassBuilder pb;

   explicit Analyses(TargetMachine &tm) : pb(&tm, scalar_tuning())
   {
      pb.registerModuleAnalyses(mam);
      pb.registerCGSCCAnalyses(cgam);
      pb.registerFunctionAnalyses(fam);
      pb.registerLoopAnalyses(lam);
      pb.crossRegisterProxies(lam, fam, cgam, mam);
   }
};

/* The default pipeline, chosen by `./lsgpu bench compile` (docs/compiler.md): NIR has
 * already done constant folding, CSE, copy propagation, dead code and loop
 * unrolling, so LLVM needs only to clean up after translation (bitcasts, selects,
 * redundant loads) and hoist invariants. It generates as good code as O2 on the
 * piglit corpus in a fraction of the time. */
static void
run_light_pipeline(Module &module, TargetMachine &tm)
{
   Analyses a(tm);

   FunctionPassManager fpm;
   fpm.addPass(PromotePass());
   fpm.addPass(EarlyCSEPass(true));
   fpm.addPass(InstCombinePass());
   fpm.addPass(SimplifyCFGPass());
   fpm.addPass(createFunctionToLoopPassAdaptor(LICMPass(LICMOptions()), true));
   fpm.addPass(InstCombinePass());
   for (Function &f : module) {
      if (!f.isDeclaration())
         fpm.run(f, a.fam);
   }
}

static void
run_o2_pipeline(Module &module, TargetMachine &tm)
{
   Analyses a(tm);
   ModulePassManager mpm = a.pb.buildPerModuleDefaultPipeline(OptimizationLevel::O2);
   mpm.run(module, a.mam);
}

void
optimize_module(Module &module, TargetMachine &tm, lsgpu_opt_level level)
{
   switch (level) {
   case LSGPU_OPT_NONE:
      return;
   case LSGPU_OPT_O2:
      run_o2_pipeline(module, tm);
      return;
   case LSGPU_OPT_DEFAULT:
      run_light_pipeline(module, tm);
      return;
   }
}

bool
emit_object(Module &module, TargetMachine &tm, std::vector<char> *object, std::string *error)
{
   std::string verify;
   raw_string_ostream vs(verify);
   if (verifyModule(module, &vs)) {
      *error = "invalid LLVM IR: " + vs.str();
      return false;
   }
   SmallVector<char, 0> buffer;
   raw_svector_ostream os(buffer);
   legacy::PassManager pm;
   if (tm.addPassesToEmitFile(pm, os, nullptr, CGFT_ObjectFile)) {
      *error = "the RISC-V target cannot emit objects";
      return false;
   }
   pm.run(module);
   object->assign(buffer.begin(), buffer.end());
   return true;
}

std::string
module_to_string(const Module &module)
{
   std::string s;
   raw_string_ostream os(s);
   module.print(os, nullptr);
   return os.str();
}

} // namespace lsgpu
