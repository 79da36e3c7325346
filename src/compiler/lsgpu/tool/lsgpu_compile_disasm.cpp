/* SPDX-License-Identifier: MIT */
/*
 * lsgpu-compile --disasm FILE.lsb...: the disassembly of binaries written with -o
 * (RV32IMAF by LLVM's disassembler, Xlsgpu by name from src/hw/lsgpu_isa.yaml), with
 * their metadata. A file that is not such a binary is an error, not an empty listing.
 */
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "lsgpu_compiler.h"
#include "lsgpu_shader_test.h"

namespace
{

bool
read_binary(const std::string &path, lsgpu_shader_info *info, std::vector<uint8_t> *code,
            std::string *why)
{
   FILE *f = fopen(path.c_str(), "rb");
   if (!f) {
      *why = "cannot open";
      return false;
   }
   uint32_t magic = 0;
   const bool head = fread(&magic, 4, 1, f) == 1 && fread(info, sizeof(*info), 1, f) == 1;
   bool ok = head && magic == LSGPU_BINARY_FILE_MAGIC && info->code_size % 4 == 0 &&
             info->code_size <= (1u << 20);
   if (ok) {
      code->resize(info->code_size);
      ok = fread(code->data(), 1, code->size(), f) == code->size() && fgetc(f) == EOF;
   }
   fclose(f);
   if (!ok)
      *why = "not an LSGPU-1 binary written by lsgpu-compile -o (or truncated)";
   return ok;
}

} // namespace

int
lsgpu_run_disasm(const std::vector<std::string> &files)
{
   int rc = 0;
   for (const std::string &path : files) {
      lsgpu_shader_info info;
      std::vector<uint8_t> code;
      std::string why;
      if (!read_binary(path, &info, &code, &why)) {
         fprintf(stderr, "lsgpu-compile: %s: %s\n", path.c_str(), why.c_str());
         rc = 1;
         continue;
      }
      printf("%s: stage %u, %u bytes of code, %u bytes of stack per invocation, textures 0x%x, "
             "inputs 0x%x, outputs 0x%x\n",
             path.c_str(), info.stage, info.code_size, info.stack_size, info.textures_used,
             info.inputs_used, info.outputs_used);
      char *text = lsgpu_disassemble(code.data(), info.code_size);
      fputs(text, stdout);
      free(text);
   }
   return rc;
}
