/* SPDX-License-Identifier: MIT */

/* Disassembly of LSGPU-1 binaries: RV32IMAF through LLVM's RISC-V disassembler,
 * Xlsgpu (docs/isa.md §3) by name from our own table. */

#include "lsgpu_compiler.h"
#include "lsgpu_disasm.h"
#include "lsgpu_llvm.h"
#include "lsgpu_xlsgpu.h"

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

static const char *const kFunary[] = {"floor", "ceil", "trunc", "roundeven", "fract", "rcp",
                                      "rsqrt", "exp2", "log2",  "sin",       "cos"};
static const char *const kQuad[] = {"ddx.fine",   "ddy.fine",   "ddx.coarse",    "ddy.coarse",
                                    "quad.swapx", "quad.swapy", "quad.swapdiag", "quad.bcast"};
static const char *const kControl[] = {"demote", "terminate", "barrier"};

static std::string
xname(unsigned r)
{
   return "x" + std::to_string(r);
}
static std::string
fname(unsigned r)
{
   return "f" + std::to_string(r);
}

bool
lsgpu_disasm_xlsgpu(uint32_t w, std::string *text, bool *is_tex, bool *is_div_like)
{
   const unsigned opcode = w & 0x7f, rd = (w >> 7) & 31, f3 = (w >> 12) & 7, rs1 = (w >> 15) & 31,
                  rs2 = (w >> 20) & 31, f7 = w >> 25;
   *is_tex = false;
   if (opcode == LSGPU_OPCODE_CUSTOM1) {
      *is_tex = true;
      std::string mode[] = {"", ".bias", ".lod", ".grad"};
      *text = "lsgpu.tex" + mode[f7 & 3] + ((f7 & 4) ? ".shadow" : "") + " " + fname(rd) + ", " +
              xname(rs1);
      return f3 == 0 && rd == 28 && rs2 == 0 && f7 < 8;
   }
   if (opcode != LSGPU_OPCODE_CUSTOM0)
      return false;
   switch (f3) {
   case LSGPU_X_SYSVAL:
      *text = "lsgpu.sysval " + xname(rd) + ", " + std::to_string(w >> 20);
      return true;
   case LSGPU_X_FUNARY:
      if (f7 >= sizeof(kFunary) / sizeof(kFunary[0]))
         return false;
      *is_div_like = f7 >= LSGPU_RCP;
      *text = std::string("lsgpu.") + kFunary[f7] + " " + fname(rd) + ", " + fname(rs1);
      return true;
   case LSGPU_X_QUAD:
      if (f7 >= 8)
         return false;
      *text = std::string("lsgpu.") + kQuad[f7] + " " + fname(rd) + ", " + fname(rs1) +
              (f7 == LSGPU_QUAD_BCAST ? ", " + xname(rs2) : "");
      return true;
   case LSGPU_X_CONTROL:
      if (f7 >= 3)
         return false;
      *text = std::string("lsgpu.") + kControl[f7];
      return true;
   default:
      return false;
   }
}

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
      std::string x;
      bool is_tex = false, div_like = false;
      if (lsgpu_disasm_xlsgpu(w, &x, &is_tex, &div_like)) {
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
