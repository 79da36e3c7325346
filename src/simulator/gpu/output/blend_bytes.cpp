/* SPDX-License-Identifier: MIT */
#include "gpu/output/blend_bytes.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <emmintrin.h>

#include "gpu/texture/texture_format.h"

namespace lsgpu::sim
{

namespace
{

__m128
alpha(__m128 v)
{
   return _mm_shuffle_ps(v, v, _MM_SHUFFLE(3, 3, 3, 3));
}

/* std::clamp(v, 0, 1) of each channel, -0 kept as std::clamp keeps it, after NaN
 * became 0 (the source's rule for normalized targets). */
__m128
clamp_unit(__m128 v)
{
   v = _mm_and_ps(_mm_cmpord_ps(v, v), v);
   return _mm_min_ps(_mm_set1_ps(1.0f), _mm_max_ps(_mm_setzero_ps(), v));
}

/* R, G, B from rgb, A from a. */
__m128
rgb_a(__m128 rgb, __m128 a)
{
   const __m128 mask = _mm_castsi128_ps(_mm_setr_epi32(-1, -1, -1, 0));
   return _mm_or_ps(_mm_and_ps(mask, rgb), _mm_andnot_ps(mask, a));
}

/* Channel c of the result is the scalar factor(f, c, ...) of output_merger.cpp. */
__m128
factor4(uint32_t f, __m128 src, __m128 dst, __m128 k, __m128 src1)
{
   const __m128 one = _mm_set1_ps(1.0f);
   switch (f) {
   case LSGPU_BLEND_FACTOR_SRC1_COLOR:
      return src1;
   case LSGPU_BLEND_FACTOR_INV_SRC1_COLOR:
      return _mm_sub_ps(one, src1);
   case LSGPU_BLEND_FACTOR_SRC1_ALPHA:
      return alpha(src1);
   case LSGPU_BLEND_FACTOR_INV_SRC1_ALPHA:
      return _mm_sub_ps(one, alpha(src1));
   case LSGPU_BLEND_FACTOR_ZERO:
      return _mm_setzero_ps();
   case LSGPU_BLEND_FACTOR_ONE:
      return one;
   case LSGPU_BLEND_FACTOR_SRC_COLOR:
      return src;
   case LSGPU_BLEND_FACTOR_INV_SRC_COLOR:
      return _mm_sub_ps(one, src);
   case LSGPU_BLEND_FACTOR_DST_COLOR:
      return dst;
   case LSGPU_BLEND_FACTOR_INV_DST_COLOR:
      return _mm_sub_ps(one, dst);
   case LSGPU_BLEND_FACTOR_SRC_ALPHA:
      return alpha(src);
   case LSGPU_BLEND_FACTOR_INV_SRC_ALPHA:
      return _mm_sub_ps(one, alpha(src));
   case LSGPU_BLEND_FACTOR_DST_ALPHA:
      return alpha(dst);
   case LSGPU_BLEND_FACTOR_INV_DST_ALPHA:
      return _mm_sub_ps(one, alpha(dst));
   case LSGPU_BLEND_FACTOR_CONST_COLOR:
      return k;
   case LSGPU_BLEND_FACTOR_INV_CONST_COLOR:
      return _mm_sub_ps(one, k);
   case LSGPU_BLEND_FACTOR_CONST_ALPHA:
      return alpha(k);
   case LSGPU_BLEND_FACTOR_INV_CONST_ALPHA:
      return _mm_sub_ps(one, alpha(k));
   default: { /* SRC_ALPHA_SATURATE: min(As, 1 - Ad) for R, G, B; 1 for A */
      return rgb_a(_mm_min_ps(_mm_sub_ps(one, alpha(dst)), alpha(src)), one);
   }
   }
}

/* The scalar combine(): std::min(s, d) and std::max(s, d) take s unless d is below
 * (above) it, as minps/maxps with d first do. */
__m128
combine4(uint32_t func, __m128 s, __m128 sf, __m128 d, __m128 df)
{
   switch (func) {
   case LSGPU_BLEND_FUNC_SUBTRACT:
      return _mm_sub_ps(_mm_mul_ps(s, sf), _mm_mul_ps(d, df));
   case LSGPU_BLEND_FUNC_REVERSE_SUBTRACT:
      return _mm_sub_ps(_mm_mul_ps(d, df), _mm_mul_ps(s, sf));
   case LSGPU_BLEND_FUNC_MIN:
      return _mm_min_ps(d, s);
   case LSGPU_BLEND_FUNC_MAX:
      return _mm_max_ps(d, s);
   default:
      return _mm_add_ps(_mm_mul_ps(s, sf), _mm_mul_ps(d, df));
   }
}

__m128
swap_rb(__m128 v)
{
   return _mm_shuffle_ps(v, v, _MM_SHUFFLE(3, 0, 1, 2));
}

} // namespace

bool
BlendBytes::applies(const lsgpu_tfmt_layout &layout, const unsigned stores[4],
                    const lsgpu_render_target &rt, bool logic_op)
{
   if (!rt.blend_enable || logic_op || layout.kind != LSGPU_TEXEL_KIND_UNORM ||
       layout.channels != 4)
      return false;
   const bool rgba = stores[0] == 0 && stores[2] == 2, bgra = stores[0] == 2 && stores[2] == 0;
   bool bytes = stores[1] == 1 && stores[3] == 3 && (rgba || bgra);
   for (unsigned m = 0; m < 4; m++)
      bytes &= layout.bits[m] == 8 && layout.offset[m] == 8 * m;
   return bytes;
}

BlendBytes::BlendBytes(const lsgpu_render_target &rt, const unsigned stores[4],
                       const float constant[4])
    : rt_(rt), swap_rb_(stores[0] == 2)
{
   for (unsigned c = 0; c < 4; c++)
      constant_[c] = std::clamp(constant[c], 0.0f, 1.0f);
}

void
BlendBytes::blend(uint8_t *p, const float rgba[4], const float second[4], unsigned mask) const
{
   /* In colour channel order. */
   __m128 dst = texture_unorm8x4(p);
   if (swap_rb_)
      dst = swap_rb(dst);
   const __m128 src = clamp_unit(_mm_loadu_ps(rgba));
   const __m128 src1 = second ? clamp_unit(_mm_loadu_ps(second)) : _mm_setzero_ps();
   const __m128 k = _mm_loadu_ps(constant_);
   const __m128 sf =
      rgb_a(factor4(rt_.rgb_src, src, dst, k, src1), factor4(rt_.alpha_src, src, dst, k, src1));
   const __m128 df =
      rgb_a(factor4(rt_.rgb_dst, src, dst, k, src1), factor4(rt_.alpha_dst, src, dst, k, src1));
   __m128 color = rt_.rgb_func == rt_.alpha_func
                     ? combine4(rt_.rgb_func, src, sf, dst, df)
                     : rgb_a(combine4(rt_.rgb_func, src, sf, dst, df),
                             combine4(rt_.alpha_func, src, sf, dst, df));
   /* unorm_from_float(v, 8): NaN 0, else clamp, times 255 in single precision, plus
    * a half in double, truncated. */
   if (swap_rb_)
      color = swap_rb(color);
   const __m128 scaled = _mm_mul_ps(clamp_unit(color), _mm_set1_ps(255.0f));
   const __m128d half = _mm_set1_pd(0.5);
   const __m128i lo = _mm_cvttpd_epi32(_mm_add_pd(_mm_cvtps_pd(scaled), half));
   const __m128i hi =
      _mm_cvttpd_epi32(_mm_add_pd(_mm_cvtps_pd(_mm_movehl_ps(scaled, scaled)), half));
   const __m128i words = _mm_unpacklo_epi64(lo, hi);
   const __m128i zero = _mm_setzero_si128();
   const __m128i packed = _mm_packus_epi16(_mm_packs_epi32(words, zero), zero);
   const uint32_t out = (uint32_t)_mm_cvtsi128_si32(packed);
   if (mask == 0xf) {
      memcpy(p, &out, 4);
      return;
   }
   for (unsigned m = 0; m < 4; m++)
      if (mask >> m & 1)
         p[m] = (uint8_t)(out >> (8 * m));
}

} // namespace lsgpu::sim
