/* SPDX-License-Identifier: MIT */
#include "lsgpu_nir.h"

/* Texture lowering for the LSGPU-1 texture unit (docs/isa.md §3.2). The unit takes
 * normalized coordinates (texels for rectangle textures, so RECT needs nothing), a
 * cube direction vector as is (a cube array's cube in f12), a shadow reference, a bias or LOD, or
 * gradients. The compiler divides by q (projectors); texel offsets of sampled lookups go to the
 * unit (lsgpu.tex.offset, applied at each level it samples), those of fetches and
 * rectangle textures are added to the integer or texel coordinate here. */
bool
lsgpu_nir_lower_tex(nir_shader *nir)
{
   nir_lower_tex_options options = {};
   options.lower_txp = ~0u;
   options.lower_txp_array = true;
   options.lower_offset_filter = NULL;
   options.lower_txf_offset = true;
   options.lower_rect_offset = true;
   options.lower_txd_cube_map = false;
   /* A cube array's descriptor counts layers (six per cube); textureSize gives cubes. */
   options.lower_txs_cube_array = true;
   return nir_lower_tex(nir, &options);
}
