/* SPDX-License-Identifier: MIT */
/*
 * Sampler views and sampler states → the LSGPU-1 texture table (docs/isa.md §3.2):
 * one TEXTURE and one SAMPLER descriptor per texture unit a shader samples.
 */
#include "lsgpu_texture.h"

#include <string.h>

#include "lsgpu/drm/lsgpu_winsys.h"
#include "lsgpu_context.h"
#include "lsgpu_format.h"
#include "lsgpu_hw_enums.h"
#include "lsgpu_isa.h"
#include "lsgpu_packets.h"
#include "lsgpu_resource.h"
#include "util/format/u_format.h"
#include "util/u_math.h"

/* TEXTURE of a buffer texture or buffer image: one row of texels (TEX_TARGET_BUFFER). */
static const char *
lsgpu_buffer_texture(struct lsgpu_context *ctx, struct pipe_resource *prsc, enum pipe_format format,
                     unsigned offset, unsigned size, struct lsgpu_texture *t)
{
   const struct lsgpu_format_desc *fmt = lsgpu_format(format);
   const unsigned cpp = util_format_get_blocksize(format);
   if (!fmt->texture || !cpp)
      return "buffer texture format not sampled";
   const unsigned texels = MIN2(size, prsc->width0 - MIN2(offset, prsc->width0)) / cpp;
   if (!texels || texels > LSGPU_TEXTURE_WIDTH_MAX)
      return "buffer texture of no texels or too many";
   struct lsgpu_resource *rsc = lsgpu_resource(prsc);
   lsgpu_batch_add_bo(&ctx->batch, rsc->bo);
   t->va = rsc->bo->va + offset;
   t->target = LSGPU_TEX_TARGET_BUFFER;
   t->format = fmt->tfmt;
   t->width = texels;
   t->height = t->depth = 1;
   t->last_level = 0;
   for (unsigned c = 0; c < 4; c++)
      t->swizzle[c] = fmt->swizzle[c];
   return NULL;
}

/* TEXTURE of a view and the view's swizzle; returns why not when its resource's
 * layout is not the one the texture unit assumes (imported images with their own
 * stride). */
static const char *
lsgpu_texture_descriptor(struct lsgpu_context *ctx, struct pipe_sampler_view *view,
                         struct lsgpu_texture *t, uint32_t *view_swizzle)
{
   struct pipe_resource *prsc = view->texture;
   if (prsc->target == PIPE_BUFFER) {
      const unsigned identity[4] = {PIPE_SWIZZLE_X, PIPE_SWIZZLE_Y, PIPE_SWIZZLE_Z, PIPE_SWIZZLE_W};
      memcpy(view_swizzle, identity, sizeof(identity));
      return lsgpu_buffer_texture(ctx, prsc, view->format, view->u.buf.offset, view->u.buf.size, t);
   }
   /* The view's target may differ from the resource's (ARB_texture_view: a 2D view of
    * one array layer, a cube of six layers, an array of cube faces). */
   const enum pipe_texture_target target = view->target;
   const bool array = target == PIPE_TEXTURE_1D_ARRAY || target == PIPE_TEXTURE_2D_ARRAY ||
                      target == PIPE_TEXTURE_CUBE_ARRAY;
   const struct lsgpu_format_desc *fmt = lsgpu_format(view->format);
   if (!fmt->texture)
      return "texture format not sampled";
   t->format = fmt->tfmt;
   struct lsgpu_resource *rsc = lsgpu_resource(prsc);
   const unsigned first = MIN2(view->u.tex.first_level, prsc->last_level);
   const unsigned last = CLAMP(view->u.tex.last_level, first, prsc->last_level);
   const unsigned w = u_minify(prsc->width0, first);
   const uint32_t offset = lsgpu_resource_offset(rsc, first, 0);
   const unsigned samples = lsgpu_resource_samples(rsc);
   /* The texture unit's pitch: a row of texels, or of 4×4 blocks. */
   if (rsc->levels[first].stride != align(util_format_get_stride(view->format, w * samples), 64) ||
       offset % 64)
      return "texture with a foreign layout";
   t->log2_samples = samples > 1 ? 2 : 0; /* read by lsgpu.txf only (txf_ms) */
   lsgpu_batch_add_bo(&ctx->batch, rsc->bo);
   t->va = rsc->bo->va + offset;
   t->target = lsgpu_translate(lsgpu_tex_target_pairs, target, LSGPU_TEX_TARGET_2D);
   t->width = w;
   t->height = target == PIPE_TEXTURE_1D || target == PIPE_TEXTURE_1D_ARRAY
                  ? 1
                  : u_minify(prsc->height0, first);
   const unsigned first_layer = view->u.tex.first_layer;
   const unsigned layers = MAX2(view->u.tex.last_layer, first_layer) - first_layer + 1;
   t->depth = target == PIPE_TEXTURE_3D ? u_minify(prsc->depth0, first) : array ? layers : 1;
   if (prsc->target != PIPE_TEXTURE_3D) {
      /* Levels hold the resource's layers; the view's start at first_layer. */
      const unsigned own = target == PIPE_TEXTURE_CUBE ? 6 : array ? layers : 1;
      if (first_layer + own > prsc->array_size)
         return "a view beyond its resource's layers";
      if (first_layer != 0 || own != prsc->array_size) {
         t->first_layer = first_layer;
         t->level_layers = prsc->array_size;
      }
   }
   t->last_level = target == PIPE_TEXTURE_RECT ? 0 : last - first;
   /* The view's swizzle applies to the format's R, G, B, A. */
   const unsigned view_swz[4] = {view->swizzle_r, view->swizzle_g, view->swizzle_b,
                                 view->swizzle_a};
   for (unsigned c = 0; c < 4; c++) {
      const unsigned v = view_swz[c];
      t->swizzle[c] = v <= PIPE_SWIZZLE_W
                         ? fmt->swizzle[v]
                         : lsgpu_translate(lsgpu_tex_swizzle_pairs, v, LSGPU_TEX_SWIZZLE_ZERO);
   }
   memcpy(view_swizzle, view_swz, sizeof(view_swz));
   return NULL;
}

