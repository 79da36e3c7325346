/* SPDX-License-Identifier: MIT */
#include "lsgpu_nir.h"

void
lsgpu_nir_optimize(nir_shader *nir)
{
   bool progress;
   do {
      progress = false;
      NIR_PASS(progress, nir, nir_lower_vars_to_ssa);
      NIR_PASS(progress, nir, nir_copy_prop);
      NIR_PASS(progress, nir, nir_opt_remove_phis);
      NIR_PASS(progress, nir, nir_opt_dce);
      NIR_PASS(progress, nir, nir_opt_dead_cf);
      NIR_PASS(progress, nir, nir_opt_cse);
      NIR_PASS(progress, nir, nir_opt_peephole_select, 8, true, true);
      NIR_PASS(progress, nir, nir_opt_phi_precision);
      NIR_PASS(progress, nir, nir_opt_algebraic);
      NIR_PASS(progress, nir, nir_opt_constant_folding);
      NIR_PASS(progress, nir, nir_opt_undef);
      NIR_PASS(progress, nir, nir_opt_loop_unroll);
      NIR_PASS(progress, nir, nir_opt_if, nir_opt_if_optimize_phi_true_false);
      NIR_PASS(progress, nir, nir_lower_alu_to_scalar, NULL, NULL);
      NIR_PASS(progress, nir, nir_lower_phis_to_scalar, false);
   } while (progress);
}

/* Shader-temporary arrays indexed dynamically live on the lane's stack (scratch) when
 * they are large, and become if-ladders when small. */
static void
lower_temporaries(nir_shader *nir)
{
   NIR_PASS(_, nir, nir_lower_vars_to_scratch, nir_var_function_temp, 64,
            glsl_get_natural_size_align_bytes, glsl_get_natural_size_align_bytes);
   NIR_PASS(_, nir, nir_lower_indirect_derefs, nir_var_function_temp, UINT32_MAX);
}

/* The bit size an ALU instruction on 8- or 16-bit values is done in (0: as it is).
 * Integer conversions, moves and vectors stay: the LLVM translation keeps narrow
 * values in 32-bit registers with undefined upper bits and masks on conversion. */
static unsigned
lsgpu_alu_bit_size(const nir_instr *instr, void *)
{
   if (instr->type != nir_instr_type_alu)
      return 0;
   const nir_alu_instr *alu = nir_instr_as_alu(instr);
   switch (alu->op) {
   case nir_op_mov:
   case nir_op_f2f32: /* from a half float: the translator decodes it */
   case nir_op_u2u8:
   case nir_op_u2u16:
   case nir_op_u2u32:
   case nir_op_i2i8:
   case nir_op_i2i16:
   case nir_op_i2i32:
   case nir_op_b2i8:
   case nir_op_b2i16:
   case nir_op_pack_32_2x16:
   case nir_op_pack_32_2x16_split:
   case nir_op_unpack_32_2x16:
   case nir_op_unpack_32_2x16_split_x:
   case nir_op_unpack_32_2x16_split_y:
   case nir_op_pack_32_4x8:
   case nir_op_unpack_32_4x8:
      return 0;
   default:
      break;
   }
   if (nir_op_is_vec(alu->op))
      return 0;
   bool narrow_src = false;
   for (unsigned i = 0; i < nir_op_infos[alu->op].num_inputs; i++) {
      const unsigned bits = nir_src_bit_size(alu->src[i].src);
      narrow_src = narrow_src || bits == 8 || bits == 16;
   }
   /* A conversion to a narrow type from 32 bits stays (f2f16 is lowered to integer
    * operations before this runs: LSGPU-1 has no half-float arithmetic). */
   if (nir_op_infos[alu->op].is_conversion && !narrow_src)
      return 0;
   return narrow_src || alu->def.bit_size == 8 || alu->def.bit_size == 16 ? 32 : 0;
}

bool
lsgpu_nir_lower_for_llvm(nir_shader *nir, bool renumber_vs_inputs, struct lsgpu_io_map *in,
                         struct lsgpu_io_map *out, uint32_t *flags, char **error)
{
   nir->options = lsgpu_nir_options();

