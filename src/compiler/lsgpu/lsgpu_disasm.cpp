/* SPDX-License-Identifier: MIT */

/* Disassembly of LSGPU-1 binaries: RV32IMAF through LLVM's RISC-V disassembler,
 * Xlsgpu (docs/isa.md §3) by name from the table generated from src/hw/lsgpu_isa.yaml. */

#include "lsgpu_compiler.h"
#include "lsgpu_llvm.h"
#include "lsgpu_isa.h"

#include <cstring>
#include <memory>
#include <mutex>
#include <string>

#include <llvm-c/Target.h>
#include <llvm/MC/MCAsmInfo.h>
#include <llvm/MC/MCContext.h>
#include <llvm/MC/MCDisassembler/MCDisassembler.h>
#include <llvm/MC/MCInst.h>
#include <llvm/MC/MCInstPrinter.h>
#include <llvm/MC/MCInstrInfo.h>
#include <llvm/MC/MCRegisterInfo.h>
#include <llvm/MC/MCSubtargetInfo.h>
#include <llvm/MC/MCTargetOptions.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Support/raw_ostream.h>

using namespace llvm;

namespace
{
struct Disassembler {
   std::unique_ptr<MCRegisterInfo> mri;
   std::unique_ptr<MCAsmInfo> mai;
   std::unique_ptr<MCSubtargetInfo> sti;
   std::unique_ptr<MCInstrInfo> mii;
   std::unique_ptr<MCContext> ctx;
   std::unique_ptr<MCDisassembler> dis;
   std::unique_ptr<MCInstPrinter> printer;

   bool init()
   {
      lsgpu::init_llvm();
      const char *triple = "riscv32-unknown-none-elf";
      std::string err;
      const Target *t = TargetRegistry::lookupTarget(triple, err);
      if (!t)
         return false;
      mri.reset(t->createMCRegInfo(triple));
      MCTargetOptions opts;
      mai.reset(t->createMCAsmInfo(*mri, triple, opts));
      sti.reset(t->createMCSubtargetInfo(triple, "generic-rv32", "+m,+a,+f"));
      mii.reset(t->createMCInstrInfo());
      ctx = std::make_unique<MCContext>(Triple(triple), mai.get(), mri.get(), sti.get());
      dis.reset(t->createMCDisassembler(*sti, *ctx));
      printer.reset(t->createMCInstPrinter(Triple(triple), 0, *mai, *mii, *mri));
      return dis && printer;
   }
};
} // namespace

extern "C" char *
lsgpu_disassemble(const uint8_t *code, uint32_t size)
{
   Disassembler d;
   if (!d.init())
      return strdup("(no RISC-V disassembler in this LLVM)\n");
   std::string out;
   raw_string_ostream os(out);
   for (uint32_t at = 0; at + 4 <= size; at += 4) {
      uint32_t w;
      memcpy(&w, code + at, 4);
      char head[32];
      snprintf(head, sizeof(head), "%6x:  %08x  ", at, w);
      os << head;
      char x[64];
      if (lsgpu_xlsgpu_disasm(w, x, sizeof(x))) {
         os << x << "\n";
         continue;
      }
      MCInst inst;
      uint64_t len = 0;
      if (d.dis->getInstruction(inst, len, ArrayRef<uint8_t>(code + at, 4), at, nulls()) ==
          MCDisassembler::Success) {
         std::string s;
         raw_string_ostream is(s);
         d.printer->printInst(&inst, at, "", *d.sti, is);
         is.flush();
         size_t b = s.find_first_not_of(" \t");
         os << (b == std::string::npos ? s : s.substr(b)) << "\n";
      } else {
         os << ".word 0x" << format_hex_no_prefix(w, 8) << "   # data\n";
      }
   }
   os.flush();
   return strdup(out.c_str());
}
