/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_TEXTURE_H
#define LSGPU_TEXTURE_H

#include <stdint.h>

#include "pipe/p_defines.h"

struct lsgpu_context;

/* Writes the descriptor table of a draw's vertex or fragment stage into upload memory:
 * the stage's bound sampler views and samplers (entry n at *va + 128 n, for the units
 * in used) and its storage images (entry IMAGE_UNIT_BASE + n), and adds their BOs to
 * the batch; *va is 0 when the stage uses none. Returns NULL on success, else why the
 * draw cannot run. */
const char *lsgpu_emit_textures(struct lsgpu_context *ctx, enum pipe_shader_type stage,
                                uint32_t used, uint64_t *va);

struct pipe_image_view;

/* The compute descriptor table (docs/isa.md §3.4): entry n holds sampler view n's
 * TEXTURE and sampler state n's SAMPLER, entry IMAGE_UNIT_BASE + n image n. *va is 0
 * when nothing is bound. Returns NULL on success, else why the dispatch cannot run. */
const char *lsgpu_emit_compute_descriptors(struct lsgpu_context *ctx,
                                           const struct pipe_image_view *images,
                                           unsigned num_images, uint64_t *va);

#endif
