/* SPDX-License-Identifier: MIT */
/*
 * Conversions LSGPU-1 has no instruction for, which the compiler builds from integer
 * operations: OpenCL's half floats in memory (vload_half/vstore_half with each
 * rounding mode), 64-bit popcount, and char to short extension. Every half value and
 * every rounding case is checked against the CPU.
 */
#include "cl_util.h"

#include <cmath>
#include <cstring>

using namespace lsgpu_cl_test;

namespace
{

float
half_value(uint16_t h)
{
   const int exp = (h >> 10) & 31, mant = h & 1023;
   float v;
   if (exp == 31)
      v = mant ? NAN : INFINITY;
   else if (exp == 0)
      v = std::ldexp((float)mant, -24);
   else
      v = std::ldexp((float)(mant | 1024), exp - 25);
   return (h & 0x8000) ? -v : v;
}

uint32_t
bits(float f)
{
   uint32_t u;
   memcpy(&u, &f, 4);
   return u;
}

} // namespace

/* vload_half of all 65,536 halves, exactly (denormals kept, as rusticl asks). */
TEST(opencl_convert, every_half_loads_as_its_float)
{
   Cl cl("lsgpu");
   ASSERT_NE(cl.device, nullptr);
   std::string log;
   cl_kernel k = cl.kernel("kernel void load(global const half *h, global float *f) {\n"
                           "   size_t i = get_global_id(0);\n"
                           "   f[i] = vload_half(i, h);\n"
                           "}\n",
                           "load", &log);
   ASSERT_NE(k, nullptr) << log;
   const unsigned n = 65536;
   std::vector<uint16_t> h(n);
   for (unsigned i = 0; i < n; i++)
      h[i] = (uint16_t)i;
   cl_mem bh = cl.buffer(n * 2, h.data()), bf = cl.buffer(n * 4, nullptr);
   clSetKernelArg(k, 0, sizeof(bh), &bh);
   clSetKernelArg(k, 1, sizeof(bf), &bf);
   const size_t global = n;
   ASSERT_EQ(clEnqueueNDRangeKernel(cl.queue, k, 1, nullptr, &global, nullptr, 0, nullptr, nullptr),
             CL_SUCCESS);
   std::vector<float> f = read<float>(cl, bf, n);
   unsigned wrong = 0, first = 0;
   for (unsigned i = 0; i < n; i++) {
      const float want = half_value((uint16_t)i);
      const bool ok = std::isnan(want) ? std::isnan(f[i]) : bits(f[i]) == bits(want);
      if (!ok && !wrong++)
         first = i;
   }
   EXPECT_EQ(wrong, 0u) << "half 0x" << std::hex << first << " loaded as 0x" << bits(f[first]);
   clReleaseMemObject(bh);
   clReleaseMemObject(bf);
   clReleaseKernel(k);
}

/* vstore_half_rte and _rtz: exact halves stay, a value just past the midpoint between
 * two halves goes up to nearest and down towards zero, overflow is infinity or the
 * largest half, NaN stays NaN. */
TEST(opencl_convert, floats_store_as_halves_in_each_rounding_mode)
{
   Cl cl("lsgpu");
   ASSERT_NE(cl.device, nullptr);
   std::string log;
   cl_kernel k = cl.kernel("kernel void store(global const float *f, global half *rte,\n"
                           "                  global half *rtz) {\n"
                           "   size_t i = get_global_id(0);\n"
                           "   vstore_half_rte(f[i], i, rte);\n"
                           "   vstore_half_rtz(f[i], i, rtz);\n"
                           "}\n",
                           "store", &log);
   ASSERT_NE(k, nullptr) << log;
   std::vector<float> f;
   std::vector<uint16_t> want_rte, want_rtz;
   auto add = [&](float v, uint16_t rte, uint16_t rtz) {
      f.push_back(v);
      want_rte.push_back(rte);
      want_rtz.push_back(rtz);
   };
   for (uint32_t h = 0; h < 0x7c00; h += 7) {
      for (uint16_t sign : {0, 0x8000}) {
         const uint16_t x = (uint16_t)(h | sign);
         add(half_value(x), x, x);
         if (h + 1 < 0x7c00) {
            /* Just past halfway to the next half: nearest is the next one. */
            const float lo = std::fabs(half_value((uint16_t)h)),
                        hi = std::fabs(half_value((uint16_t)(h + 1)));
            const float mid = std::nextafter(lo + (hi - lo) / 2, INFINITY);
            add(sign ? -mid : mid, (uint16_t)((h + 1) | sign), x);
         }
      }
   }
   add(65520.0f, 0x7c00, 0x7bff);
   add(-1e30f, 0xfc00, 0xfbff);
   add(INFINITY, 0x7c00, 0x7c00);
   const size_t n = f.size();
   cl_mem bf = cl.buffer(n * 4, f.data()), brte = cl.buffer(n * 2, nullptr),
          brtz = cl.buffer(n * 2, nullptr);
   clSetKernelArg(k, 0, sizeof(bf), &bf);
   clSetKernelArg(k, 1, sizeof(brte), &brte);
   clSetKernelArg(k, 2, sizeof(brtz), &brtz);
   ASSERT_EQ(clEnqueueNDRangeKernel(cl.queue, k, 1, nullptr, &n, nullptr, 0, nullptr, nullptr),
             CL_SUCCESS);
   std::vector<uint16_t> rte = read<uint16_t>(cl, brte, n), rtz = read<uint16_t>(cl, brtz, n);
   unsigned wrong = 0;
   for (size_t i = 0; i < n; i++) {
      if ((rte[i] != want_rte[i] || rtz[i] != want_rtz[i]) && wrong++ < 5)
         ADD_FAILURE() << std::hexfloat << f[i] << std::hex << ": rte 0x" << rte[i] << " (want 0x"
                       << want_rte[i] << "), rtz 0x" << rtz[i] << " (want 0x" << want_rtz[i] << ")";
   }
   EXPECT_EQ(wrong, 0u) << "of " << n << " values";
   for (cl_mem m : {bf, brte, brtz})
      clReleaseMemObject(m);
   clReleaseKernel(k);
}

