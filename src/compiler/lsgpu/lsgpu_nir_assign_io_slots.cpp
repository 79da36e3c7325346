/* SPDX-License-Identifier: MIT */
#include "lsgpu_nir.h"

#include <map>
#include <vector>

/* Gives every lowered I/O access the slot the shader ABI assigns its location
 * (docs/isa.md §4), as the intrinsic's `base`:
 *   vertex out:   position 0, point size 1, everything else 2..21 in location order;
 *   fragment in:  gl_FragCoord 0, gl_PointCoord 1, everything else 2..21;
 *   fragment out: gl_FragData[n] / gl_FragColor n (0), depth 8.x, stencil reference 8.y;
 *   vertex in:    the vertex element st/mesa chose (kept), or location order for the
 *                 standalone tool.
 * I/O arrives lowered (io_semantics carry the location) from the GLSL linker or from
 * nir_lower_io here. gl_FrontFacing read as an input becomes the front-face system
 * value, which LSGPU-1 reads with lsgpu.sysval. */

namespace
{

struct Access {
   nir_intrinsic_instr *intr;
   bool output;
};

bool
is_io(nir_intrinsic_instr *intr, bool *output)
{
   switch (intr->intrinsic) {
   case nir_intrinsic_load_input:
   case nir_intrinsic_load_interpolated_input:
      *output = false;
      return true;
   case nir_intrinsic_store_output:
   case nir_intrinsic_load_output:
      *output = true;
      return true;
   default:
      return false;
   }
}

uint8_t
interp_of(nir_intrinsic_instr *intr, unsigned location)
{
   if (intr->intrinsic != nir_intrinsic_load_interpolated_input)
      return LSGPU_VARYING_FLAT;
   nir_intrinsic_instr *bary = nir_src_as_intrinsic(intr->src[0]);
   const enum glsl_interp_mode mode =
      bary ? (enum glsl_interp_mode)nir_intrinsic_interp_mode(bary) : INTERP_MODE_SMOOTH;
   const uint8_t centroid = bary && bary->intrinsic == nir_intrinsic_load_barycentric_centroid
                               ? LSGPU_VARYING_CENTROID
                               : 0;
   if (mode == INTERP_MODE_NOPERSPECTIVE)
      return LSGPU_VARYING_LINEAR | centroid;
   if (mode == INTERP_MODE_FLAT)
      return LSGPU_VARYING_FLAT;
   if (mode == INTERP_MODE_NONE &&
       (location == VARYING_SLOT_COL0 || location == VARYING_SLOT_COL1 ||
        location == VARYING_SLOT_BFC0 || location == VARYING_SLOT_BFC1))
      return LSGPU_VARYING_COLOR | centroid;
   return LSGPU_VARYING_PERSPECTIVE | centroid;
}

/* load_input(FACE) → the front-face system value, in the type the shader read. */
void
lower_face_input(nir_builder *b, nir_intrinsic_instr *intr)
{
   b->cursor = nir_before_instr(&intr->instr);
   nir_def *face = nir_load_front_face(b, 1);
   const nir_alu_type type = nir_intrinsic_dest_type(intr);
   nir_def *v;
   if (nir_alu_type_get_base_type(type) == nir_type_float)
      v = nir_b2fN(b, face, intr->def.bit_size);
   else if (nir_alu_type_get_base_type(type) == nir_type_bool)
      v = intr->def.bit_size == 1 ? face : nir_b2bN(b, face, intr->def.bit_size);
   else
      /* An integer FACE input is a 32-bit boolean to st/mesa (0 or ~0): it feeds
       * b32csel and inot directly. */
      v = nir_b2bN(b, face, intr->def.bit_size);
   if (intr->def.num_components > 1)
      v = nir_replicate(b, v, intr->def.num_components);
   nir_def_replace(&intr->def, v);
}

/* Slot of each location in a map of used locations, by the ABI's rules. */
bool
assign_varying_slots(const std::map<unsigned, uint8_t> &locations, bool fs_in,
                     struct lsgpu_io_map *map, std::map<unsigned, unsigned> *slot_of, char **error)
{
   unsigned next = LSGPU_FIRST_VARYING_SLOT;
   for (const auto &[loc, interp] : locations) {
      unsigned slot;
      if (loc == VARYING_SLOT_POS)
         slot = 0;
      else if (loc == (fs_in ? VARYING_SLOT_PNTC : VARYING_SLOT_PSIZ))
         slot = 1;
      else
         slot = next++;
      if (slot >= LSGPU_IO_SLOTS) {
         *error = strdup("more than 20 varying vec4 slots (LSGPU_MAX_VARYINGS)");
         return false;
      }
      (*slot_of)[loc] = slot;
      map->location[slot] = loc;
      map->used |= 1u << slot;
      if (fs_in && slot >= LSGPU_FIRST_VARYING_SLOT)
         map->interp[slot] = interp;
   }
   return true;
}

/* Outputs by location, except the second colour of dual-source blending, which shares
 * FRAG_RESULT_DATA0 with the first (index 1). */
constexpr unsigned kSecondColorKey = FRAG_RESULT_MAX;

unsigned
output_key(gl_shader_stage stage, const nir_io_semantics &sem)
{
   return stage == MESA_SHADER_FRAGMENT && sem.dual_source_blend_index ? kSecondColorKey
                                                                       : sem.location;
}

bool
assign_fs_output_slots(const std::map<unsigned, uint8_t> &locations, struct lsgpu_io_map *map,
                       std::map<unsigned, unsigned> *slot_of, uint32_t *flags, char **error)
{
   for (const auto &[loc, unused] : locations) {
      unsigned slot;
      if (loc == FRAG_RESULT_DEPTH) {
         slot = LSGPU_SLOT_DEPTH_STENCIL;
         *flags |= LSGPU_SHADER_WRITES_DEPTH;
      } else if (loc == FRAG_RESULT_STENCIL) {
         slot = LSGPU_SLOT_DEPTH_STENCIL; /* .y: the accesses get component 1 */
         *flags |= LSGPU_SHADER_WRITES_STENCIL;
      } else if (loc == FRAG_RESULT_COLOR) {
         slot = 0;
         *flags |= LSGPU_SHADER_COLOR_BROADCAST;
      } else if (loc >= FRAG_RESULT_DATA0 && loc < FRAG_RESULT_DATA0 + 8) {
         slot = loc - FRAG_RESULT_DATA0;
      } else if (loc == kSecondColorKey) {
         slot = LSGPU_SLOT_SECOND_COLOR; /* dual-source blending's SRC1 */
      } else {
         *error = strdup("fragment output (sample mask) LSGPU-1 does not have");
         return false;
      }
      (*slot_of)[loc] = slot;
      map->location[slot] = loc;
      map->used |= 1u << slot;
   }
   return true;
}

int
type_size_vec4(const struct glsl_type *type, bool bindless)
{
   return glsl_count_attribute_slots(type, false);
}

} // namespace

