/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_TEXTURE_SAMPLER_H
#define LSGPU_SIM_TEXTURE_SAMPLER_H

#include <cstdint>
#include <deque>

#include "lsgpu_packets.h"
#include "gpu/texture/texture_format.h"
#include "gpu/texture/texture_unit.h"

namespace lsgpu::sim
{

class AddressSpace;
struct Counters;

/*
 * The fixed-function texture unit (GL 2.1 §3.8): reads the TEXTURE and SAMPLER
 * descriptors of the texture table, then addresses, wraps, filters (nearest, bilinear,
 * trilinear, mipmapped), compares and swizzles. One instance serves one job's shaders;
 * it keeps the descriptors it has read, since a job's texture table does not change
 * while its shaders run.
 */
class TextureSampler final : public TextureUnit
{
 public:
   TextureSampler(const AddressSpace &as, Counters &counters) : as_(as), counters_(counters) {}
   /* The texels read reach the device counter once, not per sample (it is atomic). */
   ~TextureSampler();
   TextureSampler(const TextureSampler &) = delete;
   TextureSampler &operator=(const TextureSampler &) = delete;

   lsgpu_fault sample(const TextureRequest &request, float rgba[4]) override;
   bool sample_warp(const TextureWarpRequest &request, float rgba[][4]) override;
   lsgpu_fault fetch(const TexelRequest &request, float rgba[4]) override;
   lsgpu_fault store(const TexelRequest &request, const float rgba[4], bool *stored) override;

   /* One mip level of the bound texture, resolved to host memory. */
   struct Level {
      const uint8_t *base;
      int width, height, depth; /* depth: 3D slices; cube faces are layers */
      uint32_t pitch, layer_stride;
   };
   struct Bound {
      bool loaded = false;
      lsgpu_fault fault = LSGPU_FAULT_NONE;
      lsgpu_texture tex;
      lsgpu_sampler smp;
      unsigned cpp = 0;                  /* bytes per texel, or per block */
      const TexelBlock *block = nullptr; /* a compressed format's 4×4 block */
      TexelDecoder decoder;              /* an uncompressed format's texels */
      bool integer = false; /* UINT/SINT format: integer results, never filtered */
      unsigned swizzle[4];
      bool identity_swizzle = false; /* swizzle is r, g, b, a */
      float border[4];
      Level levels[13];
      /* A 2D texture of plain texels whose wrap modes never reach the border: bilinear
       * filtering takes filter_2d_linear(). */
      bool linear_2d = false;
      uint64_t va = 0;      /* GPU address of level 0, for stores */
      uint32_t offsets[13]; /* of each level from va */
   };

 private:
   lsgpu_fault load(unsigned unit, uint32_t table, Bound *b);
   /* The unit's descriptors, read once per table; NULL with *fault set if bad. */
   Bound *bound(unsigned unit, uint32_t table, lsgpu_fault *fault);
   /* Where texel (x, y, z) of a level lies from the level's base, or -1 outside. */
   int64_t texel_offset(const Bound &b, const TexelRequest &r) const;

   /* λ before bias and clamps (GL 2.1 equations 3.17–3.20) from scaled derivatives,
    * computed once for the lanes that share them. */
   class LodMemo
   {
    public:
      float lambda(const float dx[3], const float dy[3], const float scale[3]);

    private:
      bool valid_ = false;
      float dx_[3], dy_[3], scale_[3], lambda_;
   };

   const AddressSpace &as_;
   Counters &counters_;
   LodMemo lod_;
   uint32_t table_va_ = 0;
   uint64_t texels_ = 0;
   /* The units used so far, up to the highest (a draw uses a few of the 256): every
    * core of every draw has a sampler, and 256 Bounds (176 KiB) constructed per draw
    * were page faults and 8 % of a small scene's GPU thread. A deque, so that growing
    * it leaves the Bound another call returned in place. */
   std::deque<Bound> units_;
   /* An entry's texture with another's sampler (OpenCL), made per sample: a member,
    * since a Bound is large enough that zeroing one per sample showed in profiles. */
   Bound paired_;
};

} // namespace lsgpu::sim

#endif
