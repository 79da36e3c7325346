/* SPDX-License-Identifier: MIT */
/*
 * Sampler views and sampler states → the LSGPU-1 texture table (docs/isa.md §3.2):
 * one TEXTURE and one SAMPLER descriptor per texture unit a shader samples.
 */
#include "lsgpu_texture.h"

#include <string.h>

#include "lsgpu/drm/lsgpu_winsys.h"
#include "lsgpu_context.h"
#include "lsgpu_packets.h"
#include "lsgpu_resource.h"
#include "util/format/u_format.h"
#include "util/u_math.h"

#define LSGPU_TEX_ENTRY_BYTES 128
#define LSGPU_SWZ_ZERO        4
#define LSGPU_SWZ_ONE         5

/* Gallium swizzle (PIPE_SWIZZLE_X..W, 0, 1, NONE) → TEXTURE.swizzle source. */
static uint32_t
lsgpu_swizzle_source(unsigned swz)
{
   if (swz <= PIPE_SWIZZLE_W)
      return swz;
   return swz == PIPE_SWIZZLE_1 ? LSGPU_SWZ_ONE : LSGPU_SWZ_ZERO;
}

/* Memory layouts of packed 16/32-bit formats, by channel widths from bit 0. */
static bool
lsgpu_packed_tfmt(const struct util_format_description *d, uint32_t *tfmt)
{
   const unsigned n = d->nr_channels;
   unsigned w[4] = {0, 0, 0, 0};
   for (unsigned c = 0; c < n; c++)
      w[c] = d->channel[c].size;
   if (n == 3 && w[0] == 5 && w[1] == 6 && w[2] == 5)
      *tfmt = LSGPU_TFMT_R5G6B5_UNORM;
   else if (n == 4 && w[0] == 5 && w[1] == 5 && w[2] == 5 && w[3] == 1)
      *tfmt = LSGPU_TFMT_R5G5B5A1_UNORM;
   else if (n == 4 && w[0] == 4 && w[1] == 4 && w[2] == 4 && w[3] == 4)
      *tfmt = LSGPU_TFMT_R4G4B4A4_UNORM;
   else if (n == 4 && w[0] == 10 && w[1] == 10 && w[2] == 10 && w[3] == 2)
      *tfmt = LSGPU_TFMT_R10G10B10A2_UNORM;
   else
      return false;
   return true;
}

