/* SPDX-License-Identifier: MIT */

/* The compiler's driver: NIR lowering → LLVM IR → object → linked binary, the
 * metadata the driver needs, and shader-db statistics. */

#include "lsgpu_compiler.h"
#include "lsgpu_isa.h"
#include "lsgpu_llvm.h"
#include "lsgpu_nir.h"

#include <chrono>
#include <cstring>

#include <llvm/Config/llvm-config.h>
#include <llvm/IR/DiagnosticInfo.h>
#include <llvm/IR/DiagnosticPrinter.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/IR/Module.h>
#include <llvm/Target/TargetMachine.h>

static char *
dup_error(const std::string &s)
{
   return strdup(s.c_str());
}

static unsigned
count_nir(nir_shader *nir, unsigned *loops)
{
   unsigned n = 0;
   *loops = 0;
   nir_foreach_function_impl(impl, nir)
   {
      nir_foreach_block(block, impl)
      {
         nir_foreach_instr(instr, block) n++;
         nir_cf_node *parent = block->cf_node.parent;
         if (parent && parent->type == nir_cf_node_loop &&
             nir_loop_first_block(nir_cf_node_as_loop(parent)) == block)
            (*loops)++;
      }
   }
   return n;
}

/* Static statistics from the machine code, with the timing model of docs/isa.md §6
 * (lsgpu_isa_extra_cycles, generated from src/hw/lsgpu_isa.yaml). Loops count once. Stack-frame
 * stores and loads are spills and fills (scratch arrays indexed with constants count too; they are
 * rare). */
static void
scan_code(const uint8_t *code, uint32_t size, lsgpu_shader_stats *st)
{
   for (uint32_t at = 0; at + 4 <= size; at += 4) {
      uint32_t w;
      memcpy(&w, code + at, 4);
      const unsigned op = w & 0x7f, rd = (w >> 7) & 31, rs1 = (w >> 15) & 31, rs2 = (w >> 20) & 31,
                     f7 = w >> 25;
      /* The timing model of docs/isa.md §6, the one the shader core counts. */
      st->cycles += 1 + lsgpu_isa_extra_cycles(w);
      uint32_t sub;
      st->xlsgpu += lsgpu_xlsgpu_decode(w, &sub) >= 0;
      auto gpr = [&](unsigned r) { st->max_gpr = std::max(st->max_gpr, r); };
      auto fpr = [&](unsigned r) { st->max_fpr = std::max(st->max_fpr, r); };
      switch (op) {
      case 0x03:
         gpr(rd);
         gpr(rs1);
         st->fills += rs1 == 2;
         break; /* loads */
      case 0x07:
         fpr(rd);
         gpr(rs1);
         st->fills += rs1 == 2;
         break; /* flw */
      case 0x23:
         gpr(rs1);
         gpr(rs2);
         st->spills += rs1 == 2;
         break; /* stores */
      case 0x27:
         gpr(rs1);
         fpr(rs2);
         st->spills += rs1 == 2;
         break; /* fsw */
      case 0x2f:
         gpr(rd);
         gpr(rs1);
         gpr(rs2);
         break; /* AMO */
      case 0x33:
         gpr(rd);
         gpr(rs1);
         gpr(rs2);
         break;
      case 0x13:
      case 0x37:
      case 0x17:
      case 0x6f:
      case 0x67:
         gpr(rd);
         gpr(rs1);
         break;
      case 0x63:
         gpr(rs1);
         gpr(rs2);
         break;
      case 0x43:
      case 0x47:
      case 0x4b:
      case 0x4f:
         fpr(rd);
         fpr(rs1);
         fpr(rs2);
         break;
      case 0x53:
         fpr(rs1);
         if (f7 == 0x60 || f7 == 0x70 || f7 == 0x50)
            gpr(rd); /* fcvt.w, fmv.x.w/fclass, compares */
         else
            fpr(rd);
         break;
      default:
         break;
      }
   }
   st->instructions = size / 4;
}

static uint32_t
max_uniform_offset(nir_shader *nir)
{
   uint32_t end = 0;
   nir_foreach_function_impl(impl, nir)
   {
      nir_foreach_block(block, impl)
      {
         nir_foreach_instr(instr, block)
         {
            if (instr->type != nir_instr_type_intrinsic)
               continue;
            nir_intrinsic_instr *intr = nir_instr_as_intrinsic(instr);
            const bool ubo = intr->intrinsic == nir_intrinsic_load_ubo ||
                             intr->intrinsic == nir_intrinsic_load_ubo_vec4;
            if (ubo && (!nir_src_is_const(intr->src[0]) || nir_src_as_uint(intr->src[0]) != 0))
               continue; /* a uniform block: only the default block is a2 */
            if (intr->intrinsic == nir_intrinsic_load_ubo_vec4) {
               /* An indirect vec4 index has no static bound: report the whole block. */
               end = nir_src_is_const(intr->src[1])
                        ? std::max(end, 16 * ((uint32_t)nir_src_as_uint(intr->src[1]) +
                                              nir_intrinsic_base(intr) + 1))
                        : UINT32_MAX;
               continue;
            }
            if (intr->intrinsic != nir_intrinsic_load_ubo)
               continue;
            if (nir_src_is_const(intr->src[1]))
               end = std::max(end, (uint32_t)nir_src_as_uint(intr->src[1]) +
                                      4 * intr->def.num_components);
            else
               end = std::max(end, nir_intrinsic_range_base(intr) + nir_intrinsic_range(intr));
         }
      }
   }
   return end;
}

