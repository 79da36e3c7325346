/* SPDX-License-Identifier: MIT */
#include "lsgpu_nir.h"

#include <algorithm>
#include <vector>

/* Gives every I/O variable the slot the shader ABI assigns it (docs/isa.md §4) as its
 * driver_location, so that nir_lower_io's `base` is the slot:
 *   vertex out:   position 0, point size 1, everything else 2..17 by location;
 *   fragment in:  gl_FragCoord 0, gl_PointCoord 1, everything else 2..17;
 *   fragment out: gl_FragData[n] / gl_FragColor n (0), depth 8.
 * Vertex inputs keep the driver_location st/mesa gave them (the vertex element); the
 * standalone front end numbers them in location order first. gl_FrontFacing arriving
 * as an input becomes the front-face system value. */

static unsigned
slots_of(const nir_variable *var, gl_shader_stage stage)
{
   const struct glsl_type *type = var->type;
   if (nir_is_arrayed_io(var, stage))
      type = glsl_get_array_element(type);
   return glsl_count_attribute_slots(type, false);
}

static bool
by_location(const nir_variable *a, const nir_variable *b)
{
   return a->data.location < b->data.location;
}

static bool
assign_varyings(nir_shader *nir, nir_variable_mode mode, struct lsgpu_io_map *map, char **error)
{
   const bool fs_in = nir->info.stage == MESA_SHADER_FRAGMENT;
   std::vector<nir_variable *> vars;
   nir_foreach_variable_with_modes(var, nir, mode) vars.push_back(var);
   std::stable_sort(vars.begin(), vars.end(), by_location);

   unsigned next = LSGPU_FIRST_VARYING_SLOT;
   int last_location = -1;
   unsigned last_slot = 0;
   for (nir_variable *var : vars) {
      const int loc = var->data.location;
      unsigned slot;
      if (loc == VARYING_SLOT_POS) {
         slot = 0;
      } else if (loc == (fs_in ? VARYING_SLOT_PNTC : VARYING_SLOT_PSIZ)) {
         slot = 1;
      } else if (loc == last_location) {
         slot = last_slot; /* components of one location packed in several variables */
      } else {
         slot = next;
         next += slots_of(var, nir->info.stage);
      }
      if (slot + slots_of(var, nir->info.stage) > LSGPU_MAX_IO_SLOTS) {
         *error = strdup("more than 16 varying vec4 slots");
         return false;
      }
      var->data.driver_location = slot;
      for (unsigned i = 0; i < slots_of(var, nir->info.stage); i++) {
         map->location[slot + i] = loc + i;
         map->used |= 1u << (slot + i);
         if (fs_in && slot >= LSGPU_FIRST_VARYING_SLOT) {
            uint8_t interp = LSGPU_INTERP_PERSPECTIVE;
            if (var->data.interpolation == INTERP_MODE_FLAT)
               interp = LSGPU_INTERP_FLAT;
            else if (var->data.interpolation == INTERP_MODE_NOPERSPECTIVE)
               interp = LSGPU_INTERP_LINEAR;
            else if (var->data.interpolation == INTERP_MODE_NONE &&
                     (loc == VARYING_SLOT_COL0 || loc == VARYING_SLOT_COL1))
               interp = LSGPU_INTERP_COLOR;
            map->interp[slot + i] = interp;
         }
      }
      last_location = loc;
      last_slot = slot;
   }
   return true;
}

static bool
assign_fs_outputs(nir_shader *nir, struct lsgpu_io_map *map, uint32_t *flags, char **error)
{
   nir_foreach_shader_out_variable(var, nir)
   {
      const int loc = var->data.location;
      unsigned slot;
      if (loc == FRAG_RESULT_DEPTH) {
         slot = LSGPU_FS_DEPTH_SLOT;
         *flags |= LSGPU_SHADER_WRITES_DEPTH;
      } else if (loc == FRAG_RESULT_COLOR) {
         slot = 0;
         *flags |= LSGPU_SHADER_COLOR_BROADCAST;
      } else if (loc >= FRAG_RESULT_DATA0 && loc < FRAG_RESULT_DATA0 + 8) {
         slot = loc - FRAG_RESULT_DATA0;
      } else {
         *error = strdup("fragment output (stencil or sample mask) LSGPU-1 does not have");
         return false;
      }
      const unsigned n = slots_of(var, nir->info.stage);
      if (slot + n > LSGPU_FS_DEPTH_SLOT + 1) {
         *error = strdup("fragment output beyond the 8 colour buffers");
         return false;
      }
      var->data.driver_location = slot;
      for (unsigned i = 0; i < n; i++) {
         map->location[slot + i] = loc + i;
         map->used |= 1u << (slot + i);
      }
   }
   return true;
}

static bool
assign_vs_inputs(nir_shader *nir, struct lsgpu_io_map *map, bool renumber, char **error)
{
   std::vector<nir_variable *> vars;
   nir_foreach_shader_in_variable(var, nir) vars.push_back(var);
   std::stable_sort(vars.begin(), vars.end(), by_location);
   unsigned next = 0;
   for (nir_variable *var : vars) {
      if (renumber) {
         var->data.driver_location = next;
         next += slots_of(var, nir->info.stage);
      }
      const unsigned n = slots_of(var, nir->info.stage);
      if (var->data.driver_location + n > 16) {
         *error = strdup("more than 16 vertex attributes");
         return false;
      }
      for (unsigned i = 0; i < n; i++) {
         map->location[var->data.driver_location + i] = var->data.location + i;
         map->used |= 1u << (var->data.driver_location + i);
      }
   }
   return true;
}

/* gl_FrontFacing as an input variable becomes the front-face system value, which
 * LSGPU-1 reads with lsgpu.sysval (docs/isa.md §3.3). */
static void
face_to_sysval(nir_shader *nir)
{
   bool changed = false;
   nir_foreach_shader_in_variable_safe(var, nir)
   {
      if (var->data.location == VARYING_SLOT_FACE) {
         var->data.mode = nir_var_system_value;
         var->data.location = SYSTEM_VALUE_FRONT_FACE;
         changed = true;
      }
   }
   if (changed)
      nir_fixup_deref_modes(nir); /* derefs cache their variable's mode */
}

bool
lsgpu_nir_assign_io_slots(nir_shader *nir, bool renumber_vs_inputs, struct lsgpu_io_map *in,
                          struct lsgpu_io_map *out, uint32_t *flags, char **error)
{
   *in = {};
   *out = {};
   switch (nir->info.stage) {
   case MESA_SHADER_VERTEX:
      return assign_vs_inputs(nir, in, renumber_vs_inputs, error) &&
             assign_varyings(nir, nir_var_shader_out, out, error);
   case MESA_SHADER_FRAGMENT:
      face_to_sysval(nir);
      return assign_varyings(nir, nir_var_shader_in, in, error) &&
             assign_fs_outputs(nir, out, flags, error);
   case MESA_SHADER_COMPUTE:
      return true;
   default:
      *error = strdup("LSGPU-1 runs vertex, fragment and compute shaders only");
      return false;
   }
}