bool
lsgpu_tfmt(enum pipe_format format, uint32_t *tfmt, uint32_t *swizzle)
{
   /* Depth formats sample as (D, 0, 0, 1); st/mesa's view swizzle applies the depth
    * texture mode. */
   const uint32_t depth_swizzle =
      0 | LSGPU_SWZ_ZERO << 3 | LSGPU_SWZ_ZERO << 6 | LSGPU_SWZ_ONE << 9;
   const uint32_t stencil_swizzle =
      1 | LSGPU_SWZ_ZERO << 3 | LSGPU_SWZ_ZERO << 6 | LSGPU_SWZ_ONE << 9;
   switch (format) {
   case PIPE_FORMAT_Z16_UNORM:
      *tfmt = LSGPU_TFMT_R16_UNORM;
      *swizzle = depth_swizzle;
      return true;
   case PIPE_FORMAT_Z32_FLOAT:
      *tfmt = LSGPU_TFMT_R32_FLOAT;
      *swizzle = depth_swizzle;
      return true;
   case PIPE_FORMAT_Z24_UNORM_S8_UINT:
   case PIPE_FORMAT_Z24X8_UNORM:
      *tfmt = LSGPU_TFMT_Z24_UNORM_S8_UINT;
      *swizzle = depth_swizzle;
      return true;
   case PIPE_FORMAT_S8_UINT_Z24_UNORM:
   case PIPE_FORMAT_X8Z24_UNORM:
      *tfmt = LSGPU_TFMT_S8_UINT_Z24_UNORM;
      *swizzle = depth_swizzle;
      return true;
   /* Stencil views (u_blitter's stencil blits): channel 1, read as an integer. */
   case PIPE_FORMAT_X24S8_UINT:
      *tfmt = LSGPU_TFMT_Z24_UNORM_S8_UINT;
      *swizzle = stencil_swizzle;
      return true;
   case PIPE_FORMAT_S8X24_UINT:
      *tfmt = LSGPU_TFMT_S8_UINT_Z24_UNORM;
      *swizzle = stencil_swizzle;
      return true;
   default:
      break;
   }

   const struct util_format_description *d = util_format_description(format);
   if (!d || d->layout != UTIL_FORMAT_LAYOUT_PLAIN || d->block.width != 1 || d->block.height != 1 ||
       d->colorspace == UTIL_FORMAT_COLORSPACE_ZS || d->is_mixed)
      return false;
   /* Every channel of one type (padding channels excepted), normalized or float. */
   int first = util_format_get_first_non_void_channel(format);
   if (first < 0)
      return false;
   const struct util_format_channel_description *ch = &d->channel[first];
   for (unsigned c = 0; c < d->nr_channels; c++) {
      const struct util_format_channel_description *o = &d->channel[c];
      if (o->type != UTIL_FORMAT_TYPE_VOID &&
          (o->type != ch->type || o->normalized != ch->normalized || o->pure_integer))
         return false;
   }
   const bool unorm = ch->type == UTIL_FORMAT_TYPE_UNSIGNED && ch->normalized;
   const bool flt = ch->type == UTIL_FORMAT_TYPE_FLOAT;
   if (!unorm && !flt)
      return false;
   const unsigned n = d->nr_channels;
   const bool srgb = d->colorspace == UTIL_FORMAT_COLORSPACE_SRGB;

   if (!d->is_array) {
      if (!unorm || srgb || !lsgpu_packed_tfmt(d, tfmt))
         return false;
   } else if (srgb) {
      /* sRGB decodes memory channels 0..2: alpha must be channel 3 or absent. */
      if (!unorm || ch->size != 8 || n != 4 ||
          (d->swizzle[3] != PIPE_SWIZZLE_W && d->swizzle[3] != PIPE_SWIZZLE_1))
         return false;
      *tfmt = LSGPU_TFMT_R8G8B8A8_SRGB;
   } else {
      static const uint32_t unorm8[5] = {0, LSGPU_TFMT_R8_UNORM, LSGPU_TFMT_R8G8_UNORM, 0,
                                         LSGPU_TFMT_R8G8B8A8_UNORM};
      static const uint32_t unorm16[5] = {0, LSGPU_TFMT_R16_UNORM, LSGPU_TFMT_R16G16_UNORM, 0,
                                          LSGPU_TFMT_R16G16B16A16_UNORM};
      static const uint32_t half[5] = {0, LSGPU_TFMT_R16_FLOAT, LSGPU_TFMT_R16G16_FLOAT, 0,
                                       LSGPU_TFMT_R16G16B16A16_FLOAT};
      static const uint32_t single[5] = {0, LSGPU_TFMT_R32_FLOAT, LSGPU_TFMT_R32G32_FLOAT, 0,
                                         LSGPU_TFMT_R32G32B32A32_FLOAT};
      const uint32_t *table = NULL;
      if (unorm && ch->size == 8)
         table = unorm8;
      else if (unorm && ch->size == 16)
         table = unorm16;
      else if (flt && ch->size == 16)
         table = half;
      else if (flt && ch->size == 32)
         table = single;
      if (!table || n > 4 || !table[n])
         return false;
      *tfmt = table[n];
   }
   *swizzle = 0;
   for (unsigned c = 0; c < 4; c++)
      *swizzle |= lsgpu_swizzle_source(d->swizzle[c]) << (3 * c);
   return true;
}

static uint32_t
lsgpu_tex_target(enum pipe_texture_target target)
{
   switch (target) {
   case PIPE_TEXTURE_1D:
      return LSGPU_TEX_TARGET_1D;
   case PIPE_TEXTURE_3D:
      return LSGPU_TEX_TARGET_3D;
   case PIPE_TEXTURE_CUBE:
      return LSGPU_TEX_TARGET_CUBE;
   case PIPE_TEXTURE_RECT:
      return LSGPU_TEX_TARGET_RECT;
   case PIPE_TEXTURE_1D_ARRAY:
      return LSGPU_TEX_TARGET_1D_ARRAY;
   case PIPE_TEXTURE_2D_ARRAY:
      return LSGPU_TEX_TARGET_2D_ARRAY;
   default:
      return LSGPU_TEX_TARGET_2D;
   }
}

