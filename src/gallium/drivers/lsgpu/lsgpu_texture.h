/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_TEXTURE_H
#define LSGPU_TEXTURE_H

#include <stdint.h>

#include "util/format/u_formats.h"

struct lsgpu_context;

/* The LSGPU-1 texture memory format (TFMT) of a pipe format and the swizzle that
 * turns its memory channels into R, G, B, A (docs/command-stream-reference.md,
 * TEXTURE.swizzle); false if the texture unit cannot sample it. */
bool lsgpu_tfmt(enum pipe_format format, uint32_t *tfmt, uint32_t *swizzle);

/* Writes the texture table of the bound fragment sampler views and samplers into
 * upload memory (entry n at *va + 128 n, for the units in used) and adds their BOs
 * to the batch. Returns NULL on success, else why the draw cannot sample. */
const char *lsgpu_emit_textures(struct lsgpu_context *ctx, uint32_t used, uint64_t *va);

#endif
