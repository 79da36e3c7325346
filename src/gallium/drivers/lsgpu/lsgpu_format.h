/* SPDX-License-Identifier: MIT */
/*
 * The driver's one format table: what each Gallium format is to every LSGPU-1 unit
 * that reads or writes it (texture unit, output merger, vertex fetch, depth/stencil),
 * with the swizzles that map memory channels to colour channels. Built once from the
 * rules in lsgpu_format.cpp; everything else looks formats up here.
 */
#ifndef LSGPU_FORMAT_H
#define LSGPU_FORMAT_H

#include "lsgpu_packets.h"
#include "util/format/u_formats.h"

struct lsgpu_format_desc {
   /* Sampled: a TEXTURE format and the source of each result channel R, G, B, A. */
   bool texture;
   enum lsgpu_tfmt tfmt;
   enum lsgpu_tex_swizzle swizzle[4];
   /* Rendered: RENDER_TARGET.format is tfmt; rt_swizzle[m] is the colour channel
    * memory channel m stores. */
   bool render_target;
   enum lsgpu_rt_swizzle rt_swizzle[4];
   /* Fetched as a vertex attribute. */
   bool vertex;
   enum lsgpu_vfmt vfmt;
   /* Tested and written as a depth/stencil buffer. */
   bool depth_stencil;
   enum lsgpu_zfmt zfmt;
};

/* Never NULL: formats LSGPU-1 knows nothing of have every flag false. */
const struct lsgpu_format_desc *lsgpu_format(enum pipe_format format);

#endif