/* popcount on 64 bits (split in two by the compiler) and chars widened to shorts,
 * signed and unsigned, packed two to a word (piglit's load-hi16). */
TEST(opencl_convert, long_popcount_and_char_to_short)
{
   Cl cl("lsgpu");
   ASSERT_NE(cl.device, nullptr);
   std::string log;
   cl_kernel k = cl.kernel("kernel void mix(global const ulong *a, global uint *count,\n"
                           "                global const char *c, global uint *s,\n"
                           "                global uint *u) {\n"
                           "   size_t i = get_global_id(0);\n"
                           "   count[i] = (uint)popcount(a[i]);\n"
                           "   short2 sv = { (short)c[i], (short)c[i + 1] };\n"
                           "   s[i] = as_uint(sv);\n"
                           "   ushort2 uv = { (ushort)(uchar)c[i], (ushort)(uchar)c[i + 1] };\n"
                           "   u[i] = as_uint(uv);\n"
                           "}\n",
                           "mix", &log);
   ASSERT_NE(k, nullptr) << log;
   const unsigned n = 200;
   std::vector<cl_ulong> a(n);
   std::vector<cl_char> c(n + 1);
   for (unsigned i = 0; i < n; i++)
      a[i] = (0x9e3779b97f4a7c15ull * (i + 1)) >> (i % 64);
   for (unsigned i = 0; i <= n; i++)
      c[i] = (cl_char)(i * 29 + 3);
   cl_mem ba = cl.buffer(n * 8, a.data()), bcount = cl.buffer(n * 4, nullptr);
   cl_mem bc = cl.buffer(n + 1, c.data()), bs = cl.buffer(n * 4, nullptr),
          bu = cl.buffer(n * 4, nullptr);
   cl_mem args[] = {ba, bcount, bc, bs, bu};
   for (unsigned i = 0; i < 5; i++)
      clSetKernelArg(k, i, sizeof(cl_mem), &args[i]);
   const size_t global = n;
   ASSERT_EQ(clEnqueueNDRangeKernel(cl.queue, k, 1, nullptr, &global, nullptr, 0, nullptr, nullptr),
             CL_SUCCESS);
   std::vector<cl_uint> count = read<cl_uint>(cl, bcount, n), s = read<cl_uint>(cl, bs, n),
                        u = read<cl_uint>(cl, bu, n);
   unsigned wrong = 0;
   for (unsigned i = 0; i < n; i++) {
      const cl_uint ws = (uint16_t)(int16_t)c[i] | (uint32_t)(uint16_t)(int16_t)c[i + 1] << 16;
      const cl_uint wu = (uint8_t)c[i] | (uint32_t)(uint8_t)c[i + 1] << 16;
      wrong += count[i] != (cl_uint)__builtin_popcountll(a[i]);
      wrong += s[i] != ws;
      wrong += u[i] != wu;
   }
   EXPECT_EQ(wrong, 0u) << "count[1] = " << count[1] << ", s[1] = 0x" << std::hex << s[1]
                        << ", u[1] = 0x" << u[1];
   for (cl_mem m : args)
      clReleaseMemObject(m);
   clReleaseKernel(k);
}