static uint32_t
lsgpu_wrap(unsigned wrap)
{
   switch (wrap) {
   case PIPE_TEX_WRAP_REPEAT:
      return LSGPU_WRAP_REPEAT;
   case PIPE_TEX_WRAP_CLAMP:
      return LSGPU_WRAP_CLAMP;
   case PIPE_TEX_WRAP_CLAMP_TO_BORDER:
      return LSGPU_WRAP_CLAMP_TO_BORDER;
   case PIPE_TEX_WRAP_MIRROR_REPEAT:
      return LSGPU_WRAP_MIRRORED_REPEAT;
   case PIPE_TEX_WRAP_MIRROR_CLAMP:
      return LSGPU_WRAP_MIRROR_CLAMP;
   case PIPE_TEX_WRAP_MIRROR_CLAMP_TO_EDGE:
      return LSGPU_WRAP_MIRROR_CLAMP_TO_EDGE;
   case PIPE_TEX_WRAP_MIRROR_CLAMP_TO_BORDER:
      return LSGPU_WRAP_MIRROR_CLAMP_TO_BORDER;
   default:
      return LSGPU_WRAP_CLAMP_TO_EDGE;
   }
}

/* TEXTURE of a view and the view's swizzle; returns why not when its resource's
 * layout is not the one the texture unit assumes (imported images with their own
 * stride). */
static const char *
lsgpu_texture_descriptor(struct lsgpu_context *ctx, struct pipe_sampler_view *view,
                         struct lsgpu_texture *t, uint32_t *view_swizzle)
{
   struct pipe_resource *prsc = view->texture;
   if (prsc->target == PIPE_BUFFER || prsc->target == PIPE_TEXTURE_CUBE_ARRAY)
      return "buffer and cube-array textures are not sampled";
   const bool array =
      prsc->target == PIPE_TEXTURE_1D_ARRAY || prsc->target == PIPE_TEXTURE_2D_ARRAY;
   if (array && (view->u.tex.first_layer != 0 || view->u.tex.last_layer + 1u != prsc->array_size))
      return "array views of a layer range are not sampled";
   uint32_t swizzle;
   if (!lsgpu_tfmt(view->format, &t->format, &swizzle))
      return "texture format not sampled";
   struct lsgpu_resource *rsc = lsgpu_resource(prsc);
   const unsigned first = MIN2(view->u.tex.first_level, prsc->last_level);
   const unsigned last = CLAMP(view->u.tex.last_level, first, prsc->last_level);
   const unsigned w = u_minify(prsc->width0, first);
   const unsigned cpp = util_format_get_blocksize(view->format);
   const uint32_t offset = lsgpu_resource_offset(rsc, first, 0);
   if (rsc->levels[first].stride != align(w * cpp, 64) || offset % 64)
      return "texture with a foreign layout";
   lsgpu_batch_add_bo(&ctx->batch, rsc->bo);
   t->va = rsc->bo->va + offset;
   t->target = lsgpu_tex_target(prsc->target);
   t->width = w;
   t->height = prsc->target == PIPE_TEXTURE_1D || prsc->target == PIPE_TEXTURE_1D_ARRAY
                  ? 1
                  : u_minify(prsc->height0, first);
   t->depth = prsc->target == PIPE_TEXTURE_3D ? u_minify(prsc->depth0, first)
              : array                         ? prsc->array_size
                                              : 1;
   t->last_level = prsc->target == PIPE_TEXTURE_RECT ? 0 : last - first;
   /* The view's swizzle applies to the format's R, G, B, A. */
   const unsigned view_swz[4] = {view->swizzle_r, view->swizzle_g, view->swizzle_b,
                                 view->swizzle_a};
   t->swizzle = 0;
   for (unsigned c = 0; c < 4; c++) {
      const unsigned v = view_swz[c];
      const uint32_t src = v <= PIPE_SWIZZLE_W ? (swizzle >> (3 * v)) & 7 : lsgpu_swizzle_source(v);
      t->swizzle |= src << (3 * c);
   }
   memcpy(view_swizzle, view_swz, sizeof(view_swz));
   return NULL;
}