static void
collect_flags(nir_shader *nir, lsgpu_shader_info *info)
{
   if (nir->info.stage == MESA_SHADER_FRAGMENT && nir->info.fs.early_fragment_tests)
      info->flags |= LSGPU_SHADER_EARLY_FRAGMENT_TESTS;
   if (nir->info.float_controls_execution_mode & FLOAT_CONTROLS_DENORM_PRESERVE_FP32)
      info->flags |= LSGPU_SHADER_PRESERVES_DENORMS;
   nir_foreach_function_impl(impl, nir)
   {
      nir_foreach_block(block, impl)
      {
         nir_foreach_instr(instr, block)
         {
            if (instr->type == nir_instr_type_tex) {
               nir_tex_instr *t = nir_instr_as_tex(instr);
               info->textures_used |= 1u << t->texture_index;
               if (nir_tex_instr_src_index(t, nir_tex_src_texture_offset) >= 0)
                  info->textures_used = 0xffff;
               if (t->op == nir_texop_tex || t->op == nir_texop_txb)
                  info->flags |= LSGPU_SHADER_USES_DERIVATIVES;
            } else if (instr->type == nir_instr_type_intrinsic) {
               nir_intrinsic_instr *intr = nir_instr_as_intrinsic(instr);
               switch (intr->intrinsic) {
               case nir_intrinsic_load_output:
                  if (nir->info.stage == MESA_SHADER_FRAGMENT &&
                      nir_intrinsic_io_semantics(intr).fb_fetch_output)
                     info->flags |= LSGPU_SHADER_READS_COLOR;
                  break;
               case nir_intrinsic_demote:
                  info->flags |= LSGPU_SHADER_DEMOTES;
                  break;
               case nir_intrinsic_terminate:
                  info->flags |= LSGPU_SHADER_TERMINATES;
                  break;
               case nir_intrinsic_barrier:
                  info->flags |= LSGPU_SHADER_USES_BARRIER;
                  break;
               case nir_intrinsic_store_global:
               case nir_intrinsic_store_ssbo:
               case nir_intrinsic_store_shared:
               case nir_intrinsic_image_store:
               case nir_intrinsic_bindless_image_store:
               case nir_intrinsic_image_deref_store:
               case nir_intrinsic_global_atomic:
               case nir_intrinsic_global_atomic_swap:
               case nir_intrinsic_ssbo_atomic:
               case nir_intrinsic_ssbo_atomic_swap:
               case nir_intrinsic_image_atomic:
               case nir_intrinsic_image_atomic_swap:
               case nir_intrinsic_image_deref_atomic:
               case nir_intrinsic_image_deref_atomic_swap:
                  info->flags |= LSGPU_SHADER_WRITES_MEMORY;
                  break;
               case nir_intrinsic_ddx:
               case nir_intrinsic_ddy:
               case nir_intrinsic_ddx_fine:
               case nir_intrinsic_ddy_fine:
               case nir_intrinsic_ddx_coarse:
               case nir_intrinsic_ddy_coarse:
                  info->flags |= LSGPU_SHADER_USES_DERIVATIVES;
                  break;
               default:
                  break;
               }
            }
         }
      }
   }
}

static void
record_diagnostic(const llvm::DiagnosticInfo &info, void *context)
{
   if (info.getSeverity() != llvm::DS_Error)
      return;
   std::string &out = *static_cast<std::string *>(context);
   llvm::raw_string_ostream os(out);
   llvm::DiagnosticPrinterRawOStream printer(os);
   info.print(printer);
   os << "; ";
}

extern "C" bool
lsgpu_compile_nir(nir_shader *nir, const struct lsgpu_compile_options *options,
                  struct lsgpu_shader_binary *out, char **error)
{
   const auto start = std::chrono::steady_clock::now();
   memset(out, 0, sizeof(*out));
   *error = NULL;
   lsgpu_shader_info &info = out->info;
   info.stage = nir->info.stage;

