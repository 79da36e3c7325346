/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_LE_WORD_H
#define LSGPU_SIM_LE_WORD_H

#include <cstdint>
#include <cstring>

namespace lsgpu::sim
{

/* A little-endian value of `bytes` (at most 8) bytes of device memory, as one word (the
 * device's memory is little-endian, as the host's). The common widths are loads and
 * stores of their own size: a copy of a variable length is a library call, and a word
 * read back after one cannot take the stored bytes forwarded. Texel fetches, render
 * target writes and depth tests take this path for every pixel. */
inline uint64_t
load_le(const uint8_t *p, unsigned bytes)
{
   if (bytes == 1)
      return p[0];
   if (bytes == 2) {
      uint16_t v;
      memcpy(&v, p, 2);
      return v;
   }
   if (bytes == 4) {
      uint32_t v;
      memcpy(&v, p, 4);
      return v;
   }
   if (bytes == 8) {
      uint64_t v;
      memcpy(&v, p, 8);
      return v;
   }
   uint64_t v = 0;
   memcpy(&v, p, bytes);
   return v;
}

inline void
store_le(uint8_t *p, unsigned bytes, uint64_t v)
{
   if (bytes == 1) {
      p[0] = (uint8_t)v;
   } else if (bytes == 2) {
      const uint16_t w = (uint16_t)v;
      memcpy(p, &w, 2);
   } else if (bytes == 4) {
      const uint32_t w = (uint32_t)v;
      memcpy(p, &w, 4);
   } else {
      memcpy(p, &v, bytes);
   }
}

} // namespace lsgpu::sim

#endif
