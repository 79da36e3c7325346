/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_LINK_H
#define LSGPU_LINK_H

/* Linking a vertex shader to a fragment shader by location (docs/compiler.md): the
 * DRAW_STATE fields that say which vertex output slot each fragment input reads and
 * how it is interpolated. Header-only so that the driver and the tests that build
 * draws by hand link exactly alike. */

#include <stdbool.h>

#include "lsgpu_compiler.h"
#include "lsgpu_packets.h"

/* GL's interpolation of a fragment input: flat, noperspective, or perspective; colour
 * inputs without a qualifier follow glShadeModel (flatshade). */
static inline enum lsgpu_interp
lsgpu_link_interp(uint8_t varying_interp, bool flatshade)
{
   switch (varying_interp & ~LSGPU_VARYING_CENTROID) {
   case LSGPU_VARYING_FLAT:
      return LSGPU_INTERP_FLAT;
   case LSGPU_VARYING_LINEAR:
      return LSGPU_INTERP_LINEAR;
   case LSGPU_VARYING_COLOR:
      return flatshade ? LSGPU_INTERP_FLAT : LSGPU_INTERP_PERSPECTIVE;
   default:
      return LSGPU_INTERP_PERSPECTIVE;
   }
}

/* Fills num_vs_outputs, fs_input_slot[], fs_input_interp[] and fs_input_centroid[] of st. */
static inline void
lsgpu_link_shaders(const struct lsgpu_shader_info *vs, const struct lsgpu_shader_info *fs,
                   bool flatshade, struct lsgpu_draw_state *st)
{
   st->num_vs_outputs = 1; /* the position, always */
   for (unsigned o = 0; o < LSGPU_IO_SLOTS; o++)
      if (vs->outputs_used >> o & 1)
         st->num_vs_outputs = o + 1;
   for (unsigned i = 0; i < LSGPU_MAX_VARYINGS; i++) {
      const unsigned slot = LSGPU_FIRST_VARYING_SLOT + i;
      st->fs_input_slot[i] = LSGPU_FS_INPUT_NONE;
      if (fs->inputs_used >> slot & 1) {
         for (unsigned o = 0; o < LSGPU_IO_SLOTS; o++)
            if ((vs->outputs_used >> o & 1) && vs->output_location[o] == fs->input_location[slot])
               st->fs_input_slot[i] = o;
      }
      st->fs_input_interp[i] = lsgpu_link_interp(fs->input_interp[slot], flatshade);
      st->fs_input_centroid[i] = (fs->input_interp[slot] & LSGPU_VARYING_CENTROID) != 0;
   }
}

#endif
