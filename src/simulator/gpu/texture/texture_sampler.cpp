/* SPDX-License-Identifier: MIT */
/*
 * The texture unit: descriptor loading, coordinate wrapping, level-of-detail
 * selection and filtering, shadow compare and swizzle, after GL 2.1 §3.8.8–3.8.14.
 * Level-of-detail uses the exact ρ of equation 3.20 (the larger of the two
 * derivative lengths); filtering is done in single precision.
 */
#include "gpu/texture/texture_sampler.h"

#include "common/float_bits.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include <emmintrin.h>

#include "gpu/memory/address_space.h"
#include "gpu/compare_func.h"
#include "gpu/counters.h"
#include "gpu/texture/texture_format.h"

namespace lsgpu::sim
{

namespace
{

constexpr unsigned kEntryBytes = LSGPU_TEX_ENTRY_BYTES; /* docs/isa.md §3.2 */

int
minify(int size, unsigned level)
{
   return std::max(1, size >> level);
}

/* Integer formats are never filtered: the nearest texel of the nearest level, whatever
 * the sampler asks. */
void
unfiltered(lsgpu_sampler *s)
{
   s->min_filter = s->mag_filter = LSGPU_FILTER_NEAREST;
   if (s->mip_filter == LSGPU_FILTER_LINEAR)
      s->mip_filter = LSGPU_FILTER_NEAREST;
}

/* Cross-field rules of TEXTURE and SAMPLER (docs/command-stream-reference.md). */
bool
descriptor_consistent(const lsgpu_texture &t, const lsgpu_sampler &s)
{
   const bool array = t.target == LSGPU_TEX_TARGET_1D_ARRAY ||
                      t.target == LSGPU_TEX_TARGET_2D_ARRAY ||
                      t.target == LSGPU_TEX_TARGET_CUBE_ARRAY;
   const unsigned max_dim = std::max({t.width, t.height, array ? 1u : t.depth});
   unsigned levels = 1;
   while ((max_dim >> levels) > 0)
      levels++;
   if (t.last_level >= levels || t.depth > 2048 ||
       (t.target != LSGPU_TEX_TARGET_BUFFER && t.width > 16384))
      return false;
   /* A layer range of a larger resource (a 2D texture may be one layer of an array):
    * every target but 3D and buffers. */
   const bool layered = t.target != LSGPU_TEX_TARGET_3D && t.target != LSGPU_TEX_TARGET_BUFFER;
   const unsigned own_layers = t.target == LSGPU_TEX_TARGET_CUBE ? 6 : array ? t.depth : 1;
   if (t.level_layers ? !layered || t.first_layer + own_layers > t.level_layers
                      : t.first_layer != 0)
      return false;
   if (t.log2_samples && (t.last_level != 0 || (t.target != LSGPU_TEX_TARGET_2D &&
                                                t.target != LSGPU_TEX_TARGET_2D_ARRAY)))
      return false;
   switch (t.target) {
   case LSGPU_TEX_TARGET_BUFFER:
      return t.height == 1 && t.depth == 1 && t.last_level == 0;
   case LSGPU_TEX_TARGET_1D:
      return t.height == 1 && t.depth == 1;
   case LSGPU_TEX_TARGET_1D_ARRAY:
      return t.height == 1;
   case LSGPU_TEX_TARGET_2D:
      return t.depth == 1;
   case LSGPU_TEX_TARGET_CUBE:
      return t.width == t.height && t.depth == 1;
   case LSGPU_TEX_TARGET_CUBE_ARRAY:
      return t.width == t.height && t.depth % 6 == 0;
   case LSGPU_TEX_TARGET_RECT:
      return t.depth == 1 && t.last_level == 0 && !s.normalized;
   default:
      return true;
   }
}

/* Texel index after wrapping, or -1 for the border (GL 2.1 §3.8.8). Inlined: the
 * bilinear path calls it four times a sample. */
[[gnu::always_inline]] inline int
wrap_index(uint32_t mode, int i, int size)
{
   switch (mode) {
   case LSGPU_WRAP_REPEAT: {
      if ((size & (size - 1)) == 0)
         return i & (size - 1); /* the same, without a division: most textures */
      const int m = i % size;
      return m < 0 ? m + size : m;
   }
   case LSGPU_WRAP_MIRRORED_REPEAT: {
      int m = i % (2 * size);
      if (m < 0)
         m += 2 * size;
      return m < size ? m : 2 * size - 1 - m;
   }
   case LSGPU_WRAP_CLAMP_TO_EDGE:
      return std::clamp(i, 0, size - 1);
   default: /* CLAMP_TO_BORDER, and CLAMP once its coordinate was clamped */
      return i < 0 || i >= size ? -1 : i;
   }
}

/* Nearest: the texel containing u (texel units); for GL_CLAMP the coordinate is
 * clamped to the texture first, where nearest filtering never reaches the border. */
int
nearest_index(uint32_t mode, float u, int size)
{
   if (mode == LSGPU_WRAP_CLAMP)
      return std::clamp((int)floor_float(std::clamp(u, 0.0f, (float)size)), 0, size - 1);
   return wrap_index(mode, (int)floor_float(u), size);
}

/* Linear: the two texels around u and the weight of the second. */
[[gnu::always_inline]] inline void
linear_indices(uint32_t mode, float u, int size, int idx[2], float *frac)
{
   if (mode == LSGPU_WRAP_CLAMP)
      u = std::clamp(u, 0.0f, (float)size);
   const float v = u - 0.5f;
   const float f = floor_float(v);
   const int i0 = (int)f;
   *frac = v - f;
   const uint32_t m = mode == LSGPU_WRAP_CLAMP ? LSGPU_WRAP_CLAMP_TO_BORDER : mode;
   idx[0] = wrap_index(m, i0, size);
   idx[1] = wrap_index(m, i0 + 1, size);
}

/* The mirror-once modes reflect the coordinate about 0, then clamp as their base mode. */
float
mirror_once(uint32_t *mode, float u)
{
   switch (*mode) {
   case LSGPU_WRAP_MIRROR_CLAMP:
      *mode = LSGPU_WRAP_CLAMP;
      return std::fabs(u);
   case LSGPU_WRAP_MIRROR_CLAMP_TO_EDGE:
      *mode = LSGPU_WRAP_CLAMP_TO_EDGE;
      return std::fabs(u);
   case LSGPU_WRAP_MIRROR_CLAMP_TO_BORDER:
      *mode = LSGPU_WRAP_CLAMP_TO_BORDER;
      return std::fabs(u);
   default:
      return u;
   }
}

/* Cube face selection (GL 2.1 Table 3.21): face index, sc, tc and the major axis.
 * GL leaves the axis of a tie to the implementation; ours is Khronos' reference
 * renderer's (tcu::selectCubeFace), which dEQP-GLES2's vertex-shader cube maps
 * compare against at the cube's edges: X over Y, Y over Z, Z over X, X when all
 * three tie. */
unsigned
cube_face(const float r[3], float *sc, float *tc, float *ma)
{
   const float ax = std::fabs(r[0]), ay = std::fabs(r[1]), az = std::fabs(r[2]);
   if ((ax >= ay && ax > az) || (ax == ay && ay == az)) {
      *ma = r[0];
      *sc = r[0] >= 0 ? -r[2] : r[2];
      *tc = -r[1];
      return r[0] >= 0 ? 0 : 1;
   }
   if (ay > ax && ay >= az) {
      *ma = r[1];
      *sc = r[0];
      *tc = r[1] >= 0 ? r[2] : -r[2];
      return r[1] >= 0 ? 2 : 3;
   }
   *ma = r[2];
   *sc = r[2] >= 0 ? r[0] : -r[0];
   *tc = -r[1];
   return r[2] >= 0 ? 4 : 5;
}

/* The same face's (sc, tc, ma) of another vector, for derivatives. */
void
cube_face_of(unsigned face, const float r[3], float *sc, float *tc, float *ma)
{
   switch (face) {
   case 0:
      *sc = -r[2], *tc = -r[1], *ma = r[0];
      break;
   case 1:
      *sc = r[2], *tc = -r[1], *ma = r[0];
      break;
   case 2:
      *sc = r[0], *tc = r[2], *ma = r[1];
      break;
   case 3:
      *sc = r[0], *tc = -r[2], *ma = r[1];
      break;
   case 4:
      *sc = r[0], *tc = -r[1], *ma = r[2];
      break;
   default:
      *sc = -r[0], *tc = -r[1], *ma = r[2];
      break;
   }
}

/* Everything one sample needs from its request after coordinate set-up. */
struct Lookup {
   const TextureSampler::Bound *b;
   float s, t, r;  /* normalized (or texel units for RECT) */
   float offset[3]; /* texel offsets added at every level (lsgpu.tex.offset) */
   unsigned layer;  /* array layer, cube face, or 6 × cube + face */
   bool compare;
   float ref;
   uint64_t texels = 0;
};

/* The texel at p (texel (i, j) of the block at p for a compressed format), decoded,
 * compared (shadow) when asked, then swizzled: what one texel contributes to
 * lsgpu.tex, and all lsgpu.txf returns. */
void
decode_texel(const TextureSampler::Bound &b, const uint8_t *p, unsigned i, unsigned j, bool compare,
             float ref, float out[4])
{
   float ch[6];
   if (b.block)
      texture_format_decode_block(*b.block, p, i, j, ch);
   else
      b.decoder.decode(p, ch);
   if (compare)
      ch[0] = compare_func(b.smp.compare_func, ref, ch[0]) ? 1.0f : 0.0f;
   ch[4] = 0.0f;
   ch[5] = b.integer ? as_float(1u) : 1.0f;
   for (unsigned c = 0; c < 4; c++)
      out[c] = ch[b.swizzle[c]];
}

void
texel(Lookup &lk, const TextureSampler::Level &lv, int x, int y, int z, float out[4])
{
   const TextureSampler::Bound &b = *lk.b;
   lk.texels++;
   if (x < 0 || y < 0 || z < 0) {
      memcpy(out, b.border, sizeof(b.border));
      if (lk.compare) {
         const float d = std::clamp(b.border[0], 0.0f, 1.0f);
         const float c = compare_func(b.smp.compare_func, lk.ref, d) ? 1.0f : 0.0f;
         out[0] = out[1] = out[2] = c; /* border depth compared, as a texel's */
      }
      return;
   }
   /* A compressed level's rows are rows of 4×4 blocks. */
   const unsigned shift = b.block ? 2 : 0;
   const uint8_t *p = lv.base + (uint64_t)(z + lk.layer) * lv.layer_stride +
                      (uint64_t)(y >> shift) * lv.pitch + (uint64_t)(x >> shift) * b.cpp;
   decode_texel(b, p, x & 3, y & 3, lk.compare, lk.ref, out);
}

/* Wrap modes whose texel indices are never the border's. */
bool
wraps_inside(uint32_t mode)
{
   return mode == LSGPU_WRAP_REPEAT || mode == LSGPU_WRAP_MIRRORED_REPEAT ||
          mode == LSGPU_WRAP_CLAMP_TO_EDGE;
}

bool
linear_2d(const TextureSampler::Bound &b)
{
   return b.tex.target == LSGPU_TEX_TARGET_2D && !b.block && !b.integer && !b.tex.log2_samples &&
          wraps_inside(b.smp.wrap_s) && wraps_inside(b.smp.wrap_t);
}

/* filter_level()'s bilinear case for Bound::linear_2d textures, the common one (most
 * textures of most programs), without the cases it cannot meet: no border texels, no
 * third coordinate, no compare, no blocks. It swizzles once, after filtering, rather
 * than each texel: every result channel is still the same sum of the same products in
 * the same order (a constant channel's texels are 0 or 1 either way), so the bits are
 * filter_level()'s, but for which NaN a sum with NaN texels gives (the compiler orders
 * the operands of an addition as it likes); tests/sim/texture_sampler_test.cpp
 * compares the two. */
void
filter_2d_linear(Lookup &lk, const TextureSampler::Level &lv, float out[4])
{
   const TextureSampler::Bound &b = *lk.b;
   const bool norm = b.smp.normalized;
   int xi[2], yi[2];
   float fx, fy;
   linear_indices(b.smp.wrap_s, (norm ? lk.s * lv.width : lk.s) + lk.offset[0], lv.width, xi, &fx);
   linear_indices(b.smp.wrap_t, (norm ? lk.t * lv.height : lk.t) + lk.offset[1], lv.height, yi,
                  &fy);
   float r = 0, g = 0, bl = 0, a = 0, zero = 0, one = 0;
   if (b.decoder.unorm8_channels()) {
      /* UNORM8 texels are finite and at least 0, as are the weights (or all four are
       * NaN): a term of weight 0 adds +0 to a sum of at least +0, so summing every
       * term in the same order is the loop below's bits without its branches. */
      const uint8_t *row0 = lv.base + (uint64_t)yi[0] * lv.pitch;
      const uint8_t *row1 = lv.base + (uint64_t)yi[1] * lv.pitch;
      const uint8_t *const p[4] = {row0 + (uint64_t)xi[0] * b.cpp, row0 + (uint64_t)xi[1] * b.cpp,
                                   row1 + (uint64_t)xi[0] * b.cpp, row1 + (uint64_t)xi[1] * b.cpp};
      const float weight[4] = {(1 - fx) * (1 - fy), fx * (1 - fy), (1 - fx) * fy, fx * fy};
      /* The six sums side by side in two SSE registers: each lane adds the same
       * products in the same order as a scalar sum (x86-64's scalar float arithmetic
       * is SSE's, without FMA in this build), a third of the instructions. */
      __m128 rgba = _mm_setzero_ps(), constants = _mm_setzero_ps();
      const __m128 zero_one = _mm_set_ps(0.0f, 0.0f, 1.0f, 0.0f);
      for (unsigned k = 0; k < 4; k++) {
         float cr, cg, cb, ca;
         b.decoder.decode4(p[k], cr, cg, cb, ca);
         const __m128 w = _mm_set1_ps(weight[k]);
         rgba = _mm_add_ps(rgba, _mm_mul_ps(w, _mm_set_ps(ca, cb, cg, cr)));
         constants = _mm_add_ps(constants, _mm_mul_ps(w, zero_one));
      }
      /* Texels of non-zero weight (NaN counts, as it does in the loop below): a
       * compare and a table rather than four compares and adds. */
      static const uint8_t kSetBits[16] = {0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4};
      lk.texels += kSetBits[_mm_movemask_ps(_mm_cmpneq_ps(_mm_loadu_ps(weight), _mm_setzero_ps()))];
      if (b.identity_swizzle) {
         _mm_storeu_ps(out, rgba);
         return;
      }
      float sums[4], more[4];
      _mm_storeu_ps(sums, rgba);
      _mm_storeu_ps(more, constants);
      r = sums[0], g = sums[1], bl = sums[2], a = sums[3], zero = more[0], one = more[1];
   } else {
      for (unsigned j = 0; j < 2; j++) {
         const uint8_t *row = lv.base + (uint64_t)yi[j] * lv.pitch;
         for (unsigned i = 0; i < 2; i++) {
            const float weight = (i ? fx : 1 - fx) * (j ? fy : 1 - fy) * 1.0f;
            if (weight == 0.0f)
               continue;
            float cr, cg, cb, ca;
            b.decoder.decode4(row + (uint64_t)xi[i] * b.cpp, cr, cg, cb, ca);
            lk.texels++;
            r += weight * cr;
            g += weight * cg;
            bl += weight * cb;
            a += weight * ca;
            zero += weight * 0.0f;
            one += weight * 1.0f;
         }
      }
   }
   const float acc[6] = {r, g, bl, a, zero, one};
   for (unsigned c = 0; c < 4; c++)
      out[c] = acc[b.swizzle[c]];
}

/* The direction whose cube_face() is (face, sc, tc) with |ma| = 1: the point (sc, tc)
 * of the face's plane, which may lie beyond its edges. */
void
cube_direction(unsigned face, float sc, float tc, float r[3])
{
   switch (face) {
   case 0:
      r[0] = 1.0f, r[1] = -tc, r[2] = -sc;
      break;
   case 1:
      r[0] = -1.0f, r[1] = -tc, r[2] = sc;
      break;
   case 2:
      r[0] = sc, r[1] = 1.0f, r[2] = tc;
      break;
   case 3:
      r[0] = sc, r[1] = -1.0f, r[2] = -tc;
      break;
   case 4:
      r[0] = sc, r[1] = -tc, r[2] = 1.0f;
      break;
   default:
      r[0] = -sc, r[1] = -tc, r[2] = -1.0f;
      break;
   }
}

/* Seamless cube filtering (SAMPLER.seamless_cube): texel (x, y) of face `face` of the
 * cube whose face 0 is layer `base`, where x or y may be one texel beyond the face.
 * Beyond one edge, the texel is the one of the adjacent face that the direction
 * through its centre meets; beyond a corner, where only three faces meet, the average
 * of the three texels there (ARB_seamless_cube_map). */
void
cube_texel(Lookup &lk, const TextureSampler::Level &lv, unsigned base, unsigned face, int x, int y,
           float out[4])
{
   const int size = (int)lv.width;
   const bool beyond_x = x < 0 || x >= size, beyond_y = y < 0 || y >= size;
   if (beyond_x && beyond_y) {
      const int cx = std::clamp(x, 0, size - 1), cy = std::clamp(y, 0, size - 1);
      float a[4], b[4], c[4];
      cube_texel(lk, lv, base, face, cx, y, a);
      cube_texel(lk, lv, base, face, x, cy, b);
      cube_texel(lk, lv, base, face, cx, cy, c);
      for (unsigned ch = 0; ch < 4; ch++)
         out[ch] = (a[ch] + b[ch] + c[ch]) * (1.0f / 3.0f);
      return;
   }
   unsigned layer = base + face;
   if (beyond_x || beyond_y) {
      float r[3], sc, tc, ma;
      cube_direction(face, 2.0f * ((float)x + 0.5f) / (float)size - 1.0f,
                     2.0f * ((float)y + 0.5f) / (float)size - 1.0f, r);
      layer = base + cube_face(r, &sc, &tc, &ma);
      const float am = std::fabs(ma);
      x = std::clamp((int)std::floor(0.5f * (sc / am + 1.0f) * (float)size), 0, size - 1);
      y = std::clamp((int)std::floor(0.5f * (tc / am + 1.0f) * (float)size), 0, size - 1);
   }
   const unsigned own = lk.layer;
   lk.layer = layer;
   texel(lk, lv, x, y, 0, out);
   lk.layer = own;
}

/* filter_level() of a cube face with SAMPLER.seamless_cube: the wrap modes are not
 * used; nearest texels are the face's own, linear footprints reach the next face. */
void
filter_cube_seamless(Lookup &lk, const TextureSampler::Level &lv, bool linear, float out[4])
{
   const int size = (int)lv.width;
   const unsigned face = lk.layer % 6, base = lk.layer - face;
   const float u = lk.s * (float)size, v = lk.t * (float)size;
   if (!linear) {
      cube_texel(lk, lv, base, face, std::clamp((int)std::floor(u), 0, size - 1),
                 std::clamp((int)std::floor(v), 0, size - 1), out);
      return;
   }
   /* Coordinates far outside come from non-finite or huge directions: clamped so
    * that the footprint is at most one texel beyond. */
   const float fu = std::floor(std::clamp(u - 0.5f, -1.0f, (float)size - 1.0f));
   const float fv = std::floor(std::clamp(v - 0.5f, -1.0f, (float)size - 1.0f));
   const float fx = std::clamp(u - 0.5f - fu, 0.0f, 1.0f),
               fy = std::clamp(v - 0.5f - fv, 0.0f, 1.0f);
   const int x0 = (int)fu, y0 = (int)fv;
   float acc[4] = {0, 0, 0, 0};
   for (unsigned j = 0; j < 2; j++) {
      for (unsigned i = 0; i < 2; i++) {
         const float weight = (i ? fx : 1 - fx) * (j ? fy : 1 - fy);
         if (weight == 0.0f)
            continue;
         float c[4];
         cube_texel(lk, lv, base, face, x0 + (int)i, y0 + (int)j, c);
         for (unsigned ch = 0; ch < 4; ch++)
            acc[ch] += weight * c[ch];
      }
   }
   memcpy(out, acc, sizeof(acc));
}

void
filter_level(Lookup &lk, unsigned level, bool linear, float out[4])
{
   const TextureSampler::Bound &b = *lk.b;
   const TextureSampler::Level &lv = b.levels[level];
   if (linear && b.linear_2d && !lk.compare) {
      filter_2d_linear(lk, lv, out);
      return;
   }
   if (b.smp.seamless_cube &&
       (b.tex.target == LSGPU_TEX_TARGET_CUBE || b.tex.target == LSGPU_TEX_TARGET_CUBE_ARRAY)) {
      filter_cube_seamless(lk, lv, linear, out);
      return;
   }
   const lsgpu_sampler &smp = b.smp;
   const bool norm = smp.normalized;
   const bool is3d = b.tex.target == LSGPU_TEX_TARGET_3D;
   const bool is1d = b.tex.target == LSGPU_TEX_TARGET_1D ||
                     b.tex.target == LSGPU_TEX_TARGET_1D_ARRAY ||
                     b.tex.target == LSGPU_TEX_TARGET_BUFFER;
   uint32_t ws = smp.wrap_s, wt = is1d ? LSGPU_WRAP_CLAMP_TO_EDGE : smp.wrap_t,
            wr = is3d ? smp.wrap_r : LSGPU_WRAP_CLAMP_TO_EDGE;
   const float u = mirror_once(&ws, (norm ? lk.s * lv.width : lk.s) + lk.offset[0]);
   const float v = mirror_once(&wt, is1d ? 0.5f : (norm ? lk.t * lv.height : lk.t) + lk.offset[1]);
   const float w = mirror_once(&wr, is3d ? lk.r * lv.depth + lk.offset[2] : 0.5f);
   if (!linear) {
      const int x = nearest_index(ws, u, lv.width), y = nearest_index(wt, v, lv.height),
                z = is3d ? nearest_index(wr, w, lv.depth) : 0;
      const bool border = x < 0 || y < 0 || z < 0;
      texel(lk, lv, border ? -1 : x, y, z, out);
      return;
   }
   int xi[2], yi[2] = {0, 0}, zi[2] = {0, 0};
   float fx, fy = 0.0f, fz = 0.0f;
   linear_indices(ws, u, lv.width, xi, &fx);
   if (!is1d)
      linear_indices(wt, v, lv.height, yi, &fy);
   if (is3d)
      linear_indices(wr, w, lv.depth, zi, &fz);
   const unsigned nz = is3d ? 2 : 1, ny = is1d ? 1 : 2;
   float acc[4] = {0, 0, 0, 0};
   for (unsigned k = 0; k < nz; k++) {
      for (unsigned j = 0; j < ny; j++) {
         for (unsigned i = 0; i < 2; i++) {
            const float weight = (i ? fx : 1 - fx) * (ny == 1 ? 1.0f : (j ? fy : 1 - fy)) *
                                 (nz == 1 ? 1.0f : (k ? fz : 1 - fz));
            if (weight == 0.0f)
               continue;
            const int x = xi[i], y = yi[j], z = zi[k];
            float c[4];
            texel(lk, lv, (x < 0 || y < 0 || z < 0) ? -1 : x, y, z, c);
            for (unsigned ch = 0; ch < 4; ch++)
               acc[ch] += weight * c[ch];
         }
      }
   }
   memcpy(out, acc, sizeof(acc));
}

/* What the derivatives are scaled by for ρ: texels per unit of s, t and r (1 for
 * unnormalized coordinates; r only for 3D textures). */
void
lod_scale(const TextureSampler::Bound &b, float scale[3])
{
   const lsgpu_texture &t = b.tex;
   const bool norm = b.smp.normalized;
   scale[0] = norm ? (float)t.width : 1.0f;
   scale[1] = norm ? (float)t.height : 1.0f;
   scale[2] = t.target == LSGPU_TEX_TARGET_3D ? (float)t.depth : 0.0f;
}

/* λ before bias and clamps (GL 2.1 equations 3.17–3.20): the exact ρ, the larger of
 * the two scaled derivative lengths. */
float
base_lambda(const float dx[3], const float dy[3], const float scale[3])
{
   const float sx = scale[0], sy = scale[1], sz = scale[2];
   const float rx =
      std::sqrt(dx[0] * sx * dx[0] * sx + dx[1] * sy * dx[1] * sy + dx[2] * sz * dx[2] * sz);
   const float ry =
      std::sqrt(dy[0] * sx * dy[0] * sx + dy[1] * sy * dy[1] * sy + dy[2] * sz * dy[2] * sz);
   const float rho = std::max(rx, ry);
   return rho > 0.0f ? std::log2(rho) : -INFINITY;
}

/* λ after the sampler's bias and clamps. */
float
clamped_lambda(const lsgpu_sampler &smp, float lambda)
{
   lambda += smp.lod_bias;
   if (std::isnan(lambda))
      lambda = 0.0f;
   return std::clamp(lambda, smp.min_lod, std::max(smp.min_lod, smp.max_lod));
}

/* λ before bias and clamps of the quad at lanes q .. q + 3 of a warp request, from its
 * coarse derivatives. */
float
quad_lambda(const TextureWarpRequest &req, unsigned q, const float scale[3])
{
   const float dx[3] = {req.s[q + 1] - req.s[q], req.t[q + 1] - req.t[q], 0.0f};
   const float dy[3] = {req.s[q + 2] - req.s[q], req.t[q + 2] - req.t[q], 0.0f};
   return base_lambda(dx, dy, scale);
}

/* The level or levels λ selects (GL 2.1 §3.8.9–3.8.10): filter `level` (linearly or
 * not), and when f > 0 level + 1 as well, mixed in with weight f. */
struct LevelChoice {
   unsigned level;
   bool linear;
   float f;
};

LevelChoice
choose_levels(const TextureSampler::Bound &b, float lambda)
{
   const lsgpu_sampler &smp = b.smp;
   /* Magnification when λ ≤ 0. GL 2.1 §3.8.9 moves the switch to 0.5 for a linear
    * magnifier with a nearest-mipmap minifier; ES 3.0 and GL 3 dropped that, Gallium
    * has no way to say it, and no Mesa driver (llvmpipe included) does it. dEQP-GLES2's
    * vertex-shader cube maps sample at λ ≈ 0.19 against a reference with 0. */
   const unsigned last = b.tex.last_level;
   if (lambda <= 0.0f)
      return {0, smp.mag_filter == LSGPU_FILTER_LINEAR, 0.0f};
   const bool linear = smp.min_filter == LSGPU_FILTER_LINEAR;
   if (smp.mip_filter == LSGPU_FILTER_NONE || last == 0)
      return {0, linear, 0.0f};
   if (smp.mip_filter == LSGPU_FILTER_NEAREST) {
      const unsigned level =
         lambda <= 0.5f ? 0 : std::min<unsigned>(last, (unsigned)std::ceil(lambda + 0.5f) - 1);
      return {level, linear, 0.0f};
   }
   const unsigned l0 = std::min<unsigned>(last, (unsigned)std::floor(lambda));
   return {l0, linear, l0 == last ? 0.0f : lambda - std::floor(lambda)};
}

/* The level or levels λ selects, filtered. */
void
filter_lambda(Lookup &lk, float lambda, float rgba[4])
{
   const LevelChoice c = choose_levels(*lk.b, lambda);
   filter_level(lk, c.level, c.linear, rgba);
   if (c.f > 0.0f) {
      float hi[4];
      filter_level(lk, c.level + 1, c.linear, hi);
      for (unsigned ch = 0; ch < 4; ch++)
         rgba[ch] = (1 - c.f) * rgba[ch] + c.f * hi[ch];
   }
}

/* Whether filter_quad_2d_linear() takes b's bilinear lookups: 2D textures of four
 * UNORM8 channels stored in order (RGBA8), swizzled among themselves (no constant
 * channel: a BGRA texture is RGBA8 with R and B swapped). */
bool
quad_linear_2d(const TextureSampler::Bound &b)
{
   const TexelDecoder &d = b.decoder;
   if (!b.linear_2d || b.cpp != 4 || d.unorm8_channels() != 4)
      return false;
   for (unsigned c = 0; c < 4; c++)
      if (d.unorm8_byte(c) != c || b.swizzle[c] > 3)
         return false;
   return true;
}

/* filter_2d_linear() for the lanes of a quad at once (s[l], t[l]; lanes in `lanes`
 * into out[l]), for quad_linear_2d() textures: the coordinates, their floors and the
 * weights four lanes wide, each texel's four bytes converted together (v / 255 as a
 * vector division: the table's bits), and each lane's sums the same products added
 * in the same order, so the same bits and the same TEXELS count. */
void
filter_quad_2d_linear(Lookup &lk, const TextureSampler::Level &lv, const float s[4],
                      const float t[4], unsigned lanes, float out[4][4])
{
   const TextureSampler::Bound &b = *lk.b;
   __m128 u = _mm_loadu_ps(s), v = _mm_loadu_ps(t);
   if (b.smp.normalized) {
      u = _mm_mul_ps(u, _mm_set1_ps((float)lv.width));
      v = _mm_mul_ps(v, _mm_set1_ps((float)lv.height));
   }
   u = _mm_sub_ps(_mm_add_ps(u, _mm_set1_ps(lk.offset[0])), _mm_set1_ps(0.5f));
   v = _mm_sub_ps(_mm_add_ps(v, _mm_set1_ps(lk.offset[1])), _mm_set1_ps(0.5f));
   const __m128 fu = floor_float4(u), fv = floor_float4(v);
   const __m128 fx = _mm_sub_ps(u, fu), fy = _mm_sub_ps(v, fv);
   const __m128 gx = _mm_sub_ps(_mm_set1_ps(1.0f), fx), gy = _mm_sub_ps(_mm_set1_ps(1.0f), fy);
   float weight[4][4]; /* [texel][lane]: (x0, y0), (x1, y0), (x0, y1), (x1, y1) */
   _mm_storeu_ps(weight[0], _mm_mul_ps(gx, gy));
   _mm_storeu_ps(weight[1], _mm_mul_ps(fx, gy));
   _mm_storeu_ps(weight[2], _mm_mul_ps(gx, fy));
   _mm_storeu_ps(weight[3], _mm_mul_ps(fx, fy));
   int x0[4], y0[4];
   _mm_storeu_si128((__m128i *)x0, _mm_cvttps_epi32(fu));
   _mm_storeu_si128((__m128i *)y0, _mm_cvttps_epi32(fv));
   static const uint8_t kSetBits[16] = {0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4};
   for (unsigned m = lanes; m; m &= m - 1) {
      const unsigned l = (unsigned)__builtin_ctz(m);
      const int xi[2] = {wrap_index(b.smp.wrap_s, x0[l], lv.width),
                         wrap_index(b.smp.wrap_s, x0[l] + 1, lv.width)};
      const int yi[2] = {wrap_index(b.smp.wrap_t, y0[l], lv.height),
                         wrap_index(b.smp.wrap_t, y0[l] + 1, lv.height)};
      const uint8_t *row0 = lv.base + (uint64_t)yi[0] * lv.pitch;
      const uint8_t *row1 = lv.base + (uint64_t)yi[1] * lv.pitch;
      const uint8_t *const p[4] = {row0 + (uint64_t)xi[0] * 4, row0 + (uint64_t)xi[1] * 4,
                                   row1 + (uint64_t)xi[0] * 4, row1 + (uint64_t)xi[1] * 4};
      __m128 rgba = _mm_setzero_ps();
      for (unsigned k = 0; k < 4; k++)
         rgba = _mm_add_ps(rgba, _mm_mul_ps(_mm_set1_ps(weight[k][l]), texture_unorm8x4(p[k])));
      if (b.identity_swizzle) {
         _mm_storeu_ps(out[l], rgba);
      } else {
         float sums[4];
         _mm_storeu_ps(sums, rgba);
         for (unsigned c = 0; c < 4; c++)
            out[l][c] = sums[b.swizzle[c]];
      }
      const __m128 w = _mm_setr_ps(weight[0][l], weight[1][l], weight[2][l], weight[3][l]);
      lk.texels += kSetBits[_mm_movemask_ps(_mm_cmpneq_ps(w, _mm_setzero_ps()))];
   }
}

} // namespace

float
TextureSampler::LodMemo::lambda(const float dx[3], const float dy[3], const float scale[3])
{
   /* The four lanes of a quad share their derivatives (docs/isa.md §3.2): the first
    * computes ρ, the others find the same bits here. */
   if (valid_ && !memcmp(dx_, dx, sizeof(dx_)) && !memcmp(dy_, dy, sizeof(dy_)) &&
       !memcmp(scale_, scale, sizeof(scale_)))
      return lambda_;
   memcpy(dx_, dx, sizeof(dx_));
   memcpy(dy_, dy, sizeof(dy_));
   memcpy(scale_, scale, sizeof(scale_));
   valid_ = true;
   return lambda_ = base_lambda(dx, dy, scale);
}

TextureSampler::~TextureSampler()
{
   counters_.texels += texels_;
}

lsgpu_fault
TextureSampler::load(unsigned unit, uint32_t table, Bound *b)
{
   b->loaded = true;
   AddressSpace::Access a = as_.translate((uint64_t)table + kEntryBytes * unit, kEntryBytes, false);
   if (!a.host)
      return b->fault = a.fault;
   uint32_t dw[kEntryBytes / 4];
   memcpy(dw, a.host, sizeof(dw));
   if (lsgpu_decode_texture(dw, &b->tex) != LSGPU_FAULT_NONE ||
       lsgpu_decode_sampler(dw + LSGPU_TEXTURE_LENGTH, &b->smp) != LSGPU_FAULT_NONE ||
       !descriptor_consistent(b->tex, b->smp))
      return b->fault = LSGPU_FAULT_BAD_ARGUMENT;

   const lsgpu_texture &t = b->tex;
   b->cpp = texture_format_size(t.format);
   b->block = texture_format_block(t.format);
   b->decoder = TexelDecoder(t.format);
   /* Blocks tile 2D images: no buffer of them, no samples. */
   if (b->block && (t.target == LSGPU_TEX_TARGET_BUFFER || t.log2_samples))
      return b->fault = LSGPU_FAULT_BAD_ARGUMENT;
   b->integer = texture_format_is_integer(t.format);
   if (b->integer)
      unfiltered(&b->smp);
   const bool array = t.target == LSGPU_TEX_TARGET_1D_ARRAY ||
                      t.target == LSGPU_TEX_TARGET_2D_ARRAY ||
                      t.target == LSGPU_TEX_TARGET_CUBE_ARRAY;
   /* Every level holds level_layers layers when the texture is a layer range of a
    * larger resource; the texture's layer 0 is first_layer of each. */
   const unsigned layers = t.level_layers                      ? t.level_layers
                           : t.target == LSGPU_TEX_TARGET_CUBE ? 6
                           : array                             ? t.depth
                                                               : 1;
   uint64_t offset = 0;
   uint32_t offsets[13];
   for (unsigned l = 0; l <= t.last_level; l++) {
      Level &lv = b->levels[l];
      lv.width = minify((int)t.width, l);
      lv.height = minify((int)t.height, l);
      lv.depth = t.target == LSGPU_TEX_TARGET_3D ? minify((int)t.depth, l) : 1;
      /* A multisample texture's row holds every sample of its texels. */
      const uint32_t row = b->block ? ((uint32_t)lv.width + 3) / 4 * b->cpp
                                    : lv.width * (1u << t.log2_samples) * b->cpp;
      lv.pitch = t.target == LSGPU_TEX_TARGET_BUFFER ? row : (row + 63) & ~63u;
      lv.layer_stride = lv.pitch * (b->block ? ((uint32_t)lv.height + 3) / 4 : lv.height);
      offsets[l] = (uint32_t)(offset + (uint64_t)t.first_layer * lv.layer_stride);
      offset += (uint64_t)lv.layer_stride * (layers * lv.depth);
      if (t.target != LSGPU_TEX_TARGET_BUFFER)
         offset = (offset + 63) & ~63ull;
   }
   /* The whole chain must lie in one BO: one translation, then plain reads. */
   AddressSpace::Access chain = as_.translate(t.va, offset, false);
   if (!chain.host)
      return b->fault = chain.fault;

   b->va = t.va;
   for (unsigned l = 0; l <= t.last_level; l++) {
      b->levels[l].base = chain.host + offsets[l];
      b->offsets[l] = offsets[l];
   }
   for (unsigned c = 0; c < 4; c++) {
      b->swizzle[c] = t.swizzle[c];
      b->border[c] = b->smp.border[c];
   }
   b->identity_swizzle =
      b->swizzle[0] == 0 && b->swizzle[1] == 1 && b->swizzle[2] == 2 && b->swizzle[3] == 3;
   b->linear_2d = linear_2d(*b);
   return b->fault = LSGPU_FAULT_NONE;
}

TextureSampler::Bound *
TextureSampler::bound(unsigned unit, uint32_t table, lsgpu_fault *fault)
{
   if (table != table_va_) {
      table_va_ = table;
      for (Bound &b : units_)
         b.loaded = false;
   }
   unit %= LSGPU_TEX_UNITS;
   if (unit >= units_.size())
      units_.resize(unit + 1);
   Bound &b = units_[unit];
   if (!b.loaded)
      load(unit, table, &b);
   *fault = b.fault;
   return b.fault == LSGPU_FAULT_NONE ? &b : nullptr;
}

int64_t
TextureSampler::texel_offset(const Bound &b, const TexelRequest &r) const
{
   const lsgpu_texture &t = b.tex;
   if (r.level < 0 || r.level > (int32_t)t.last_level)
      return -1;
   const Level &lv = b.levels[r.level];
   const bool one_d = t.target == LSGPU_TEX_TARGET_1D || t.target == LSGPU_TEX_TARGET_1D_ARRAY ||
                      t.target == LSGPU_TEX_TARGET_BUFFER;
   /* 1D arrays take the layer in y; the layer then counts as z. */
   const int32_t y = one_d ? 0 : r.y;
   const int32_t z = t.target == LSGPU_TEX_TARGET_1D_ARRAY ? r.y : one_d ? 0 : r.z;
   const bool layered = t.target == LSGPU_TEX_TARGET_1D_ARRAY ||
                        t.target == LSGPU_TEX_TARGET_2D_ARRAY ||
                        t.target == LSGPU_TEX_TARGET_CUBE_ARRAY;
   const int32_t layers = t.target == LSGPU_TEX_TARGET_CUBE ? 6
                          : t.target == LSGPU_TEX_TARGET_3D ? lv.depth
                          : layered                         ? (int32_t)t.depth
                                                            : 1;
   if (r.x < 0 || r.x >= lv.width || y < 0 || y >= lv.height || z < 0 || z >= layers ||
       (one_d && r.y != 0 && t.target != LSGPU_TEX_TARGET_1D_ARRAY) ||
       (!one_d && t.target != LSGPU_TEX_TARGET_3D && t.target != LSGPU_TEX_TARGET_CUBE &&
        t.target != LSGPU_TEX_TARGET_2D_ARRAY && t.target != LSGPU_TEX_TARGET_CUBE_ARRAY &&
        r.z != 0))
      return -1;
   const int32_t samples = 1 << t.log2_samples;
   if (samples > 1 && (r.sample < 0 || r.sample >= samples))
      return -1;
   if (b.block)
      return (int64_t)z * lv.layer_stride + (int64_t)(y / 4) * lv.pitch +
             (int64_t)(r.x / 4) * b.cpp;
   const int64_t element = (int64_t)r.x * samples + (samples > 1 ? r.sample : 0);
   return (int64_t)z * lv.layer_stride + (int64_t)y * lv.pitch + element * b.cpp;
}

lsgpu_fault
TextureSampler::fetch(const TexelRequest &req, float rgba[4])
{
   lsgpu_fault fault;
   const Bound *b = bound(req.unit, req.descriptors, &fault);
   if (!b)
      return fault;
   const int64_t off = texel_offset(*b, req);
   rgba[0] = rgba[1] = rgba[2] = rgba[3] = 0.0f;
   if (off < 0)
      return LSGPU_FAULT_NONE; /* robust: zero outside the level */
   decode_texel(*b, b->levels[req.level].base + off, (unsigned)req.x & 3, (unsigned)req.y & 3,
                false, 0.0f, rgba);
   texels_++;
   return LSGPU_FAULT_NONE;
}

lsgpu_fault
TextureSampler::store(const TexelRequest &req, const float rgba[4], bool *stored)
{
   *stored = false;
   lsgpu_fault fault;
   const Bound *b = bound(req.unit, req.descriptors, &fault);
   if (!b)
      return fault;
   const TexelLayout *layout = texture_format_layout(b->tex.format);
   if (!layout || layout->kind == LSGPU_TEXEL_KIND_DEPTH)
      return LSGPU_FAULT_BAD_ARGUMENT; /* depth/stencil formats are not storable */
   const int64_t off = texel_offset(*b, req);
   if (off < 0)
      return LSGPU_FAULT_NONE; /* robust: dropped outside the level */
   /* Memory channel m takes the result channel whose swizzle reads m (the inverse of
    * the read swizzle); channels no result reads keep their bits. */
   float value[4] = {0, 0, 0, 0};
   unsigned mask = 0;
   for (unsigned c = 0; c < 4; c++) {
      if (b->swizzle[c] < 4 && !(mask & (1u << b->swizzle[c]))) {
         value[b->swizzle[c]] = rgba[c];
         mask |= 1u << b->swizzle[c];
      }
   }
   /* Stores go through the job's mapping as writes: a read-only BO faults. */
   const unsigned cpp = b->cpp;
   AddressSpace::Access a = as_.translate(b->va + b->offsets[req.level] + (uint64_t)off, cpp, true);
   if (!a.host)
      return a.fault;
   texture_format_encode(*layout, value, mask, a.host);
   *stored = true;
   return LSGPU_FAULT_NONE;
}

/* sample() for a warp of 2D lookups without compare: the entry is read once, λ once a
 * quad (its lanes share their derivatives), and each lane ends as sample() ends, so
 * the results are sample()'s bits. Anything else goes lane by lane. */
bool
TextureSampler::sample_warp(const TextureWarpRequest &req, float rgba[][4])
{
   lsgpu_fault fault;
   const Bound *bp = bound(req.unit, req.descriptors, &fault);
   if (!bp)
      return false;
   const Bound &b = *bp;
   const lsgpu_texture &t = b.tex;
   const lsgpu_sampler &smp = b.smp;
   if (t.target != LSGPU_TEX_TARGET_2D || t.log2_samples || (req.shadow && smp.compare))
      return false;
   Lookup lk;
   lk.b = &b;
   lk.r = 0.0f;
   lk.offset[0] = lk.offset[1] = lk.offset[2] = 0.0f;
   lk.layer = 0;
   lk.compare = false;
   lk.ref = 0.0f;
   float scale[3];
   lod_scale(b, scale);
   const bool bias = req.lod_mode == LSGPU_TEX_LOD_BIAS;
   const bool quads = quad_linear_2d(b);
   /* One level and one filter whatever λ is (choose_levels): no λ to compute. Most
    * render-to-texture lookups are such. */
   const bool any_lambda = (smp.mip_filter == LSGPU_FILTER_NONE || t.last_level == 0) &&
                           smp.mag_filter == smp.min_filter;
   for (unsigned q = 0; q < LSGPU_WARP_WIDTH; q += 4) {
      const unsigned lanes = req.mask >> q & 0xfu;
      if (!lanes)
         continue;
      float lambda[4];
      bool shared = true; /* one λ for the quad's lanes (no bias, or the same one) */
      if (any_lambda) {
         lambda[0] = lambda[1] = lambda[2] = lambda[3] = 0.0f;
      } else if (!bias) {
         lambda[0] = lambda[1] = lambda[2] = lambda[3] =
            clamped_lambda(smp, quad_lambda(req, q, scale));
      } else {
         const float base = quad_lambda(req, q, scale);
         for (unsigned m = lanes; m; m &= m - 1) {
            const unsigned i = (unsigned)__builtin_ctz(m);
            lambda[i] = clamped_lambda(smp, base + req.bias[q + i]);
            shared &= as_bits(lambda[i]) == as_bits(lambda[__builtin_ctz(lanes)]);
         }
      }
      if (quads && shared) {
         const LevelChoice c = choose_levels(b, lambda[__builtin_ctz(lanes)]);
         if (c.linear) {
            float(*const out)[4] = &rgba[q];
            filter_quad_2d_linear(lk, b.levels[c.level], &req.s[q], &req.t[q], lanes, out);
            if (c.f > 0.0f) {
               float hi[4][4];
               filter_quad_2d_linear(lk, b.levels[c.level + 1], &req.s[q], &req.t[q], lanes, hi);
               for (unsigned m = lanes; m; m &= m - 1) {
                  const unsigned i = (unsigned)__builtin_ctz(m);
                  for (unsigned ch = 0; ch < 4; ch++)
                     out[i][ch] = (1 - c.f) * out[i][ch] + c.f * hi[i][ch];
               }
            }
            continue;
         }
      }
      for (unsigned m = lanes; m; m &= m - 1) {
         const unsigned i = (unsigned)__builtin_ctz(m);
         lk.s = req.s[q + i];
         lk.t = req.t[q + i];
         filter_lambda(lk, lambda[i], rgba[q + i]);
      }
   }
   texels_ += lk.texels;
   return true;
}

lsgpu_fault
TextureSampler::sample(const TextureRequest &req, float rgba[4])
{
   lsgpu_fault fault;
   Bound *bp = bound(req.unit, req.descriptors, &fault);
   if (!bp)
      return fault;
   if (req.sampler_unit != req.unit) {
      /* Independent sampler (OpenCL): this entry's texture, that entry's sampler; the
       * pair must obey the cross-field rules as one entry would. */
      const Bound *sp = bound(req.sampler_unit, req.descriptors, &fault);
      if (!sp)
         return fault;
      if (!descriptor_consistent(bp->tex, sp->smp))
         return LSGPU_FAULT_BAD_ARGUMENT;
      paired_ = *bp;
      paired_.smp = sp->smp;
      if (paired_.integer)
         unfiltered(&paired_.smp);
      for (unsigned c = 0; c < 4; c++)
         paired_.border[c] = sp->smp.border[c];
      paired_.linear_2d = linear_2d(paired_);
      bp = &paired_;
   }
   Bound &b = *bp;

   const lsgpu_texture &t = b.tex;
   if (t.log2_samples)
      return LSGPU_FAULT_BAD_ARGUMENT; /* multisample textures are only fetched */
   const lsgpu_sampler &smp = b.smp;
   Lookup lk;
   lk.b = &b;
   lk.s = req.coord[0];
   lk.t = req.coord[1];
   lk.r = req.coord[2];
   lk.layer = 0;
   const bool cube = t.target == LSGPU_TEX_TARGET_CUBE || t.target == LSGPU_TEX_TARGET_CUBE_ARRAY;
   for (unsigned c = 0; c < 3; c++)
      lk.offset[c] = cube ? 0.0f : (float)req.offset[c];
   lk.compare = req.shadow && smp.compare;
   lk.ref = req.ref;
   float dx[3] = {req.ddx[0], req.ddx[1], req.ddx[2]};
   float dy[3] = {req.ddy[0], req.ddy[1], req.ddy[2]};
   if (cube) {
      float sc, tc, ma;
      lk.layer = cube_face(req.coord, &sc, &tc, &ma);
      float am = std::fabs(ma);
      if (am == 0.0f || !std::isfinite(am) || !std::isfinite(sc) || !std::isfinite(tc)) {
         /* No direction: the centre of face +X, so a texel (GL's incomplete-texture
          * black has alpha 1) rather than nothing (docs/isa.md §3.2). */
         lk.layer = 0;
         sc = tc = 0.0f;
         ma = am = 1.0f;
         for (unsigned c = 0; c < 3; c++)
            dx[c] = dy[c] = 0.0f;
      }
      lk.s = 0.5f * (sc / am + 1.0f);
      lk.t = 0.5f * (tc / am + 1.0f);
      /* d(sc/|ma|) = (dsc |ma| - sc d|ma|) / ma²; d|ma| = sign(ma) dma. */
      const float sign = ma < 0 ? -1.0f : 1.0f;
      for (float *d : {dx, dy}) {
         float dsc, dtc, dma;
         cube_face_of(lk.layer, d, &dsc, &dtc, &dma);
         dma *= sign;
         d[0] = 0.5f * (dsc * am - sc * dma) / (am * am);
         d[1] = 0.5f * (dtc * am - tc * dma) / (am * am);
         d[2] = 0.0f;
      }
      if (t.target == LSGPU_TEX_TARGET_CUBE_ARRAY) {
         /* The cube: f12 rounded to the nearest, clamped to the cubes. */
         const float c = std::isnan(req.layer) ? 0.0f : std::floor(req.layer + 0.5f);
         lk.layer += 6 * (unsigned)std::clamp(c, 0.0f, (float)(t.depth / 6 - 1));
      }
   }
   if (t.target == LSGPU_TEX_TARGET_1D || t.target == LSGPU_TEX_TARGET_BUFFER)
      dx[1] = dy[1] = 0.0f; /* only s is a 1D texture's coordinate (f1 is not an operand) */
   if (t.target != LSGPU_TEX_TARGET_3D)
      dx[2] = dy[2] = 0.0f;
   if (t.target == LSGPU_TEX_TARGET_1D_ARRAY || t.target == LSGPU_TEX_TARGET_2D_ARRAY) {
      /* The layer coordinate selects a layer and takes no part in the LOD. */
      const bool one_d = t.target == LSGPU_TEX_TARGET_1D_ARRAY;
      const float layer = one_d ? lk.t : lk.r;
      lk.layer = (unsigned)std::clamp(std::floor(std::isnan(layer) ? 0.0f : layer + 0.5f), 0.0f,
                                      (float)(t.depth - 1));
      if (one_d)
         dx[1] = dy[1] = 0.0f;
      dx[2] = dy[2] = 0.0f;
   }
   if (t.format == LSGPU_TFMT_Z24_UNORM_S8_UINT || t.format == LSGPU_TFMT_S8_UINT_Z24_UNORM ||
       t.format == LSGPU_TFMT_R16_UNORM)
      lk.ref = std::clamp(lk.ref, 0.0f, 1.0f); /* fixed-point depth: GL 2.1 §3.8.14 */

   /* Level of detail (GL 2.1 §3.8.8, equations 3.17–3.20). */
   float lambda;
   if (req.lod_mode == LSGPU_TEX_LOD_EXPLICIT) {
      lambda = req.lod;
   } else {
      float scale[3];
      lod_scale(b, scale);
      lambda = lod_.lambda(dx, dy, scale);
      if (req.lod_mode == LSGPU_TEX_LOD_BIAS)
         lambda += req.lod;
   }
   filter_lambda(lk, clamped_lambda(smp, lambda), rgba);
   texels_ += lk.texels;
   return LSGPU_FAULT_NONE;
}

} // namespace lsgpu::sim
