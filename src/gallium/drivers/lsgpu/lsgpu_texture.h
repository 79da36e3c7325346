/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_TEXTURE_H
#define LSGPU_TEXTURE_H

#include <stdint.h>

struct lsgpu_context;

/* Writes the texture table of the bound fragment sampler views and samplers into
 * upload memory (entry n at *va + 128 n, for the units in used) and adds their BOs
 * to the batch. Returns NULL on success, else why the draw cannot sample. */
const char *lsgpu_emit_textures(struct lsgpu_context *ctx, uint32_t used, uint64_t *va);

#endif
