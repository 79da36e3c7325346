/* SPDX-License-Identifier: MIT */
#include "gpu/output/output_merger.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "gpu/memory/address_space.h"
#include "gpu/compare_func.h"
#include "common/float_bits.h"
#include "common/le_word.h"
#include "gpu/texture/texture_format.h"

namespace lsgpu::sim
{

static uint8_t
stencil_op(uint32_t op, uint8_t s, uint8_t ref)
{
   switch (op) {
   case LSGPU_STENCIL_OP_ZERO:
      return 0;
   case LSGPU_STENCIL_OP_REPLACE:
      return ref;
   case LSGPU_STENCIL_OP_INCR:
      return s == 255 ? s : s + 1;
   case LSGPU_STENCIL_OP_DECR:
      return s == 0 ? s : s - 1;
   case LSGPU_STENCIL_OP_INCR_WRAP:
      return (uint8_t)(s + 1);
   case LSGPU_STENCIL_OP_DECR_WRAP:
      return (uint8_t)(s - 1);
   case LSGPU_STENCIL_OP_INVERT:
      return (uint8_t)~s;
   default:
      return s;
   }
}

/* Where a depth/stencil format keeps its fields in a pixel. */
struct DepthLayout {
   unsigned cpp;
   unsigned depth_shift;
   uint32_t depth_max; /* 0: float depth */
   int stencil_shift;  /* -1: no stencil */
};

static DepthLayout
depth_layout(uint32_t format)
{
   switch (format) {
   case LSGPU_ZFMT_Z32_FLOAT:
      return {4, 0, 0, -1};
   case LSGPU_ZFMT_Z24_UNORM_S8_UINT:
      return {4, 0, 0xffffff, 24};
   case LSGPU_ZFMT_S8_UINT_Z24_UNORM:
      return {4, 8, 0xffffff, 0};
   case LSGPU_ZFMT_Z32_FLOAT_S8X24_UINT:
      return {8, 0, 0, 32};
   default:
      return {2, 0, 0xffff, -1};
   }
}

DepthUnit::DepthUnit(const DepthTarget &zs) : zs_(zs)
{
   const DepthLayout l = depth_layout(zs.format);
   cpp_ = l.cpp;
   depth_shift_ = l.depth_shift;
   depth_max_ = l.depth_max;
   stencil_shift_ = l.stencil_shift;
   has_stencil_ = l.stencil_shift >= 0 && zs.stencil_mode != LSGPU_STENCIL_MODE_OFF;
   depth_mask_ = (uint64_t)(depth_max_ ? depth_max_ : 0xffffffffu) << depth_shift_;
}

lsgpu_fault
DepthUnit::test(const AddressSpace &as, int x, int y, float z, bool front, bool *pass,
                int shader_ref) const
{
   *pass = true;
   if (zs_.format == LSGPU_ZFMT_NONE)
      return LSGPU_FAULT_NONE;
   z = std::isnan(z) ? 0.0f : std::clamp(z, 0.0f, 1.0f);
   AddressSpace::Access a = as.translate(zs_.va + (uint64_t)y * zs_.pitch + (uint64_t)x * cpp_,
                                         cpp_, zs_.write || has_stencil_);
   if (!a.host)
      return a.fault;
   /* The pixel as one little-endian word of up to 64 bits. */
   const uint64_t old = load_le(a.host, cpp_);
   /* Fixed-point formats compare the quantized depth, as the stored value is; float
    * depth compares as float. */
   uint64_t depth_bits;
   bool depth_pass;
   if (depth_max_ == 0) {
      depth_pass = compare_func(zs_.func, z, as_float((uint32_t)(old >> depth_shift_)));
      depth_bits = (uint64_t)as_bits(z) << depth_shift_;
   } else {
      /* z is in [0, 1]: adding a half and truncating is lround's rounding. */
      const uint32_t q = (uint32_t)(z * (double)depth_max_ + 0.5);
      depth_pass = compare_func(zs_.func, q, (uint32_t)(old >> depth_shift_) & depth_max_);
      depth_bits = (uint64_t)q << depth_shift_;
   }
   uint64_t out = old;
   if (!has_stencil_) {
      *pass = depth_pass;
      if (*pass && zs_.write) {
         out = (old & ~depth_mask_) | depth_bits; /* stencil bits unchanged */
         store_le(a.host, cpp_, out);
      }
      return LSGPU_FAULT_NONE;
   }

   /* Stencil (GL 2.1 §4.1.5): (ref & mask) func (stored & mask), then one of three
    * operations, written through the write mask. */
   const StencilFace &sf =
      zs_.stencil[front || zs_.stencil_mode != LSGPU_STENCIL_MODE_TWO_SIDED ? 0 : 1];
   const uint8_t ref = shader_ref >= 0 ? (uint8_t)shader_ref : sf.ref;
   const uint8_t stored = (uint8_t)(old >> stencil_shift_);
   const bool stencil_pass = compare_func(sf.func, ref & sf.value_mask, stored & sf.value_mask);
   const lsgpu_stencil_op op = !stencil_pass ? sf.fail_op : !depth_pass ? sf.zfail_op : sf.zpass_op;
   const uint8_t updated = stencil_op(op, stored, ref);
   const uint8_t st = (uint8_t)((stored & ~sf.write_mask) | (updated & sf.write_mask));
   *pass = stencil_pass && depth_pass;
   if (*pass && zs_.write)
      out = (out & ~depth_mask_) | depth_bits;
   out = (out & ~(0xffull << stencil_shift_)) | (uint64_t)st << stencil_shift_;
   store_le(a.host, cpp_, out);
   return LSGPU_FAULT_NONE;
}

lsgpu_fault
depth_test(const AddressSpace &as, const DepthTarget &zs, int x, int y, float z, bool front,
           bool *pass, int shader_ref)
{
   return DepthUnit(zs).test(as, x, y, z, front, pass, shader_ref);
}

static float
factor(uint32_t f, unsigned c, const float src[4], const float dst[4], const float k[4],
       const float src1[4])
{
   switch (f) {
   case LSGPU_BLEND_FACTOR_SRC1_COLOR:
      return src1[c];
   case LSGPU_BLEND_FACTOR_INV_SRC1_COLOR:
      return 1.0f - src1[c];
   case LSGPU_BLEND_FACTOR_SRC1_ALPHA:
      return src1[3];
   case LSGPU_BLEND_FACTOR_INV_SRC1_ALPHA:
      return 1.0f - src1[3];
   case LSGPU_BLEND_FACTOR_ZERO:
      return 0.0f;
   case LSGPU_BLEND_FACTOR_ONE:
      return 1.0f;
   case LSGPU_BLEND_FACTOR_SRC_COLOR:
      return src[c];
   case LSGPU_BLEND_FACTOR_INV_SRC_COLOR:
      return 1.0f - src[c];
   case LSGPU_BLEND_FACTOR_DST_COLOR:
      return dst[c];
   case LSGPU_BLEND_FACTOR_INV_DST_COLOR:
      return 1.0f - dst[c];
   case LSGPU_BLEND_FACTOR_SRC_ALPHA:
      return src[3];
   case LSGPU_BLEND_FACTOR_INV_SRC_ALPHA:
      return 1.0f - src[3];
   case LSGPU_BLEND_FACTOR_DST_ALPHA:
      return dst[3];
   case LSGPU_BLEND_FACTOR_INV_DST_ALPHA:
      return 1.0f - dst[3];
   case LSGPU_BLEND_FACTOR_CONST_COLOR:
      return k[c];
   case LSGPU_BLEND_FACTOR_INV_CONST_COLOR:
      return 1.0f - k[c];
   case LSGPU_BLEND_FACTOR_CONST_ALPHA:
      return k[3];
   case LSGPU_BLEND_FACTOR_INV_CONST_ALPHA:
      return 1.0f - k[3];
   default: /* SRC_ALPHA_SATURATE */
      return c == 3 ? 1.0f : std::min(src[3], 1.0f - dst[3]);
   }
}

static float
combine(uint32_t func, float s, float sf, float d, float df)
{
   switch (func) {
   case LSGPU_BLEND_FUNC_SUBTRACT:
      return s * sf - d * df;
   case LSGPU_BLEND_FUNC_REVERSE_SUBTRACT:
      return d * df - s * sf;
   case LSGPU_BLEND_FUNC_MIN:
      return std::min(s, d);
   case LSGPU_BLEND_FUNC_MAX:
      return std::max(s, d);
   default:
      return s * sf + d * df;
   }
}

void
blend(const lsgpu_render_target &rt, const float src[4], const float dst[4], const float k[4],
      float out[4], const float src1_in[4])
{
   static const float kNone[4] = {0.0f, 0.0f, 0.0f, 0.0f};
   const float *src1 = src1_in ? src1_in : kNone;
   for (unsigned c = 0; c < 4; c++) {
      const bool alpha = c == 3;
      const uint32_t func = alpha ? rt.alpha_func : rt.rgb_func;
      const uint32_t sf = alpha ? rt.alpha_src : rt.rgb_src, df = alpha ? rt.alpha_dst : rt.rgb_dst;
      out[c] = combine(func, src[c], factor(sf, c, src, dst, k, src1), dst[c],
                       factor(df, c, src, dst, k, src1));
   }
}

lsgpu_fault
color_read(const AddressSpace &as, const lsgpu_render_target &rt, int x, int y, float rgba[4])
{
   memset(rgba, 0, 4 * sizeof(float));
   if (rt.write_mask == 0)
      return LSGPU_FAULT_NONE; /* no attachment: nothing to read, no memory access */
   const TexelLayout *layout = texture_format_layout(rt.format);
   if (!layout || layout->kind == LSGPU_TEXEL_KIND_DEPTH)
      return LSGPU_FAULT_BAD_ARGUMENT;
   const unsigned cpp = layout->bytes;
   AddressSpace::Access a =
      as.translate(rt.va + (uint64_t)y * rt.pitch + (uint64_t)x * cpp, cpp, false);
   if (!a.host)
      return a.fault;
   float stored[4];
   texture_format_decode(rt.format, a.host, stored);
   const bool integer =
      layout->kind == LSGPU_TEXEL_KIND_UINT || layout->kind == LSGPU_TEXEL_KIND_SINT;
   rgba[3] = integer ? as_float(1u) : 1.0f;
   for (unsigned m = 0; m < layout->channels; m++)
      if (rt.swizzle[m] < 4)
         rgba[rt.swizzle[m]] = stored[m];
   return LSGPU_FAULT_NONE;
}

/* GL 2.1 §4.1.10: the logic op on the low `bits` bits of source s and destination d,
 * bit by bit through its truth table (DRAW_STATE.logic_op: bit 2s + d). */
static uint32_t
logic_op(uint32_t truth_table, uint32_t s, uint32_t d, unsigned bits)
{
   uint32_t r = 0;
   for (unsigned bit = 0; bit < bits; bit++) {
      const unsigned idx = ((s >> bit & 1) << 1) | (d >> bit & 1);
      r |= (truth_table >> idx & 1) << bit;
   }
   return r;
}

ColorUnit::ColorUnit(const lsgpu_render_target &rt, const float blend_color[4],
                     const LogicOp &logic)
    : rt_(rt), logic_(logic)
{
   memcpy(blend_color_, blend_color, sizeof(blend_color_));
   layout_ = texture_format_layout(rt.format);
   if (!layout_ || layout_->kind == LSGPU_TEXEL_KIND_DEPTH) {
      layout_ = nullptr;
      return;
   }
   const TexelLayout &layout = *layout_;
   /* Which colour channel each memory channel stores, and the memory channels the
    * write mask lets change. */
   mask_ = 0;
   for (unsigned m = 0; m < 4; m++) {
      stores_[m] = rt.swizzle[m]; /* 0..3 R, G, B, A; 4 none (RT_SWIZZLE) */
      if (m < layout.channels && stores_[m] < 4 && (rt.write_mask >> stores_[m] & 1))
         mask_ |= 1u << m;
   }
   normalized_ = layout.kind == LSGPU_TEXEL_KIND_UNORM || layout.kind == LSGPU_TEXEL_KIND_SRGB ||
                 layout.kind == LSGPU_TEXEL_KIND_SNORM;
   bytes8_ = layout.kind == LSGPU_TEXEL_KIND_UNORM;
   for (unsigned m = 0; m < layout.channels; m++)
      bytes8_ &= layout.bits[m] == 8 && layout.offset[m] % 8 == 0;
   bytes_unorm_ = bytes8_ && !rt.blend_enable && !logic.enable;
   blends_bytes_ = BlendBytes::applies(layout, stores_, rt, logic.enable);
   if (blends_bytes_)
      blend_bytes_ = BlendBytes(rt, stores_, blend_color);
}

void
ColorUnit::write_bytes(uint8_t *texel, const float color[4]) const
{
   const TexelLayout &layout = *layout_;
   for (unsigned m = 0; m < layout.channels; m++) {
      if (mask_ >> m & 1)
         texel[layout.offset[m] / 8] = (uint8_t)unorm_from_float(color[stores_[m]], 8);
   }
}

lsgpu_fault
ColorUnit::write(const AddressSpace &as, int x, int y, const float rgba[4],
                 const float second[4]) const
{
   if (rt_.write_mask == 0)
      return LSGPU_FAULT_NONE; /* an unbound draw buffer: no memory access at all */
   if (!layout_)
      return LSGPU_FAULT_BAD_ARGUMENT;
   const TexelLayout &layout = *layout_;
   const unsigned cpp = layout.bytes;
   AddressSpace::Access a =
      as.translate(rt_.va + (uint64_t)y * rt_.pitch + (uint64_t)x * cpp, cpp, true);
   if (!a.host)
      return a.fault;

   if (bytes_unorm_) {
      /* The common target: 8-bit normalized channels, written as they are. */
      write_bytes(a.host, rgba);
      return LSGPU_FAULT_NONE;
   }
   if (blends_bytes_) {
      blend_bytes_.blend(a.host, rgba, second, mask_);
      return LSGPU_FAULT_NONE;
   }

   if (logic_.enable && layout.kind == LSGPU_TEXEL_KIND_UNORM) {
      /* GL 2.1 §4.1.10: bitwise on the stored integers; the op is a truth table. */
      for (unsigned m = 0; m < layout.channels; m++) {
         if (!(mask_ >> m & 1))
            continue;
         /* The source quantized as the colour conversion of the format does. */
         const uint32_t s = unorm_from_float(rgba[stores_[m]], layout.bits[m]);
         const uint32_t d = texel_channel_get(layout, a.host, m);
         texel_channel_set(layout, a.host, m, logic_op(logic_.truth_table, s, d, layout.bits[m]));
      }
      return LSGPU_FAULT_NONE;
   }

   if (layout.kind == LSGPU_TEXEL_KIND_UINT || layout.kind == LSGPU_TEXEL_KIND_SINT) {
      /* Integer targets: the colour's bits are integers, saturated to each channel;
       * no blending; the logic op, when on, works on the stored integers. */
      uint8_t texel[16];
      memcpy(texel, a.host, cpp);
      float value[4] = {0, 0, 0, 0};
      for (unsigned m = 0; m < layout.channels; m++)
         if (stores_[m] < 4)
            value[m] = rgba[stores_[m]];
      texture_format_encode(layout, value, mask_, texel);
      for (unsigned m = 0; m < layout.channels && logic_.enable; m++) {
         if (!(mask_ >> m & 1))
            continue;
         const uint32_t src = texel_channel_get(layout, texel, m);
         const uint32_t dst = texel_channel_get(layout, a.host, m);
         texel_channel_set(layout, texel, m,
                           logic_op(logic_.truth_table, src, dst, layout.bits[m]));
      }
      memcpy(a.host, texel, cpp);
      return LSGPU_FAULT_NONE;
   }

   float color[4];
   memcpy(color, rgba, sizeof(color));
   if (rt_.blend_enable) {
      float stored[4], dst[4] = {0.0f, 0.0f, 0.0f, 1.0f}, src[4], k[4], src1[4] = {};
      if (bytes8_) {
         /* Byte channels read as texture_format_decode reads them (v / 255). */
         for (unsigned m = 0; m < layout.channels; m++)
            stored[m] = texture_unorm8_value[a.host[layout.offset[m] / 8]];
      } else {
         texture_format_decode(rt_.format, a.host, stored);
      }
      for (unsigned m = 0; m < layout.channels; m++)
         if (stores_[m] < 4)
            dst[stores_[m]] = stored[m];
      /* Normalized targets clamp the source and the constant to their range
       * ([−1, 1] for signed ones); the destination is in it already. */
      const float lo = layout.kind == LSGPU_TEXEL_KIND_SNORM ? -1.0f : 0.0f;
      auto source = [&](float v) {
         return normalized_ ? (std::isnan(v) ? 0.0f : std::clamp(v, lo, 1.0f)) : v;
      };
      for (unsigned c = 0; c < 4; c++) {
         src[c] = source(rgba[c]);
         k[c] = normalized_ ? std::clamp(blend_color_[c], lo, 1.0f) : blend_color_[c];
         if (second)
            src1[c] = source(second[c]);
      }
      blend(rt_, src, dst, k, color, src1);
      if (bytes8_) {
         write_bytes(a.host, color);
         return LSGPU_FAULT_NONE;
      }
   }
   float value[4] = {0, 0, 0, 0};
   for (unsigned m = 0; m < layout.channels; m++)
      if (stores_[m] < 4)
         value[m] = color[stores_[m]];
   texture_format_encode(layout, value, mask_, a.host);
   return LSGPU_FAULT_NONE;
}

lsgpu_fault
color_write(const AddressSpace &as, const lsgpu_render_target &rt, int x, int y,
            const float rgba[4], const float blend_color[4], const LogicOp &logic,
            const float second[4])
{
   return ColorUnit(rt, blend_color, logic).write(as, x, y, rgba, second);
}

} // namespace lsgpu::sim