static void
lsgpu_sampler_descriptor(const struct pipe_sampler_state *s, enum pipe_texture_target target,
                         const uint32_t view_swz[4], struct lsgpu_sampler *out)
{
   out->wrap_s = lsgpu_translate(lsgpu_wrap_pairs, s->wrap_s, LSGPU_WRAP_CLAMP_TO_EDGE);
   out->wrap_t = lsgpu_translate(lsgpu_wrap_pairs, s->wrap_t, LSGPU_WRAP_CLAMP_TO_EDGE);
   out->wrap_r = lsgpu_translate(lsgpu_wrap_pairs, s->wrap_r, LSGPU_WRAP_CLAMP_TO_EDGE);
   out->min_filter =
      lsgpu_translate(lsgpu_img_filter_pairs, s->min_img_filter, LSGPU_FILTER_NEAREST);
   out->mag_filter =
      lsgpu_translate(lsgpu_img_filter_pairs, s->mag_img_filter, LSGPU_FILTER_NEAREST);
   out->mip_filter = lsgpu_translate(lsgpu_mip_filter_pairs, s->min_mip_filter, LSGPU_FILTER_NONE);
   out->lod_bias = s->lod_bias;
   out->min_lod = s->min_lod;
   out->max_lod = s->max_lod;
   out->compare = s->compare_mode == PIPE_TEX_COMPARE_R_TO_TEXTURE;
   out->compare_func = lsgpu_translate(lsgpu_func_pairs, s->compare_func, LSGPU_FUNC_NEVER);
   out->normalized = target != PIPE_TEXTURE_RECT && !s->unnormalized_coords;
   out->seamless_cube = s->seamless_cube_map;
   /* Gallium's border colour replaces a texel before the view's swizzle; the
    * descriptor's is the sample after it. */
   for (unsigned c = 0; c < 4; c++) {
      const unsigned v = view_swz[c];
      const float f = v <= PIPE_SWIZZLE_W   ? s->border_color.f[v]
                      : v == PIPE_SWIZZLE_1 ? 1.0f
                                            : 0.0f;
      out->border[c] = f;
   }
}

/* An entry no view fills: reads (0, 0, 0, 1), as GL's incomplete textures: a 1×1
 * texture whose swizzle names only constants, so its one 64-byte row is never read;
 * the (64-byte aligned) table itself serves. */
static void
lsgpu_dummy_texture(uint64_t table_va, struct lsgpu_texture *t)
{
   t->va = table_va;
   t->target = LSGPU_TEX_TARGET_2D;
   t->format = LSGPU_TFMT_R8G8B8A8_UNORM;
   t->width = t->height = t->depth = 1;
   t->swizzle[0] = t->swizzle[1] = t->swizzle[2] = LSGPU_TEX_SWIZZLE_ZERO;
   t->swizzle[3] = LSGPU_TEX_SWIZZLE_ONE;
}

