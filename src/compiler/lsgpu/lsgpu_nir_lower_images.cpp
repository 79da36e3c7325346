/* SPDX-License-Identifier: MIT */
#include "lsgpu_nir.h"

#include "compiler/nir/nir_builder.h"
#include "compiler/nir/nir_deref.h"

/* Image derefs to image indices (the image's driver location plus the array index),
 * as st/mesa's GL drivers and rusticl hand them over: LSGPU-1 reaches image n
 * through descriptor-table entry IMAGE_UNIT_BASE + n (docs/isa.md §3.4). No bindless
 * images. */
static bool
lower_image_deref(nir_builder *b, nir_intrinsic_instr *intr, void *)
{
   switch (intr->intrinsic) {
   case nir_intrinsic_image_deref_load:
   case nir_intrinsic_image_deref_store:
   case nir_intrinsic_image_deref_size:
   case nir_intrinsic_image_deref_atomic:
   case nir_intrinsic_image_deref_atomic_swap:
      break;
   default:
      return false;
   }
   nir_deref_instr *deref = nir_src_as_deref(intr->src[0]);
   nir_variable *var = nir_deref_instr_get_variable(deref);
   if (!var || var->data.bindless)
      return false; /* the translator refuses it with a reason */
   b->cursor = nir_before_instr(&intr->instr);
   nir_def *index = nir_imm_int(b, (int)var->data.driver_location);
   if (deref->deref_type == nir_deref_type_array)
      index = nir_iadd(b, index, deref->arr.index.ssa);
   nir_rewrite_image_intrinsic(intr, index, false);
   return true;
}

bool
lsgpu_nir_lower_images(nir_shader *nir)
{
   return nir_shader_intrinsics_pass(nir, lower_image_deref, nir_metadata_control_flow, NULL);
}
