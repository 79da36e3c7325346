/* SPDX-License-Identifier: MIT */
#include "lsgpu_compiler.h"

#include "compiler/nir/nir.h"

/* Which NIR operations LSGPU-1 has (docs/isa.md): scalar RV32IMAF lanes, so NIR
 * lowers everything vector and everything without an instruction or an Xlsgpu
 * operation. Division, square root and fused multiply-add are native RV32F. */
static nir_shader_compiler_options
make_options()
{
   nir_shader_compiler_options o = {};
   o.lower_fmod = true; /* no remainder instruction; frem would be a libcall */
   o.lower_fpow = true; /* exp2(log2(x) * y) on Xlsgpu exp2/log2 */
   o.lower_flrp32 = true;
   o.lower_fsat = true;
   o.lower_fsign = true;
   o.lower_isign = true;
   o.lower_ldexp = true;
   o.lower_scmp = true;
   o.lower_vector_cmp = true;
   o.lower_fdph = true;
   o.lower_bitfield_extract = true;
   o.lower_bitfield_insert = true;
   o.lower_bitfield_reverse = true;
   /* bit_count is not lowered in NIR: nir_lower_alu (which rusticl runs) builds its
    * 64-bit form with 32-bit masks; nir_lower_int64 splits it and LLVM expands ctpop. */
   o.lower_ifind_msb = true;
   o.lower_find_lsb = true;
   o.lower_uadd_carry = true;
   o.lower_usub_borrow = true;
   o.lower_uadd_sat = true;
   o.lower_usub_sat = true;
   o.lower_iadd_sat = true;
   o.lower_hadd = true;
   o.lower_extract_byte = true;
   o.lower_extract_word = true;
   o.lower_insert_byte = true;
   o.lower_insert_word = true;
   o.lower_pack_half_2x16 = true;
   o.lower_pack_unorm_2x16 = true;
   o.lower_pack_snorm_2x16 = true;
   o.lower_pack_unorm_4x8 = true;
   o.lower_pack_snorm_4x8 = true;
   o.lower_unpack_half_2x16 = true;
   o.lower_unpack_unorm_2x16 = true;
   o.lower_unpack_snorm_2x16 = true;
   o.lower_unpack_unorm_4x8 = true;
   o.lower_unpack_snorm_4x8 = true;
   o.lower_fisnormal = true;
   o.lower_to_scalar = true;
   o.lower_uniforms_to_ubo = true;
   o.lower_device_index_to_zero = true;
   o.has_fsub = true;
   o.has_isub = true;
   o.vertex_id_zero_based = false; /* sysval 12 includes the base vertex */
   o.has_ddx_intrinsics = true;
   o.scalarize_ddx = true;
   o.lower_int64_options = (nir_lower_int64_options)~0;
   o.lower_doubles_options = (nir_lower_doubles_options)~0;
   o.max_unroll_iterations = 32;
   o.force_indirect_unrolling_sampler = true;
   o.support_indirect_inputs = 0;
   o.support_indirect_outputs = 0;
   return o;
}

static const nir_shader_compiler_options lsgpu_options = make_options();

extern "C" const nir_shader_compiler_options *
lsgpu_nir_options(void)
{
   return &lsgpu_options;
}
