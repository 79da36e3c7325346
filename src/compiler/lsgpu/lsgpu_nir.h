/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_NIR_H
#define LSGPU_NIR_H

/* The compiler's NIR passes, each in its own file. */

#include "lsgpu_compiler.h"

#include "compiler/nir/nir.h"
#include "compiler/nir/nir_builder.h"

struct lsgpu_io_map {
   uint32_t used;
   uint8_t location[LSGPU_IO_SLOTS];
   uint8_t interp[LSGPU_IO_SLOTS];
};

/* lsgpu_nir_assign_io_slots.cpp */
bool lsgpu_nir_assign_io_slots(nir_shader *nir, bool renumber_vs_inputs, struct lsgpu_io_map *in,
                               struct lsgpu_io_map *out, uint32_t *flags, char **error);

/* lsgpu_nir_lower_tex.cpp */
bool lsgpu_nir_lower_tex(nir_shader *nir);
bool lsgpu_nir_lower_images(nir_shader *nir);

/* lsgpu_nir_lower.cpp: the whole pipeline, from st/mesa's NIR to what
 * lsgpu_nir_to_llvm accepts. */
bool lsgpu_nir_lower_for_llvm(nir_shader *nir, bool renumber_vs_inputs, struct lsgpu_io_map *in,
                              struct lsgpu_io_map *out, uint32_t *flags, char **error);
void lsgpu_nir_optimize(nir_shader *nir);

#endif
