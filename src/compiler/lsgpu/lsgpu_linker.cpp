/* SPDX-License-Identifier: MIT */

/* Our linker: turns the RISC-V object LLVM emitted into one position-independent blob
 * (docs/isa.md §4.1): .text at offset 0, then the read-only data sections, with every
 * PC-relative relocation resolved. An undefined symbol (a libcall) is counted and
 * fails the link: LSGPU-1 binaries carry no runtime. */

#include "lsgpu_llvm.h"

#include <map>

#include <llvm/BinaryFormat/ELF.h>
#include <llvm/Object/ELFObjectFile.h>
#include <llvm/Object/ObjectFile.h>
#include <llvm/Support/MemoryBuffer.h>

using namespace llvm;
using namespace llvm::object;

namespace lsgpu
{

static void
put32(std::vector<uint8_t> &code, uint64_t at, uint32_t v)
{
   for (unsigned i = 0; i < 4; i++)
      code[at + i] = (uint8_t)(v >> (8 * i));
}

static uint32_t
get32(const std::vector<uint8_t> &code, uint64_t at)
{
   return code[at] | code[at + 1] << 8 | code[at + 2] << 16 | (uint32_t)code[at + 3] << 24;
}

namespace
{
struct Reloc {
   uint64_t at; /* blob offset patched */
   uint32_t type;
   uint64_t target;    /* blob offset of symbol + addend */
   uint64_t symbol_at; /* for PCREL_LO12: blob offset of the auipc label */
};
} // namespace

static uint32_t
read_uleb(const uint8_t *p, const uint8_t *end)
{
   uint32_t v = 0;
   for (unsigned shift = 0; p < end && shift < 32; shift += 7, p++) {
      v |= (uint32_t)(*p & 0x7f) << shift;
      if (!(*p & 0x80))
         break;
   }
   return v;
}

bool
link_object(const std::vector<char> &object, LinkedShader *out, std::string *error)
{
   auto obj_or = ObjectFile::createObjectFile(
      MemoryBufferRef(StringRef(object.data(), object.size()), "lsgpu"));
   if (!obj_or) {
      *error = "cannot read the emitted object: " + toString(obj_or.takeError());
      return false;
   }
   ObjectFile &obj = **obj_or;

   /* Lay out: .text first (the entry is at 0), then allocated read-only data. */
   std::map<uint64_t, uint64_t> base; /* section index → blob offset */
   std::vector<uint8_t> &code = out->code;
   code.clear();
   auto place = [&](const SectionRef &s) -> bool {
      Expected<StringRef> contents = s.getContents();
      if (!contents) {
         consumeError(contents.takeError());
         return false;
      }
      const uint64_t align = std::max<uint64_t>(4, s.getAlignment());
      uint64_t at = (code.size() + align - 1) & ~(align - 1);
      code.resize(at, 0);
      base[s.getIndex()] = at;
      if (s.isBSS())
         code.resize(at + s.getSize(), 0);
      else
         code.insert(code.end(), contents->begin(), contents->end());
      return true;
   };
   for (const SectionRef &s : obj.sections()) {
      Expected<StringRef> name = s.getName();
      if (name && *name == ".text" && !place(s)) {
         *error = "cannot read .text";
         return false;
      }
   }
   if (code.empty()) {
      *error = "the object has no code";
      return false;
   }
   for (const SectionRef &s : obj.sections()) {
      Expected<StringRef> name = s.getName();
      if (!name) {
         consumeError(name.takeError());
         continue;
      }
      const uint64_t flags = ELFSectionRef(s).getFlags();
      if (*name == ".text" || !(flags & ELF::SHF_ALLOC) || s.getSize() == 0)
         continue;
      if (flags & ELF::SHF_WRITE) {
         *error = "writable data section " + name->str() + " in a shader";
         return false;
      }
      if (!place(s)) {
         *error = "cannot read " + name->str();
         return false;
      }
      if (flags & ELF::SHF_EXECINSTR) {
         *error = "a second code section " + name->str();
         return false;
      }
   }

   /* Stack size from .stack_sizes (address, ULEB128 size) of the one function. */
   for (const SectionRef &s : obj.sections()) {
      Expected<StringRef> name = s.getName();
      if (name && *name == ".stack_sizes") {
         Expected<StringRef> c = s.getContents();
         if (c && c->size() > 4)
            out->stack_size =
               read_uleb((const uint8_t *)c->data() + 4, (const uint8_t *)c->data() + c->size());
         else if (!c)
            consumeError(c.takeError());
      } else if (!name) {
         consumeError(name.takeError());
      }
   }
   out->stack_size = (out->stack_size + 15) & ~15u;

   std::vector<Reloc> relocs;
   out->libcalls = 0;
   for (const SectionRef &s : obj.sections()) {
      Expected<section_iterator> target_or = s.getRelocatedSection();
      if (!target_or) {
         consumeError(target_or.takeError());
         continue;
      }
      if (*target_or == obj.section_end())
         continue;
      auto placed = base.find((*target_or)->getIndex());
      if (placed == base.end())
         continue; /* relocations of .stack_sizes and debug data */
      for (const RelocationRef &r : s.relocations()) {
         Reloc rel = {placed->second + r.getOffset(), (uint32_t)r.getType(), 0, 0};
         if (rel.type == ELF::R_RISCV_RELAX || rel.type == ELF::R_RISCV_NONE)
            continue;
         symbol_iterator sym = r.getSymbol();
         int64_t addend = 0;
         if (auto a = ELFRelocationRef(r).getAddend())
            addend = *a;
         else
            consumeError(a.takeError());
         if (sym == obj.symbol_end()) {
            *error = "relocation without a symbol";
            return false;
         }
         Expected<section_iterator> sec = sym->getSection();
         if (!sec) {
            consumeError(sec.takeError());
            *error = "relocation against an unreadable symbol";
            return false;
         }
         if (*sec == obj.section_end()) {
            Expected<StringRef> name = sym->getName();
            std::string n = name ? name->str() : "?";
            if (!name)
               consumeError(name.takeError());
            out->libcalls++;
            *error = "call to " + n + " (a libcall; LSGPU-1 binaries have no runtime)";
            continue;
         }
         auto sym_base = base.find((*sec)->getIndex());
         Expected<uint64_t> value = sym->getValue();
         if (sym_base == base.end() || !value) {
            if (!value)
               consumeError(value.takeError());
            *error = "relocation against a section that is not loaded";
            return false;
         }
         rel.target = sym_base->second + *value + addend;
         rel.symbol_at = sym_base->second + *value;
         relocs.push_back(rel);
      }
   }
   if (out->libcalls)
      return false;

   /* PCREL_LO12 points at the auipc whose PCREL_HI20 carries the real target. */
   std::map<uint64_t, int64_t> hi20; /* auipc offset → target - auipc */
   for (const Reloc &r : relocs) {
      if (r.type == ELF::R_RISCV_PCREL_HI20 || r.type == ELF::R_RISCV_GOT_HI20)
         hi20[r.at] = (int64_t)r.target - (int64_t)r.at;
   }
   for (const Reloc &r : relocs) {
      if (r.at + 4 > code.size()) {
         *error = "relocation outside the blob";
         return false;
      }
      uint32_t insn = get32(code, r.at);
      const int64_t pcrel = (int64_t)r.target - (int64_t)r.at;
      switch (r.type) {
      case ELF::R_RISCV_PCREL_HI20: {
         const uint32_t hi = (uint32_t)((pcrel + 0x800) >> 12) & 0xfffff;
         put32(code, r.at, (insn & 0xfff) | hi << 12);
         break;
      }
      case ELF::R_RISCV_PCREL_LO12_I:
      case ELF::R_RISCV_PCREL_LO12_S: {
         auto h = hi20.find(r.symbol_at);
         if (h == hi20.end()) {
            *error = "PCREL_LO12 without its PCREL_HI20";
            return false;
         }
         const int64_t off = h->second;
         const uint32_t lo = (uint32_t)(off - (((off + 0x800) >> 12) << 12)) & 0xfff;
         if (r.type == ELF::R_RISCV_PCREL_LO12_I)
            insn = (insn & 0x000fffff) | lo << 20;
         else
            insn = (insn & 0x01fff07f) | (lo >> 5) << 25 | (lo & 0x1f) << 7;
         put32(code, r.at, insn);
         break;
      }
      case ELF::R_RISCV_BRANCH: {
         const uint32_t o = (uint32_t)pcrel;
         insn &= 0x01fff07f;
         insn |= ((o >> 12) & 1) << 31 | ((o >> 5) & 0x3f) << 25 | ((o >> 1) & 0xf) << 8 |
                 ((o >> 11) & 1) << 7;
         put32(code, r.at, insn);
         break;
      }
      case ELF::R_RISCV_JAL: {
         const uint32_t o = (uint32_t)pcrel;
         insn &= 0xfff;
         insn |= ((o >> 20) & 1) << 31 | ((o >> 1) & 0x3ff) << 21 | ((o >> 11) & 1) << 20 |
                 ((o >> 12) & 0xff) << 12;
         put32(code, r.at, insn);
         break;
      }
      case ELF::R_RISCV_32_PCREL:
         put32(code, r.at, (uint32_t)pcrel);
         break;
      default:
         *error = "unsupported relocation type " + std::to_string(r.type);
         return false;
      }
   }
   return true;
}

} // namespace lsgpu