/* TEXTURE of a storage image: one level, the view's layers (docs/isa.md §3.4). */
static const char *
lsgpu_image_texture(struct lsgpu_context *ctx, const struct pipe_image_view *img,
                    struct lsgpu_texture *t)
{
   struct pipe_resource *prsc = img->resource;
   if (prsc->target == PIPE_BUFFER)
      return lsgpu_buffer_texture(ctx, prsc, img->format, img->u.buf.offset, img->u.buf.size, t);
   const struct lsgpu_format_desc *fmt = lsgpu_format(img->format);
   if (!fmt->texture || util_format_is_depth_or_stencil(img->format))
      return "image format not storable";
   if (prsc->nr_samples > 1)
      return "multisample images are not supported";
   struct lsgpu_resource *rsc = lsgpu_resource(prsc);
   const unsigned level = MIN2(img->u.tex.level, prsc->last_level);
   const unsigned w = u_minify(prsc->width0, level);
   const unsigned cpp = util_format_get_blocksize(img->format);
   const bool layered =
      prsc->target == PIPE_TEXTURE_1D_ARRAY || prsc->target == PIPE_TEXTURE_2D_ARRAY ||
      prsc->target == PIPE_TEXTURE_CUBE || prsc->target == PIPE_TEXTURE_CUBE_ARRAY;
   const unsigned first = layered ? img->u.tex.first_layer : 0;
   const uint32_t offset = lsgpu_resource_offset(rsc, level, first);
   if (rsc->levels[level].stride != align(w * cpp, 64) || offset % 64)
      return "image with a foreign layout";
   lsgpu_batch_add_bo(&ctx->batch, rsc->bo);
   t->va = rsc->bo->va + offset;
   t->target = prsc->target == PIPE_TEXTURE_CUBE || prsc->target == PIPE_TEXTURE_CUBE_ARRAY
                  ? LSGPU_TEX_TARGET_2D_ARRAY /* faces as layers */
                  : lsgpu_translate(lsgpu_tex_target_pairs, prsc->target, LSGPU_TEX_TARGET_2D);
   t->format = fmt->tfmt;
   t->width = w;
   t->height = prsc->target == PIPE_TEXTURE_1D || prsc->target == PIPE_TEXTURE_1D_ARRAY
                  ? 1
                  : u_minify(prsc->height0, level);
   t->depth = prsc->target == PIPE_TEXTURE_3D ? u_minify(prsc->depth0, level)
              : layered                       ? MAX2(img->u.tex.last_layer, first) - first + 1
                                              : 1;
   t->last_level = 0;
   for (unsigned c = 0; c < 4; c++)
      t->swizzle[c] = fmt->swizzle[c];
   return NULL;
}

/* The SAMPLER of an entry without a sampler state (images, which lsgpu.txf and
 * lsgpu.imgst reach without one, and units sampling the incomplete texture): valid,
 * nearest, base level only. */
static void
lsgpu_default_sampler(struct lsgpu_sampler *s)
{
   s->normalized = true;
   s->mip_filter = LSGPU_FILTER_NONE;
   s->max_lod = 1000.0f;
}

/* Entry e of a descriptor table: its TEXTURE followed by its SAMPLER. */
static void
lsgpu_write_entry(uint32_t *table, unsigned e, const struct lsgpu_texture *t,
                  const struct lsgpu_sampler *s)
{
   uint32_t *entry = table + e * (LSGPU_TEX_ENTRY_BYTES / 4);
   lsgpu_pack_texture(entry, t);
   lsgpu_pack_sampler(entry + LSGPU_TEXTURE_LENGTH, s);
}

/* Entries IMAGE_UNIT_BASE + n of a descriptor table: image n of images, or the
 * incomplete texture where none is bound. */
static const char *
lsgpu_emit_images(struct lsgpu_context *ctx, const struct pipe_image_view *images,
                  unsigned num_images, uint64_t table_va, uint32_t *table)
{
   for (unsigned n = 0; n < num_images; n++) {
      struct lsgpu_texture t = {};
      struct lsgpu_sampler s = {};
      lsgpu_default_sampler(&s);
      lsgpu_dummy_texture(table_va, &t);
      if (images[n].resource)
         if (const char *why = lsgpu_image_texture(ctx, &images[n], &t))
            return why;
      lsgpu_write_entry(table, LSGPU_IMAGE_UNIT_BASE + n, &t, &s);
   }
   return NULL;
}

/* How many of images are bound, up to the last one. */
static unsigned
lsgpu_images_bound(const struct pipe_image_view *images, unsigned num_images)
{
   unsigned last = 0;
   for (unsigned i = 0; i < num_images; i++)
      if (images[i].resource)
         last = i + 1;
   return last;
}