bool
lsgpu_nir_assign_io_slots(nir_shader *nir, bool renumber_vs_inputs, struct lsgpu_io_map *in,
                          struct lsgpu_io_map *out, uint32_t *flags, char **error)
{
   *in = {};
   *out = {};
   const gl_shader_stage stage = nir->info.stage;
   if (gl_shader_stage_is_compute(stage)) /* GL compute shaders and OpenCL kernels */
      return true;
   if (stage != MESA_SHADER_VERTEX && stage != MESA_SHADER_FRAGMENT) {
      *error = strdup("LSGPU-1 runs vertex, fragment and compute shaders only");
      return false;
   }

   if (!nir->info.io_lowered) {
      nir_assign_var_locations(nir, nir_var_shader_in, &nir->num_inputs, type_size_vec4);
      nir_assign_var_locations(nir, nir_var_shader_out, &nir->num_outputs, type_size_vec4);
      /* Interpolated-input intrinsics keep each fragment input's interpolation mode
       * (their barycentric source), which the binary's metadata reports. */
      NIR_PASS(_, nir, nir_lower_io, (nir_variable_mode)(nir_var_shader_in | nir_var_shader_out),
               type_size_vec4, nir_lower_io_use_interpolated_input_intrinsics);
   }

   nir_function_impl *impl = nir_shader_get_entrypoint(nir);
   nir_builder b = nir_builder_create(impl);
   std::vector<Access> accesses;
   std::map<unsigned, uint8_t> in_locs, out_locs;
   nir_foreach_block(block, impl)
   {
      nir_foreach_instr_safe(instr, block)
      {
         if (instr->type != nir_instr_type_intrinsic)
            continue;
         nir_intrinsic_instr *intr = nir_instr_as_intrinsic(instr);
         bool output;
         if (!is_io(intr, &output))
            continue;
         const nir_io_semantics sem = nir_intrinsic_io_semantics(intr);
         if (!output && stage == MESA_SHADER_FRAGMENT && sem.location == VARYING_SLOT_FACE) {
            lower_face_input(&b, intr);
            continue;
         }
         /* Framebuffer fetch reads a render target, not an output slot: lsgpu.fbld
          * takes the target from the location (lsgpu_nir_to_llvm.cpp). */
         if (output && intr->intrinsic == nir_intrinsic_load_output && sem.fb_fetch_output)
            continue;
         accesses.push_back({intr, output});
         for (unsigned i = 0; i < std::max(1u, (unsigned)sem.num_slots); i++) {
            if (output)
               out_locs[output_key(stage, sem) + i] = 0;
            else
               in_locs[sem.location + i] = interp_of(intr, sem.location + i);
         }
      }
   }

   std::map<unsigned, unsigned> in_slot, out_slot;
   if (stage == MESA_SHADER_VERTEX) {
      unsigned next = 0;
      for (const Access &a : accesses) {
         if (a.output)
            continue;
         const nir_io_semantics sem = nir_intrinsic_io_semantics(a.intr);
         if (!renumber_vs_inputs)
            in_slot[sem.location] = nir_intrinsic_base(a.intr);
      }
      for (const auto &[loc, unused] : in_locs) {
         if (renumber_vs_inputs)
            in_slot[loc] = next++;
         else if (!in_slot.count(loc))
            in_slot[loc] = in_slot.count(loc - 1) ? in_slot[loc - 1] + 1 : 0;
         if (in_slot[loc] >= 16) {
            *error = strdup("more than 16 vertex attributes");
            return false;
         }
         in->location[in_slot[loc]] = loc;
         in->used |= 1u << in_slot[loc];
      }
      if (!assign_varying_slots(out_locs, false, out, &out_slot, error))
         return false;
   } else {
      if (!assign_varying_slots(in_locs, true, in, &in_slot, error) ||
          !assign_fs_output_slots(out_locs, out, &out_slot, flags, error))
         return false;
   }

   for (const Access &a : accesses) {
      const nir_io_semantics sem = nir_intrinsic_io_semantics(a.intr);
      const std::map<unsigned, unsigned> &slots = a.output ? out_slot : in_slot;
      nir_intrinsic_set_base(a.intr, slots.at(a.output ? output_key(stage, sem) : sem.location));
      if (a.output && stage == MESA_SHADER_FRAGMENT && sem.location == FRAG_RESULT_STENCIL)
         nir_intrinsic_set_component(a.intr, nir_intrinsic_component(a.intr) + 1);
   }
   nir_metadata_preserve(impl, nir_metadata_control_flow);
   return true;
}