static void
lsgpu_sampler_descriptor(const struct pipe_sampler_state *s, enum pipe_texture_target target,
                         const uint32_t view_swz[4], struct lsgpu_sampler *out)
{
   out->wrap_s = lsgpu_wrap(s->wrap_s);
   out->wrap_t = lsgpu_wrap(s->wrap_t);
   out->wrap_r = lsgpu_wrap(s->wrap_r);
   out->min_filter =
      s->min_img_filter == PIPE_TEX_FILTER_LINEAR ? LSGPU_FILTER_LINEAR : LSGPU_FILTER_NEAREST;
   out->mag_filter =
      s->mag_img_filter == PIPE_TEX_FILTER_LINEAR ? LSGPU_FILTER_LINEAR : LSGPU_FILTER_NEAREST;
   out->mip_filter = s->min_mip_filter == PIPE_TEX_MIPFILTER_LINEAR    ? LSGPU_FILTER_LINEAR
                     : s->min_mip_filter == PIPE_TEX_MIPFILTER_NEAREST ? LSGPU_FILTER_NEAREST
                                                                       : LSGPU_FILTER_NONE;
   out->lod_bias = s->lod_bias;
   out->min_lod = s->min_lod;
   out->max_lod = s->max_lod;
   out->compare = s->compare_mode == PIPE_TEX_COMPARE_R_TO_TEXTURE;
   out->compare_func = s->compare_func;
   out->normalized = target == PIPE_TEXTURE_RECT ? 0 : !s->unnormalized_coords;
   /* Gallium's border colour replaces a texel before the view's swizzle; the
    * descriptor's is the sample after it. */
   for (unsigned c = 0; c < 4; c++) {
      const unsigned v = view_swz[c];
      const float f = v <= PIPE_SWIZZLE_W   ? s->border_color.f[v]
                      : v == PIPE_SWIZZLE_1 ? 1.0f
                                            : 0.0f;
      memcpy(&out->border[c], &f, 4);
   }
}

const char *
lsgpu_emit_textures(struct lsgpu_context *ctx, uint32_t used, uint64_t *va)
{
   *va = 0;
   if (!used)
      return NULL;
   const unsigned count = util_last_bit(used);
   uint64_t table_va;
   uint32_t *table =
      (uint32_t *)lsgpu_context_upload(ctx, count * LSGPU_TEX_ENTRY_BYTES, 64, &table_va);
   if (!table)
      return "out of memory for the texture table";
   memset(table, 0, count * LSGPU_TEX_ENTRY_BYTES);
   for (unsigned unit = 0; unit < count; unit++) {
      if (!(used >> unit & 1))
         continue;
      struct pipe_sampler_view *view = ctx->state.views[PIPE_SHADER_FRAGMENT][unit];
      const struct pipe_sampler_state *smp =
         (const struct pipe_sampler_state *)ctx->state.samplers[PIPE_SHADER_FRAGMENT][unit];
      struct lsgpu_texture t = {};
      struct lsgpu_sampler s = {};
      uint32_t view_swz[4] = {PIPE_SWIZZLE_X, PIPE_SWIZZLE_Y, PIPE_SWIZZLE_Z, PIPE_SWIZZLE_W};
      if (view && view->texture && smp) {
         const char *why = lsgpu_texture_descriptor(ctx, view, &t, view_swz);
         if (why)
            return why;
         lsgpu_sampler_descriptor(smp, view->texture->target, view_swz, &s);
      } else {
         /* Units without a view or sampler read (0, 0, 0, 1), as GL's incomplete
          * textures: a 1×1 texture whose swizzle names only constants, so its one
          * 64-byte row is never read; the (64-byte aligned) table itself serves. */
         t.va = table_va;
         t.target = LSGPU_TEX_TARGET_2D;
         t.format = LSGPU_TFMT_R8G8B8A8_UNORM;
         t.width = t.height = t.depth = 1;
         t.swizzle =
            LSGPU_SWZ_ZERO | LSGPU_SWZ_ZERO << 3 | LSGPU_SWZ_ZERO << 6 | LSGPU_SWZ_ONE << 9;
         s.normalized = 1;
         s.mip_filter = LSGPU_FILTER_NONE;
      }
      uint32_t *entry = table + unit * (LSGPU_TEX_ENTRY_BYTES / 4);
      lsgpu_pack_texture(entry, &t);
      lsgpu_pack_sampler(entry + LSGPU_TEXTURE_LENGTH, &s);
   }
   *va = table_va;
   return NULL;
}
