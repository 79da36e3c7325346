/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_PROGRAM_H
#define LSGPU_PROGRAM_H

#include "lsgpu_compiler.h"
#include "pipe/p_state.h"

struct pipe_context;
struct lsgpu_screen;
struct nir_shader;
struct lsgpu_bo;

/* A shader CSO: st/mesa's NIR (kept for the variants the draw path will need) and
 * its LSGPU-1 binary, compiled at create time or read from the disk cache. */
struct lsgpu_shader_state {
   struct nir_shader *nir;
   /* Transform feedback of a vertex shader: st/mesa's outputs, and the varying
    * location each one's register_index names. */
   struct pipe_stream_output_info so;
   uint8_t so_location[PIPE_MAX_SO_OUTPUTS];
   unsigned char nir_sha1[20];
   bool compiled; /* false: the compiler rejected it; the reason was logged */
   struct lsgpu_shader_binary binary;
   struct lsgpu_bo *bo; /* the binary in GPU memory */
};

void lsgpu_program_init(struct pipe_context *pctx);
void lsgpu_disk_cache_init(struct lsgpu_screen *screen);

#endif