   lsgpu_io_map in, outs;
   char *lower_error = NULL;
   if (!lsgpu_nir_lower_for_llvm(nir, options->number_vs_inputs, &in, &outs, &info.flags,
                                 &lower_error)) {
      *error = lower_error;
      return false;
   }
   if (options->debug & LSGPU_COMPILER_DEBUG_NIR)
      nir_print_shader(nir, stderr);
   out->stats.nir_instructions = count_nir(nir, &out->stats.loops);

   info.inputs_used = in.used;
   info.outputs_used = outs.used;
   memcpy(info.input_location, in.location, sizeof(in.location));
   memcpy(info.input_interp, in.interp, sizeof(in.interp));
   memcpy(info.output_location, outs.location, sizeof(outs.location));
   if (nir->info.stage == MESA_SHADER_VERTEX && (outs.used & 2))
      info.flags |= LSGPU_SHADER_WRITES_PSIZ;
   info.shared_size = (nir->info.shared_size + 3) & ~3u;
   for (unsigned i = 0; i < 3; i++)
      info.workgroup_size[i] = nir->info.workgroup_size[i];
   info.const_size = max_uniform_offset(nir);
   collect_flags(nir, &info);

   std::string err;
   if (!lsgpu::llvm_usable()) {
      *error = dup_error("the process is exiting; LLVM is being torn down");
      return false;
   }
   llvm::LLVMContext ctx;
   /* LLVM's default handler exits the process on an error diagnostic (a bad inline
    * asm operand, say); ours records it and the compilation fails instead. */
   std::string diagnostics;
   ctx.setDiagnosticHandlerCallBack(record_diagnostic, &diagnostics);
   std::unique_ptr<llvm::Module> module = lsgpu::nir_to_llvm(nir, ctx, &err);
   if (!module) {
      *error = dup_error(err);
      return false;
   }
   std::unique_ptr<llvm::TargetMachine> tm = lsgpu::create_target_machine(options->opt_level, &err);
   if (!tm) {
      *error = dup_error(err);
      return false;
   }
   lsgpu::optimize_module(*module, *tm, options->opt_level);
   if (options->debug & LSGPU_COMPILER_DEBUG_LLVM)
      fprintf(stderr, "%s\n", lsgpu::module_to_string(*module).c_str());

   std::vector<char> object;
   const bool emitted = lsgpu::emit_object(*module, *tm, &object, &err);
   lsgpu::llvm_note_compilation();
   if (!emitted) {
      *error = dup_error(err);
      return false;
   }
   if (!diagnostics.empty()) {
      *error = dup_error("LLVM: " + diagnostics);
      return false;
   }
   lsgpu::LinkedShader linked;
   if (!lsgpu::link_object(object, &linked, &err)) {
      out->stats.libcalls = linked.libcalls;
      *error = dup_error(err);
      return false;
   }
   info.code_size = linked.code.size();
   info.stack_size = linked.stack_size;
   out->code = (uint8_t *)malloc(info.code_size);
   memcpy(out->code, linked.code.data(), info.code_size);

   scan_code(out->code, info.code_size, &out->stats);
   out->stats.compile_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();

   if (options->debug & LSGPU_COMPILER_DEBUG_ASM) {
      char *text = lsgpu_disassemble(out->code, info.code_size);
      fprintf(stderr, "%s", text);
      free(text);
   }
   if (options->debug & LSGPU_COMPILER_DEBUG_SHADERDB)
      lsgpu_print_stats(out, options->name, stderr);
   return true;
}

extern "C" void
lsgpu_shader_binary_finish(struct lsgpu_shader_binary *binary)
{
   free(binary->code);
   binary->code = NULL;
}

extern "C" void
lsgpu_print_stats(const struct lsgpu_shader_binary *b, const char *name, FILE *fp)
{
   const lsgpu_shader_stats &s = b->stats;
   /* shader-db's report.py reads "NAME - STAGE shader: N stat, N stat, ..." with a
    * name without spaces; the compile time is in microseconds so it stays a number. */
   fprintf(fp,
           "%s - %s shader: %u inst, %u cycles, %u loops, %u:%u spills:fills, %u xlsgpu, "
           "%u gprs, %u fprs, %u stack, %u code, %u libcalls, %u nir, %u us\n",
           name && *name ? name : "unnamed",
           _mesa_shader_stage_to_abbrev((gl_shader_stage)b->info.stage), s.instructions, s.cycles,
           s.loops, s.spills, s.fills, s.xlsgpu, s.max_gpr + 1, s.max_fpr + 1, b->info.stack_size,
           b->info.code_size, s.libcalls, s.nir_instructions, (unsigned)(s.compile_ms * 1000.0));
}

extern "C" const char *
lsgpu_compiler_build_id(void)
{
   /* The driver's build-id covers our code (the compiler is linked into it); LLVM is
    * a shared library that can change under it, so its version joins the key. */
   return "lsgpu-compiler llvm " LLVM_VERSION_STRING;
}
