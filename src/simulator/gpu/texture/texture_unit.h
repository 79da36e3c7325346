/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_TEXTURE_UNIT_H
#define LSGPU_SIM_TEXTURE_UNIT_H

#include <cstdint>

#include "lsgpu_isa.h"
#include "lsgpu_packets.h"

namespace lsgpu::sim
{

/* One lane's lsgpu.tex (docs/isa.md §3.2), as the shader core hands it to a texture
 * unit. For the implicit-LOD modes the core fills ddx/ddy from the lane's quad
 * (coarse differences of s, t, r), so the unit sees every mode as gradients,
 * explicit LOD or LOD bias. */

struct TextureRequest {
   unsigned unit;          /* 0..LSGPU_TEX_UNITS - 1: the TEXTURE's entry */
   unsigned sampler_unit;  /* the SAMPLER's entry (xs2; xs1's when rs2 is x0) */
   lsgpu_tex_lod lod_mode; /* funct7 bits 1:0 */
   bool shadow;            /* compare with ref (funct7 bit 2) */
   float coord[3];         /* f0..f2 */
   float ref;              /* f3 */
   float lod;              /* f4: bias or explicit LOD */
   float ddx[3], ddy[3];   /* f5..f10, or the quad's derivatives */
   uint32_t descriptors;   /* a3 of the lane: the descriptor table */
   int8_t offset[3];       /* texel offsets of s, t, r (lsgpu.tex.offset: f11), else 0 */
   float layer;            /* f12: the cube of a cube map array */
};

/* lsgpu.tex with implicit LOD (or LOD bias) of a warp whose executing lanes all name
 * one entry for texture and sampler, without texel offsets: the common case, which a
 * unit may take a quad at a time instead of lane by lane (sample_warp). */
struct TextureWarpRequest {
   unsigned unit;          /* every lane's xs1 */
   uint32_t descriptors;   /* a3 */
   lsgpu_tex_lod lod_mode; /* IMPLICIT or BIAS */
   bool shadow;
   uint16_t mask;                                  /* the executing lanes */
   float s[LSGPU_WARP_WIDTH], t[LSGPU_WARP_WIDTH]; /* f0, f1; 0 in ended lanes */
   float bias[LSGPU_WARP_WIDTH];                   /* f4 (BIAS) */
};

/* One lane's lsgpu.txf or lsgpu.imgst (docs/isa.md §3.4): integer texel coordinates
 * (x, y, and z the slice or layer) of a level of a unit. */
struct TexelRequest {
   unsigned unit;        /* 0..LSGPU_TEX_UNITS - 1 */
   int32_t x, y, z;      /* f0..f2 as integers */
   int32_t level;        /* f4 as an integer (txf); 0 for imgst */
   uint32_t descriptors; /* a3 of the lane */
   int32_t sample = 0;   /* f3 as an integer: the sample of a multisample texture */
};

/* The texture units a shader core samples through. The fixed-function texture unit
 * implements it; tests can plug in their own. */
class TextureUnit
{
 public:
   virtual ~TextureUnit() = default;
   /* Writes R, G, B, A; a fault ends the job. */
   virtual lsgpu_fault sample(const TextureRequest &request, float rgba[4]) = 0;
   /* The same results as sample() lane by lane, for the lanes in request.mask, or false
    * (nothing written) when the unit does not take this request whole: the core then
    * goes lane by lane, which also finds any fault. */
   virtual bool sample_warp(const TextureWarpRequest &, float[][4]) { return false; }
   /* The texel's R, G, B, A unfiltered, or 0, 0, 0, 0 outside the level. Units that
    * only sample (test doubles) fault. */
   virtual lsgpu_fault fetch(const TexelRequest &, float[4])
   {
      return LSGPU_FAULT_ILLEGAL_INSTRUCTION;
   }
   /* Writes R, G, B, A into the texel in its format; *stored is false when the texel
    * lies outside the level (the store is dropped). */
   virtual lsgpu_fault store(const TexelRequest &, const float[4], bool *stored)
   {
      *stored = false;
      return LSGPU_FAULT_ILLEGAL_INSTRUCTION;
   }
};

} // namespace lsgpu::sim

#endif