const char *
lsgpu_emit_textures(struct lsgpu_context *ctx, enum pipe_shader_type stage, uint32_t used,
                    uint64_t *va)
{
   *va = 0;
   const struct pipe_image_view *images = ctx->resources[stage].images;
   const unsigned num_images = lsgpu_images_bound(images, LSGPU_MAX_SHADER_IMAGES);
   if (!used && !num_images)
      return NULL;
   const unsigned count = num_images ? LSGPU_IMAGE_UNIT_BASE + num_images : util_last_bit(used);
   uint64_t table_va;
   uint32_t *table =
      (uint32_t *)lsgpu_context_upload(ctx, count * LSGPU_TEX_ENTRY_BYTES, 64, &table_va);
   if (!table)
      return "out of memory for the texture table";
   memset(table, 0, count * LSGPU_TEX_ENTRY_BYTES);
   for (unsigned unit = 0; unit < 32; unit++) {
      if (!(used >> unit & 1))
         continue;
      struct pipe_sampler_view *view = ctx->state.views[stage][unit];
      const struct pipe_sampler_state *smp =
         (const struct pipe_sampler_state *)ctx->state.samplers[stage][unit];
      struct lsgpu_texture t = {};
      struct lsgpu_sampler s = {};
      uint32_t view_swz[4] = {PIPE_SWIZZLE_X, PIPE_SWIZZLE_Y, PIPE_SWIZZLE_Z, PIPE_SWIZZLE_W};
      if (view && view->texture) {
         const char *why = lsgpu_texture_descriptor(ctx, view, &t, view_swz);
         if (why)
            return why;
         /* texelFetch needs no sampler, and st/mesa binds none for buffer textures:
          * the unit's view is still read (lsgpu.txf ignores the sampler). */
         if (smp) {
            lsgpu_sampler_descriptor(smp, view->texture->target, view_swz, &s);
         } else {
            lsgpu_default_sampler(&s);
            s.normalized = t.target != LSGPU_TEX_TARGET_RECT;
         }
      } else {
         /* Units without a view or sampler read (0, 0, 0, 1), as GL's incomplete
          * textures. */
         lsgpu_dummy_texture(table_va, &t);
         lsgpu_default_sampler(&s);
      }
      lsgpu_write_entry(table, unit, &t, &s);
   }
   if (const char *why = lsgpu_emit_images(ctx, images, num_images, table_va, table))
      return why;
   *va = table_va;
   return NULL;
}

const char *
lsgpu_emit_compute_descriptors(struct lsgpu_context *ctx, const struct pipe_image_view *images,
                               unsigned num_images, uint64_t *va)
{
   *va = 0;
   struct pipe_sampler_view **views = ctx->state.views[PIPE_SHADER_COMPUTE];
   void **samplers = ctx->state.samplers[PIPE_SHADER_COMPUTE];
   unsigned count = 0;
   for (unsigned i = 0; i < PIPE_MAX_SHADER_SAMPLER_VIEWS; i++)
      if (views[i])
         count = i + 1;
   for (unsigned i = 0; i < PIPE_MAX_SAMPLERS; i++)
      if (samplers[i])
         count = MAX2(count, i + 1);
   const unsigned last_image = lsgpu_images_bound(images, num_images);
   if (last_image)
      count = LSGPU_IMAGE_UNIT_BASE + last_image;
   if (!count)
      return NULL;
   uint64_t table_va;
   uint32_t *table =
      (uint32_t *)lsgpu_context_upload(ctx, count * LSGPU_TEX_ENTRY_BYTES, 64, &table_va);
   if (!table)
      return "out of memory for the descriptor table";
   for (unsigned e = 0; e < MIN2(count, LSGPU_IMAGE_UNIT_BASE); e++) {
      /* Entry e: view e's TEXTURE and sampler e's SAMPLER (OpenCL pairs them freely:
       * lsgpu.tex names both entries). */
      struct lsgpu_texture t = {};
      struct lsgpu_sampler s = {};
      lsgpu_default_sampler(&s);
      lsgpu_dummy_texture(table_va, &t);
      struct pipe_sampler_view *view = e < PIPE_MAX_SHADER_SAMPLER_VIEWS ? views[e] : NULL;
      uint32_t view_swz[4] = {PIPE_SWIZZLE_X, PIPE_SWIZZLE_Y, PIPE_SWIZZLE_Z, PIPE_SWIZZLE_W};
      if (view && view->texture)
         if (const char *why = lsgpu_texture_descriptor(ctx, view, &t, view_swz))
            return why;
      const struct pipe_sampler_state *smp =
         e < PIPE_MAX_SAMPLERS ? (const struct pipe_sampler_state *)samplers[e] : NULL;
      if (smp) {
         const uint32_t identity[4] = {PIPE_SWIZZLE_X, PIPE_SWIZZLE_Y, PIPE_SWIZZLE_Z,
                                       PIPE_SWIZZLE_W};
         lsgpu_sampler_descriptor(smp, PIPE_TEXTURE_2D, identity, &s);
      }
      if (t.target == LSGPU_TEX_TARGET_RECT)
         s.normalized = false;
      lsgpu_write_entry(table, e, &t, &s);
   }
   if (const char *why = lsgpu_emit_images(ctx, images, last_image, table_va, table))
      return why;
   *va = table_va;
   return NULL;
}
