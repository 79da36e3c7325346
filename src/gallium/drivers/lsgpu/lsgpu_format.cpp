/* SPDX-License-Identifier: MIT */
/*
 * The format table (lsgpu_format.h). Texture layouts are derived from Mesa's format
 * descriptions — one memory layout per channel size and type, the swizzle doing the
 * rest (RGBA and BGRA, L, A, I, LA, RGBX are one layout each) — and vertex and
 * depth/stencil formats are explicit pairs; the table holds the result for every
 * pipe format.
 */
#include "lsgpu_format.h"

#include "lsgpu_hw_enums.h"
#include "util/format/u_format.h"
#include "util/u_math.h"

namespace
{

constexpr lsgpu_enum_pair<lsgpu_vfmt> kVertexFormats[] = {
   {PIPE_FORMAT_R32_FLOAT, LSGPU_VFMT_R32_FLOAT},
   {PIPE_FORMAT_R32G32_FLOAT, LSGPU_VFMT_R32G32_FLOAT},
   {PIPE_FORMAT_R32G32B32_FLOAT, LSGPU_VFMT_R32G32B32_FLOAT},
   {PIPE_FORMAT_R32G32B32A32_FLOAT, LSGPU_VFMT_R32G32B32A32_FLOAT},
   {PIPE_FORMAT_R8G8B8A8_UNORM, LSGPU_VFMT_R8G8B8A8_UNORM},
   {PIPE_FORMAT_R32_UINT, LSGPU_VFMT_R32_UINT},
   {PIPE_FORMAT_R32G32_UINT, LSGPU_VFMT_R32G32_UINT},
   {PIPE_FORMAT_R32G32B32_UINT, LSGPU_VFMT_R32G32B32_UINT},
   {PIPE_FORMAT_R32G32B32A32_UINT, LSGPU_VFMT_R32G32B32A32_UINT},
   {PIPE_FORMAT_R32_SINT, LSGPU_VFMT_R32_SINT},
   {PIPE_FORMAT_R32G32_SINT, LSGPU_VFMT_R32G32_SINT},
   {PIPE_FORMAT_R32G32B32_SINT, LSGPU_VFMT_R32G32B32_SINT},
   {PIPE_FORMAT_R32G32B32A32_SINT, LSGPU_VFMT_R32G32B32A32_SINT},
   {PIPE_FORMAT_B8G8R8A8_UNORM, LSGPU_VFMT_B8G8R8A8_UNORM},
   {PIPE_FORMAT_R10G10B10A2_UNORM, LSGPU_VFMT_R10G10B10A2_UNORM},
   {PIPE_FORMAT_R10G10B10A2_SNORM, LSGPU_VFMT_R10G10B10A2_SNORM},
   {PIPE_FORMAT_R10G10B10A2_USCALED, LSGPU_VFMT_R10G10B10A2_USCALED},
   {PIPE_FORMAT_R10G10B10A2_SSCALED, LSGPU_VFMT_R10G10B10A2_SSCALED},
   {PIPE_FORMAT_B10G10R10A2_UNORM, LSGPU_VFMT_B10G10R10A2_UNORM},
   {PIPE_FORMAT_B10G10R10A2_SNORM, LSGPU_VFMT_B10G10R10A2_SNORM},
   {PIPE_FORMAT_B10G10R10A2_USCALED, LSGPU_VFMT_B10G10R10A2_USCALED},
   {PIPE_FORMAT_B10G10R10A2_SSCALED, LSGPU_VFMT_B10G10R10A2_SSCALED},
};
LSGPU_CHECK_PAIRS(kVertexFormats, vfmt);

constexpr lsgpu_enum_pair<lsgpu_zfmt> kDepthFormats[] = {
   {PIPE_FORMAT_Z32_FLOAT, LSGPU_ZFMT_Z32_FLOAT},
   {PIPE_FORMAT_Z24_UNORM_S8_UINT, LSGPU_ZFMT_Z24_UNORM_S8_UINT},
   {PIPE_FORMAT_Z24X8_UNORM, LSGPU_ZFMT_Z24_UNORM_S8_UINT},
   {PIPE_FORMAT_S8_UINT_Z24_UNORM, LSGPU_ZFMT_S8_UINT_Z24_UNORM},
   {PIPE_FORMAT_X8Z24_UNORM, LSGPU_ZFMT_S8_UINT_Z24_UNORM},
   {PIPE_FORMAT_Z16_UNORM, LSGPU_ZFMT_Z16_UNORM},
   {PIPE_FORMAT_Z32_FLOAT_S8X24_UINT, LSGPU_ZFMT_Z32_FLOAT_S8X24_UINT},
};
LSGPU_CHECK_PAIRS(kDepthFormats, zfmt);

/* Depth and stencil formats sample as (D, 0, 0, 1) — st/mesa's view swizzle applies
 * the depth texture mode — and stencil views (u_blitter's stencil blits) as channel
 * 1, the stencil, read as an integer by the shader. */
struct DepthTexture {
   unsigned format;
   lsgpu_tfmt tfmt;
   lsgpu_tex_swizzle channel;
};
constexpr DepthTexture kDepthTextures[] = {
   {PIPE_FORMAT_Z16_UNORM, LSGPU_TFMT_R16_UNORM, LSGPU_TEX_SWIZZLE_CHANNEL0},
   {PIPE_FORMAT_Z32_FLOAT, LSGPU_TFMT_R32_FLOAT, LSGPU_TEX_SWIZZLE_CHANNEL0},
   {PIPE_FORMAT_Z24_UNORM_S8_UINT, LSGPU_TFMT_Z24_UNORM_S8_UINT, LSGPU_TEX_SWIZZLE_CHANNEL0},
   {PIPE_FORMAT_Z24X8_UNORM, LSGPU_TFMT_Z24_UNORM_S8_UINT, LSGPU_TEX_SWIZZLE_CHANNEL0},
   {PIPE_FORMAT_S8_UINT_Z24_UNORM, LSGPU_TFMT_S8_UINT_Z24_UNORM, LSGPU_TEX_SWIZZLE_CHANNEL0},
   {PIPE_FORMAT_X8Z24_UNORM, LSGPU_TFMT_S8_UINT_Z24_UNORM, LSGPU_TEX_SWIZZLE_CHANNEL0},
   {PIPE_FORMAT_X24S8_UINT, LSGPU_TFMT_Z24_UNORM_S8_UINT, LSGPU_TEX_SWIZZLE_CHANNEL1},
   {PIPE_FORMAT_S8X24_UINT, LSGPU_TFMT_S8_UINT_Z24_UNORM, LSGPU_TEX_SWIZZLE_CHANNEL1},
   {PIPE_FORMAT_Z32_FLOAT_S8X24_UINT, LSGPU_TFMT_Z32_FLOAT_S8X24_UINT, LSGPU_TEX_SWIZZLE_CHANNEL0},
   {PIPE_FORMAT_X32_S8X24_UINT, LSGPU_TFMT_Z32_FLOAT_S8X24_UINT, LSGPU_TEX_SWIZZLE_CHANNEL1},
};

/* Formats with channels of their own encoding (TEXEL_KIND UFLOAT, SHARED_EXP). */
struct PackedFloat {
   unsigned format;
   lsgpu_tfmt tfmt;
};
constexpr PackedFloat kPackedFloats[] = {
   {PIPE_FORMAT_R11G11B10_FLOAT, LSGPU_TFMT_R11G11B10_FLOAT},
   {PIPE_FORMAT_R9G9B9E5_FLOAT, LSGPU_TFMT_R9G9B9E5_FLOAT},
};

/* Block-compressed formats the texture unit decodes (TEX_CODEC); the format's own
 * swizzle picks the channels (RGB DXT1's alpha reads one, LATC's luminance is channel
 * 0 in R, G, B). Mesa decompresses the rest (BPTC, ASTC, FXT1) on upload. */
constexpr lsgpu_enum_pair<lsgpu_tfmt> kCompressed[] = {
   {PIPE_FORMAT_DXT1_RGB, LSGPU_TFMT_BC1_UNORM},
   {PIPE_FORMAT_DXT1_RGBA, LSGPU_TFMT_BC1_UNORM},
   {PIPE_FORMAT_DXT1_SRGB, LSGPU_TFMT_BC1_SRGB},
   {PIPE_FORMAT_DXT1_SRGBA, LSGPU_TFMT_BC1_SRGB},
   {PIPE_FORMAT_DXT3_RGBA, LSGPU_TFMT_BC2_UNORM},
   {PIPE_FORMAT_DXT3_SRGBA, LSGPU_TFMT_BC2_SRGB},
   {PIPE_FORMAT_DXT5_RGBA, LSGPU_TFMT_BC3_UNORM},
   {PIPE_FORMAT_DXT5_SRGBA, LSGPU_TFMT_BC3_SRGB},
   {PIPE_FORMAT_RGTC1_UNORM, LSGPU_TFMT_BC4_UNORM},
   {PIPE_FORMAT_RGTC1_SNORM, LSGPU_TFMT_BC4_SNORM},
   {PIPE_FORMAT_LATC1_UNORM, LSGPU_TFMT_BC4_UNORM},
   {PIPE_FORMAT_LATC1_SNORM, LSGPU_TFMT_BC4_SNORM},
   {PIPE_FORMAT_RGTC2_UNORM, LSGPU_TFMT_BC5_UNORM},
   {PIPE_FORMAT_RGTC2_SNORM, LSGPU_TFMT_BC5_SNORM},
   {PIPE_FORMAT_LATC2_UNORM, LSGPU_TFMT_BC5_UNORM},
   {PIPE_FORMAT_LATC2_SNORM, LSGPU_TFMT_BC5_SNORM},
   {PIPE_FORMAT_ETC1_RGB8, LSGPU_TFMT_ETC2_RGB8},
   {PIPE_FORMAT_ETC2_RGB8, LSGPU_TFMT_ETC2_RGB8},
   {PIPE_FORMAT_ETC2_SRGB8, LSGPU_TFMT_ETC2_SRGB8},
   {PIPE_FORMAT_ETC2_RGB8A1, LSGPU_TFMT_ETC2_RGB8A1},
   {PIPE_FORMAT_ETC2_SRGB8A1, LSGPU_TFMT_ETC2_SRGB8A1},
   {PIPE_FORMAT_ETC2_RGBA8, LSGPU_TFMT_ETC2_RGBA8},
   {PIPE_FORMAT_ETC2_SRGBA8, LSGPU_TFMT_ETC2_SRGBA8},
   {PIPE_FORMAT_ETC2_R11_UNORM, LSGPU_TFMT_EAC_R11_UNORM},
   {PIPE_FORMAT_ETC2_R11_SNORM, LSGPU_TFMT_EAC_R11_SNORM},
   {PIPE_FORMAT_ETC2_RG11_UNORM, LSGPU_TFMT_EAC_RG11_UNORM},
   {PIPE_FORMAT_ETC2_RG11_SNORM, LSGPU_TFMT_EAC_RG11_SNORM},
};
LSGPU_CHECK_PAIRS(kCompressed, tfmt);

/* A compressed format's texture: its block's TFMT, the format's swizzle. */
bool
compressed_texture(enum pipe_format format, lsgpu_format_desc *out)
{
   const lsgpu_tfmt none = (lsgpu_tfmt)0;
   out->tfmt = lsgpu_translate(kCompressed, format, none);
   if (out->tfmt == none)
      return false;
   const struct util_format_description *d = util_format_description(format);
   for (unsigned c = 0; c < 4; c++)
      out->swizzle[c] =
         lsgpu_translate(lsgpu_tex_swizzle_pairs, d->swizzle[c], LSGPU_TEX_SWIZZLE_ZERO);
   return true;
}

/* The TFMT whose memory layout in the hardware description (src/hw: the width and bit
 * offset of each channel, and how they decode) is this format's. */
bool
layout_tfmt(const struct util_format_description *d, lsgpu_texel_kind kind, lsgpu_tfmt *out)
{
   unsigned count;
   const uint32_t *values = lsgpu_tfmt_values(&count);
   for (unsigned i = 0; i < count; i++) {
      const struct lsgpu_tfmt_layout *l = lsgpu_tfmt_get_layout(values[i]);
      bool same = l && l->kind == kind && l->channels == d->nr_channels;
      for (unsigned c = 0; same && c < d->nr_channels; c++)
         same = l->bits[c] == d->channel[c].size && l->offset[c] == d->channel[c].shift;
      if (same) {
         *out = (lsgpu_tfmt)values[i];
         return true;
      }
   }
   return false;
}

/* The texture layout of a colour format: every channel of one type (padding
 * excepted), normalized or float, plain 1×1 blocks. */
bool
color_texture(enum pipe_format format, lsgpu_format_desc *out)
{
   const struct util_format_description *d = util_format_description(format);
   if (!d || d->layout != UTIL_FORMAT_LAYOUT_PLAIN || d->block.width != 1 || d->block.height != 1 ||
       d->colorspace == UTIL_FORMAT_COLORSPACE_ZS || d->is_mixed)
      return false;
   const int first = util_format_get_first_non_void_channel(format);
   if (first < 0)
      return false;
   const struct util_format_channel_description *ch = &d->channel[first];
   for (unsigned c = 0; c < d->nr_channels; c++) {
      const struct util_format_channel_description *o = &d->channel[c];
      if (o->type != UTIL_FORMAT_TYPE_VOID &&
          (o->type != ch->type || o->normalized != ch->normalized ||
           o->pure_integer != ch->pure_integer))
         return false;
   }
   const bool unorm = ch->type == UTIL_FORMAT_TYPE_UNSIGNED && ch->normalized;
   const bool snorm = ch->type == UTIL_FORMAT_TYPE_SIGNED && ch->normalized;
   const bool flt = ch->type == UTIL_FORMAT_TYPE_FLOAT;
   /* Pure integers (OpenCL's UNSIGNED_INT / SIGNED_INT images) read as integers. */
   const bool uint = ch->type == UTIL_FORMAT_TYPE_UNSIGNED && ch->pure_integer;
   const bool sint = ch->type == UTIL_FORMAT_TYPE_SIGNED && ch->pure_integer;
   if (!unorm && !snorm && !flt && !uint && !sint)
      return false;
   const bool srgb = d->colorspace == UTIL_FORMAT_COLORSPACE_SRGB;
   /* sRGB decodes memory channels 0..2: alpha must be channel 3 or absent. */
   if (srgb && (!unorm || (d->swizzle[3] != PIPE_SWIZZLE_W && d->swizzle[3] != PIPE_SWIZZLE_1)))
      return false;
   const lsgpu_texel_kind kind = srgb             ? LSGPU_TEXEL_KIND_SRGB
                                 : uint           ? LSGPU_TEXEL_KIND_UINT
                                 : sint           ? LSGPU_TEXEL_KIND_SINT
                                 : unorm          ? LSGPU_TEXEL_KIND_UNORM
                                 : snorm          ? LSGPU_TEXEL_KIND_SNORM
                                 : ch->size == 16 ? LSGPU_TEXEL_KIND_HALF
                                                  : LSGPU_TEXEL_KIND_FLOAT;
   if (!layout_tfmt(d, kind, &out->tfmt))
      return false;
   for (unsigned c = 0; c < 4; c++)
      out->swizzle[c] =
         lsgpu_translate(lsgpu_tex_swizzle_pairs, d->swizzle[c], LSGPU_TEX_SWIZZLE_ZERO);
   return true;
}

/* A render target stores, in each memory channel, the first colour channel that
 * reads it (R for luminance and intensity, A for alpha). */
bool
render_target(enum pipe_format format, lsgpu_format_desc *out)
{
   /* Integer formats store the colour's bits, saturated (RENDER_TARGET.format).
    * Texels of 12 bytes are for sampling: the fill engine has no such element. */
   if (!out->texture || util_format_is_depth_or_stencil(format) ||
       util_format_is_compressed(format) ||
       !util_is_power_of_two_nonzero(util_format_get_blocksize(format)) ||
       format == PIPE_FORMAT_R9G9B9E5_FLOAT) /* GL samples shared exponents only */
      return false;
   bool any = false;
   for (unsigned m = 0; m < 4; m++) {
      out->rt_swizzle[m] = LSGPU_RT_SWIZZLE_NONE;
      for (unsigned c = 0; c < 4; c++) {
         if ((unsigned)out->swizzle[c] == m) {
            out->rt_swizzle[m] = (lsgpu_rt_swizzle)(LSGPU_RT_SWIZZLE_R + c);
            any = true;
            break;
         }
      }
   }
   return any;
}

lsgpu_format_desc
describe(enum pipe_format format)
{
   lsgpu_format_desc f = {};
   for (const DepthTexture &z : kDepthTextures) {
      if (z.format == format) {
         f.texture = true;
         f.tfmt = z.tfmt;
         f.swizzle[0] = z.channel;
         f.swizzle[1] = f.swizzle[2] = LSGPU_TEX_SWIZZLE_ZERO;
         f.swizzle[3] = LSGPU_TEX_SWIZZLE_ONE;
      }
   }
   /* The packed floats Mesa describes as "other" layouts: memory channels R, G, B. */
   for (const PackedFloat &pf : kPackedFloats) {
      if (pf.format == format) {
         f.texture = true;
         f.tfmt = pf.tfmt;
         for (unsigned c = 0; c < 3; c++)
            f.swizzle[c] = (lsgpu_tex_swizzle)(LSGPU_TEX_SWIZZLE_CHANNEL0 + c);
         f.swizzle[3] = LSGPU_TEX_SWIZZLE_ONE;
      }
   }
   if (!f.texture)
      f.texture = compressed_texture(format, &f) || color_texture(format, &f);
   f.render_target = render_target(format, &f);
   const lsgpu_vfmt none_v = (lsgpu_vfmt)0;
   f.vfmt = lsgpu_translate(kVertexFormats, format, none_v);
   f.vertex = f.vfmt != none_v;
   f.zfmt = lsgpu_translate(kDepthFormats, format, LSGPU_ZFMT_NONE);
   f.depth_stencil = f.zfmt != LSGPU_ZFMT_NONE;
   return f;
}

struct FormatTable {
   lsgpu_format_desc desc[PIPE_FORMAT_COUNT];
   FormatTable()
   {
      for (unsigned i = 0; i < PIPE_FORMAT_COUNT; i++)
         desc[i] = describe((enum pipe_format)i);
   }
};

} // namespace

const struct lsgpu_format_desc *
lsgpu_format(enum pipe_format format)
{
   static const FormatTable table; /* built once, thread-safe */
   static const lsgpu_format_desc unknown = {};
   return (unsigned)format < PIPE_FORMAT_COUNT ? &table.desc[format] : &unknown;
}
