/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_FLOAT_BITS_H
#define LSGPU_SIM_FLOAT_BITS_H

#include <cstdint>
#include <cstring>

namespace lsgpu::sim
{

/* The IEEE single whose bits these are: registers, memory and the command stream
 * hold floats as 32-bit words (memcpy, the defined way to reinterpret in C++17). */
inline float
as_float(uint32_t bits)
{
   float f;
   memcpy(&f, &bits, 4);
   return f;
}

inline uint32_t
as_bits(float f)
{
   uint32_t b;
   memcpy(&b, &f, 4);
   return b;
}

} // namespace lsgpu::sim

#endif