   NIR_PASS(_, nir, nir_lower_continue_constructs);
   if (!nir->info.io_lowered) {
      NIR_PASS(_, nir, nir_lower_io_to_temporaries, nir_shader_get_entrypoint(nir), true,
               nir->info.stage == MESA_SHADER_FRAGMENT);
   }
   NIR_PASS(_, nir, nir_lower_global_vars_to_local);
   NIR_PASS(_, nir, nir_split_var_copies);
   NIR_PASS(_, nir, nir_lower_var_copies);
   NIR_PASS(_, nir, nir_lower_vars_to_ssa);
   NIR_PASS(_, nir, nir_lower_indirect_derefs, nir_var_shader_in | nir_var_shader_out, UINT32_MAX);
   lower_temporaries(nir);

   if (!lsgpu_nir_assign_io_slots(nir, renumber_vs_inputs, in, out, flags, error))
      return false;
   NIR_PASS(_, nir, nir_lower_system_values);
   nir_lower_compute_system_values_options cs = {};
   NIR_PASS(_, nir, nir_lower_compute_system_values, &cs);
   if (gl_shader_stage_is_compute(nir->info.stage)) {
      NIR_PASS(_, nir, nir_lower_vars_to_explicit_types, nir_var_mem_shared,
               glsl_get_natural_size_align_bytes);
   }
   NIR_PASS(_, nir, nir_lower_explicit_io, nir_var_mem_shared, nir_address_format_32bit_offset);
   NIR_PASS(_, nir, nir_lower_explicit_io, nir_var_mem_ssbo, nir_address_format_32bit_index_offset);
   NIR_PASS(_, nir, nir_lower_explicit_io, nir_var_mem_global, nir_address_format_32bit_global);

   NIR_PASS(_, nir, lsgpu_nir_lower_tex);
   NIR_PASS(_, nir, lsgpu_nir_lower_images);
   NIR_PASS(
      _, nir, nir_lower_discard_if,
      (nir_lower_discard_if_options)(nir_lower_demote_if_to_cf | nir_lower_terminate_if_to_cf));
   NIR_PASS(_, nir, nir_lower_frexp);
   NIR_PASS(_, nir, nir_lower_alu_to_scalar, NULL, NULL);
   NIR_PASS(_, nir, nir_lower_load_const_to_scalar);
   NIR_PASS(_, nir, nir_lower_io_to_scalar,
            (nir_variable_mode)(nir_var_shader_in | nir_var_shader_out), NULL, NULL);
   lsgpu_nir_optimize(nir);

   NIR_PASS(_, nir, nir_lower_flrp, 32, false);
   NIR_PASS(_, nir, nir_lower_int64);
   /* OpenCL's vstore_half: float to half in integer operations, rounding as asked. */
   NIR_PASS(_, nir, nir_lower_fp16_casts, nir_lower_fp16_all);
   NIR_PASS(_, nir, nir_opt_algebraic_late);
   NIR_PASS(_, nir, nir_lower_alu_to_scalar, NULL, NULL);
   /* OpenCL's char and short: arithmetic on 32 bits, narrow only in memory. */
   NIR_PASS(_, nir, nir_lower_bit_size, lsgpu_alu_bit_size, NULL);
   NIR_PASS(_, nir, nir_opt_constant_folding);
   NIR_PASS(_, nir, nir_copy_prop);
   NIR_PASS(_, nir, nir_opt_dce);
   NIR_PASS(_, nir, nir_opt_cse);
   NIR_PASS(_, nir, nir_lower_bool_to_int32);
   NIR_PASS(_, nir, nir_opt_dce);
   NIR_PASS(_, nir, nir_remove_dead_variables, nir_var_function_temp, NULL);
   nir_index_ssa_defs(nir_shader_get_entrypoint(nir));
   nir_metadata_require(nir_shader_get_entrypoint(nir), nir_metadata_block_index);
   return true;
}
