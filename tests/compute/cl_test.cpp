/* SPDX-License-Identifier: MIT */
/*
 * OpenCL on lsgpu through the ICD loader and Mesa's rusticl: the device as clinfo
 * sees it, and kernels run on the simulated GPU (rusticl → the lsgpu driver's
 * launch_grid → DISPATCH → the shader cores), their results checked against the
 * same computation on the CPU. The GPU's job counter shows the work ran there.
 */
#include "cl_util.h"

#include "device_counters.h"

#include <chrono>
#include <cstring>

using namespace lsgpu_cl_test;

TEST(opencl, lsgpu_is_a_rusticl_gpu_device)
{
   Cl cl("lsgpu");
   ASSERT_NE(cl.device, nullptr) << "rusticl offers no lsgpu device (RUSTICL_ENABLE?)";
   cl_device_type type = 0;
   clGetDeviceInfo(cl.device, CL_DEVICE_TYPE, sizeof(type), &type, nullptr);
   EXPECT_EQ(type, (cl_device_type)CL_DEVICE_TYPE_GPU);
   EXPECT_EQ(Cl::info(cl.device, CL_DEVICE_VERSION).rfind("OpenCL 3.0", 0), 0u)
      << Cl::info(cl.device, CL_DEVICE_VERSION);
   cl_uint units = 0;
   clGetDeviceInfo(cl.device, CL_DEVICE_MAX_COMPUTE_UNITS, sizeof(units), &units, nullptr);
   EXPECT_EQ(units, 4u); /* the shader cores */
   size_t group = 0;
   clGetDeviceInfo(cl.device, CL_DEVICE_MAX_WORK_GROUP_SIZE, sizeof(group), &group, nullptr);
   EXPECT_EQ(group, 1024u);
   cl_ulong local = 0;
   clGetDeviceInfo(cl.device, CL_DEVICE_LOCAL_MEM_SIZE, sizeof(local), &local, nullptr);
   EXPECT_GE(local, 32768u);
   printf("opencl: %s, %s, %s\n", Cl::info(cl.device, CL_DEVICE_NAME).c_str(),
          Cl::info(cl.device, CL_DEVICE_VERSION).c_str(),
          Cl::info(cl.device, CL_DEVICE_PROFILE).c_str());
}

TEST(opencl, kernel_arguments_and_global_buffers)
{
   Cl cl("lsgpu");
   ASSERT_NE(cl.device, nullptr);
   std::string log;
   cl_kernel k = cl.kernel("kernel void axpy(global const int *x, global int *y, int a,\n"
                           "                 uint n) {\n"
                           "   size_t i = get_global_id(0);\n"
                           "   if (i < n) y[i] = a * x[i] + y[i] - (int)get_local_id(0);\n"
                           "}\n",
                           "axpy", &log);
   ASSERT_NE(k, nullptr) << log;
   const unsigned n = 1000; /* not a multiple of the work-group size */
   std::vector<int> x(n), y(n);
   for (unsigned i = 0; i < n; i++) {
      x[i] = (int)i - 300;
      y[i] = (int)(i * 7);
   }
   cl_mem bx = cl.buffer(n * 4, x.data()), by = cl.buffer(n * 4, y.data());
   const int a = -3;
   clSetKernelArg(k, 0, sizeof(bx), &bx);
   clSetKernelArg(k, 1, sizeof(by), &by);
   clSetKernelArg(k, 2, sizeof(a), &a);
   clSetKernelArg(k, 3, sizeof(n), &n);
   const size_t global = 1024, local = 64;
   ASSERT_EQ(clEnqueueNDRangeKernel(cl.queue, k, 1, nullptr, &global, &local, 0, nullptr, nullptr),
             CL_SUCCESS);
   std::vector<int> out = read<int>(cl, by, n);
   unsigned wrong = 0;
   for (unsigned i = 0; i < n; i++)
      wrong += out[i] != a * x[i] + y[i] - (int)(i % local);
   EXPECT_EQ(wrong, 0u) << "y[1] = " << out[1];
   clReleaseMemObject(bx);
   clReleaseMemObject(by);
   clReleaseKernel(k);
}

/* A work-group reduction: local memory, barriers, and a global offset. */
TEST(opencl, local_memory_and_barriers_in_a_reduction)
{
   Cl cl("lsgpu");
   ASSERT_NE(cl.device, nullptr);
   std::string log;
   cl_kernel k = cl.kernel("kernel void sum(global const uint *in, global uint *out,\n"
                           "                local uint *scratch) {\n"
                           "   uint l = get_local_id(0), size = get_local_size(0);\n"
                           "   scratch[l] = in[get_global_id(0)];\n"
                           "   barrier(CLK_LOCAL_MEM_FENCE);\n"
                           "   for (uint s = size / 2; s > 0; s /= 2) {\n"
                           "      if (l < s) scratch[l] += scratch[l + s];\n"
                           "      barrier(CLK_LOCAL_MEM_FENCE);\n"
                           "   }\n"
                           "   if (l == 0) out[get_group_id(0)] = scratch[0];\n"
                           "}\n",
                           "sum", &log);
   ASSERT_NE(k, nullptr) << log;
   const unsigned groups = 8, local = 128, n = groups * local;
   std::vector<cl_uint> in(n);
   for (unsigned i = 0; i < n; i++)
      in[i] = i * i % 1000;
   cl_mem bin = cl.buffer(n * 4, in.data()), bout = cl.buffer(groups * 4, nullptr);
   clSetKernelArg(k, 0, sizeof(bin), &bin);
   clSetKernelArg(k, 1, sizeof(bout), &bout);
   clSetKernelArg(k, 2, local * 4, nullptr);
   const size_t global = n, lsize = local;
   ASSERT_EQ(clEnqueueNDRangeKernel(cl.queue, k, 1, nullptr, &global, &lsize, 0, nullptr, nullptr),
             CL_SUCCESS);
   std::vector<cl_uint> out = read<cl_uint>(cl, bout, groups);
   for (unsigned g = 0; g < groups; g++) {
      cl_uint expect = 0;
      for (unsigned i = 0; i < local; i++)
         expect += in[g * local + i];
      EXPECT_EQ(out[g], expect) << "group " << g;
   }
   clReleaseMemObject(bin);
   clReleaseMemObject(bout);
   clReleaseKernel(k);
}

/* Atomics on global memory from every work item, and a 2D range. */
TEST(opencl, global_atomics_over_a_2d_range)
{
   Cl cl("lsgpu");
   ASSERT_NE(cl.device, nullptr);
   std::string log;
   cl_kernel k = cl.kernel("kernel void histogram(global uint *bins) {\n"
                           "   uint x = get_global_id(0), y = get_global_id(1);\n"
                           "   atomic_add(&bins[(x * 3 + y) % 16], 1u);\n"
                           "   atomic_max(&bins[16], x * 1000 + y);\n"
                           "}\n",
                           "histogram", &log);
   ASSERT_NE(k, nullptr) << log;
   std::vector<cl_uint> zero(17, 0);
   cl_mem bins = cl.buffer(17 * 4, zero.data());
   clSetKernelArg(k, 0, sizeof(bins), &bins);
   const size_t global[2] = {40, 24}, local[2] = {8, 4};
   ASSERT_EQ(clEnqueueNDRangeKernel(cl.queue, k, 2, nullptr, global, local, 0, nullptr, nullptr),
             CL_SUCCESS);
   std::vector<cl_uint> out = read<cl_uint>(cl, bins, 17);
   std::vector<cl_uint> expect(17, 0);
   for (cl_uint x = 0; x < 40; x++)
      for (cl_uint y = 0; y < 24; y++) {
         expect[(x * 3 + y) % 16]++;
         expect[16] = std::max(expect[16], x * 1000 + y);
      }
   EXPECT_EQ(out, expect);
   clReleaseMemObject(bins);
   clReleaseKernel(k);
}

/* char and short: narrow loads, stores and arguments, arithmetic that wraps. */
TEST(opencl, char_and_short_data)
{
   Cl cl("lsgpu");
   ASSERT_NE(cl.device, nullptr);
   std::string log;
   cl_kernel k = cl.kernel("kernel void narrow(global const uchar *a, global uchar *b,\n"
                           "                   global const short *c, global short *d,\n"
                           "                   char add) {\n"
                           "   size_t i = get_global_id(0);\n"
                           "   b[i] = (uchar)(a[i] * 3 + add);\n"
                           "   d[i] = (short)((c[i] >> 1) - 1000 + (a[i] > 100 ? 1 : 0));\n"
                           "}\n",
                           "narrow", &log);
   ASSERT_NE(k, nullptr) << log;
   const unsigned n = 301; /* odd: the last bytes share a word with nothing */
   std::vector<cl_uchar> a(n);
   std::vector<cl_short> c(n);
   for (unsigned i = 0; i < n; i++) {
      a[i] = (cl_uchar)(i * 37);
      c[i] = (cl_short)(i * 211 - 30000);
   }
   cl_mem ba = cl.buffer(n, a.data()), bb = cl.buffer(n, nullptr);
   cl_mem bc = cl.buffer(n * 2, c.data()), bd = cl.buffer(n * 2, nullptr);
   const cl_char add = -5;
   clSetKernelArg(k, 0, sizeof(ba), &ba);
   clSetKernelArg(k, 1, sizeof(bb), &bb);
   clSetKernelArg(k, 2, sizeof(bc), &bc);
   clSetKernelArg(k, 3, sizeof(bd), &bd);
   clSetKernelArg(k, 4, sizeof(add), &add);
   const size_t global = n;
   ASSERT_EQ(clEnqueueNDRangeKernel(cl.queue, k, 1, nullptr, &global, nullptr, 0, nullptr, nullptr),
             CL_SUCCESS);
   std::vector<cl_uchar> b = read<cl_uchar>(cl, bb, n);
   std::vector<cl_short> d = read<cl_short>(cl, bd, n);
   unsigned wrong = 0;
   for (unsigned i = 0; i < n; i++) {
      wrong += b[i] != (cl_uchar)(a[i] * 3 + add);
      wrong += d[i] != (cl_short)((c[i] >> 1) - 1000 + (a[i] > 100 ? 1 : 0));
   }
   EXPECT_EQ(wrong, 0u) << "b[1] = " << (int)b[1] << ", d[1] = " << d[1];
   for (cl_mem m : {ba, bb, bc, bd})
      clReleaseMemObject(m);
   clReleaseKernel(k);
}

/* long and ulong: lowered to 32-bit pairs by the compiler (FULL_PROFILE needs them). */
TEST(opencl, long_arithmetic)
{
   Cl cl("lsgpu");
   ASSERT_NE(cl.device, nullptr);
   EXPECT_EQ(Cl::info(cl.device, CL_DEVICE_PROFILE), "FULL_PROFILE");
   std::string log;
   cl_kernel k = cl.kernel("kernel void wide(global const long *a, global ulong *b, long k) {\n"
                           "   size_t i = get_global_id(0);\n"
                           "   long x = a[i];\n"
                           "   ulong acc = 0;\n"
                           "   for (int j = 0; j < (int)(i % 5); j++) acc += (ulong)x * 3;\n"
                           "   b[i] = acc + (x >> 7) * k - (x / 1000) + (x < 0 ? 1 : 0)\n"
                           "          + ((ulong)x % 97);\n"
                           "}\n",
                           "wide", &log);
   ASSERT_NE(k, nullptr) << log;
   const unsigned n = 257;
   std::vector<cl_long> a(n);
   for (unsigned i = 0; i < n; i++)
      a[i] = (cl_long)(i * 0x123456789ull) - (cl_long)(i % 3) * 0x7000000000ll;
   cl_mem ba = cl.buffer(n * 8, a.data()), bb = cl.buffer(n * 8, nullptr);
   const cl_long kk = -123456789012ll;
   clSetKernelArg(k, 0, sizeof(ba), &ba);
   clSetKernelArg(k, 1, sizeof(bb), &bb);
   clSetKernelArg(k, 2, sizeof(kk), &kk);
   const size_t global = n;
   ASSERT_EQ(clEnqueueNDRangeKernel(cl.queue, k, 1, nullptr, &global, nullptr, 0, nullptr, nullptr),
             CL_SUCCESS);
   std::vector<cl_ulong> b = read<cl_ulong>(cl, bb, n);
   unsigned wrong = 0;
   for (unsigned i = 0; i < n; i++) {
      const cl_long x = a[i];
      cl_ulong acc = 0;
      for (unsigned j = 0; j < i % 5; j++)
         acc += (cl_ulong)x * 3;
      const cl_ulong expect = acc + (cl_ulong)((x >> 7) * kk) - (cl_ulong)(x / 1000) +
                              (x < 0 ? 1 : 0) + ((cl_ulong)x % 97);
      wrong += b[i] != expect;
   }
   EXPECT_EQ(wrong, 0u) << "b[2] = " << b[2];
   clReleaseMemObject(ba);
   clReleaseMemObject(bb);
   clReleaseKernel(k);
}

namespace
{

/* Runs a one-work-item kernel; returns the event's final execution status. */
cl_int
run_one(Cl &cl, const char *source, const char *name, cl_mem arg)
{
   std::string log;
   cl_kernel k = cl.kernel(source, name, &log);
   EXPECT_NE(k, nullptr) << log;
   if (!k)
      return CL_INVALID_KERNEL;
   clSetKernelArg(k, 0, sizeof(arg), &arg);
   const size_t one = 1;
   cl_event ev = nullptr;
   cl_int err = clEnqueueNDRangeKernel(cl.queue, k, 1, nullptr, &one, nullptr, 0, nullptr, &ev);
   if (err == CL_SUCCESS) {
      clFinish(cl.queue);
      clGetEventInfo(ev, CL_EVENT_COMMAND_EXECUTION_STATUS, sizeof(err), &err, nullptr);
      clReleaseEvent(ev);
   }
   clReleaseKernel(k);
   return err;
}

} // namespace

/* A kernel that never ends and one that writes where no buffer is are stopped as a
 * draw would be (the watchdog, a memory fault): their queue reports
 * CL_OUT_OF_RESOURCES, and another queue on the same device goes on. The suite runs
 * with a watchdog of 50 ms of GPU time. */
TEST(opencl, a_kernel_that_hangs_or_faults_is_contained)
{
   Cl hung("lsgpu"), wild("lsgpu"), good("lsgpu");
   ASSERT_NE(hung.device, nullptr);
   const cl_int zero = 0;
   cl_mem flag = hung.buffer(4, &zero);
   const auto t0 = std::chrono::steady_clock::now();
   EXPECT_EQ(run_one(hung, "kernel void spin(global volatile int *p) { while (p[0] == 0) { } }",
                     "spin", flag),
             CL_OUT_OF_RESOURCES);
   const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
   EXPECT_LT(seconds, 10.0);

   cl_mem dummy = wild.buffer(4, &zero);
   EXPECT_EQ(run_one(wild,
                     "kernel void wild(global int *p) {\n"
                     "   *(global int *)(uintptr_t)0xfd000000u = p[0];\n"
                     "}\n",
                     "wild", dummy),
             CL_OUT_OF_RESOURCES);

   /* The other queue is unharmed. */
   cl_mem counter = good.buffer(4, &zero);
   EXPECT_EQ(run_one(good, "kernel void inc(global int *p) { p[0] += 41; }", "inc", counter),
             CL_COMPLETE);
   EXPECT_EQ(read<cl_int>(good, counter, 1)[0], 41);
   printf("opencl: a hung kernel ended after %.1f s; a wild write faulted; another queue ran\n",
          seconds);
   for (cl_mem m : {flag, dummy, counter})
      clReleaseMemObject(m);
}

/* A barrier inside a loop whose body one work item at a time takes: the others wait
 * at the barrier for it, in the same warp too (piglit's atomic_cmpxchg "threads"). */
TEST(opencl, barrier_waits_for_the_lanes_of_a_divergent_branch)
{
   Cl cl("lsgpu");
   ASSERT_NE(cl.device, nullptr);
   std::string log;
   cl_kernel k = cl.kernel("kernel void turns(global int *out, global int *seen) {\n"
                           "   int id = get_global_id(0);\n"
                           "   for (int i = 0; i < (int)get_global_size(0); i++) {\n"
                           "      if (i == id) seen[id] = atomic_cmpxchg(out, id, id + 1);\n"
                           "      barrier(CLK_GLOBAL_MEM_FENCE);\n"
                           "   }\n"
                           "}\n",
                           "turns", &log);
   ASSERT_NE(k, nullptr) << log;
   const unsigned n = 40; /* three warps, the last one partial */
   std::vector<cl_int> zero(n, -1);
   const cl_int start = 0;
   cl_mem out = cl.buffer(4, &start), seen = cl.buffer(n * 4, zero.data());
   clSetKernelArg(k, 0, sizeof(out), &out);
   clSetKernelArg(k, 1, sizeof(seen), &seen);
   const size_t global = n, local = n;
   ASSERT_EQ(clEnqueueNDRangeKernel(cl.queue, k, 1, nullptr, &global, &local, 0, nullptr, nullptr),
             CL_SUCCESS);
   EXPECT_EQ(read<cl_int>(cl, out, 1)[0], (cl_int)n);
   std::vector<cl_int> s = read<cl_int>(cl, seen, n);
   for (unsigned i = 0; i < n; i++)
      EXPECT_EQ(s[i], (cl_int)i) << "work item " << i << " ran out of turn";
   clReleaseMemObject(out);
   clReleaseMemObject(seen);
   clReleaseKernel(k);
}

/* Bad kernel arguments and launch sizes get OpenCL's errors, and the queue still runs
 * the kernel afterwards with good ones. */
TEST(opencl, bad_arguments_get_opencl_errors)
{
   Cl cl("lsgpu");
   ASSERT_NE(cl.device, nullptr);
   std::string log;
   cl_kernel k =
      cl.kernel("kernel void add(global int *p, int v) { p[get_global_id(0)] += v; }", "add", &log);
   ASSERT_NE(k, nullptr) << log;
   std::vector<cl_int> zero(64, 0);
   cl_mem buf = cl.buffer(64 * 4, zero.data());
   const size_t global = 64, too_big = 2048;
   const cl_int v = 5;
   const cl_long wide = 5;
   /* Arguments not set yet. */
   EXPECT_EQ(clEnqueueNDRangeKernel(cl.queue, k, 1, nullptr, &global, nullptr, 0, nullptr, nullptr),
             CL_INVALID_KERNEL_ARGS);
   EXPECT_EQ(clSetKernelArg(k, 2, sizeof(v), &v), CL_INVALID_ARG_INDEX);
   EXPECT_EQ(clSetKernelArg(k, 1, sizeof(wide), &wide), CL_INVALID_ARG_SIZE);
   cl_mem not_a_buffer = (cl_mem)cl.context; /* an object of another type */
   EXPECT_EQ(clSetKernelArg(k, 0, sizeof(cl_mem), &not_a_buffer), CL_INVALID_MEM_OBJECT);
   ASSERT_EQ(clSetKernelArg(k, 0, sizeof(buf), &buf), CL_SUCCESS);
   ASSERT_EQ(clSetKernelArg(k, 1, sizeof(v), &v), CL_SUCCESS);
   /* A local size past the device's 1024 in x, a 64 x 32 group (2048 invocations of
    * at most 1024), five dimensions. */
   EXPECT_EQ(
      clEnqueueNDRangeKernel(cl.queue, k, 1, nullptr, &too_big, &too_big, 0, nullptr, nullptr),
      CL_INVALID_WORK_ITEM_SIZE);
   const size_t global2[2] = {64, 32}, local2[2] = {64, 32};
   EXPECT_EQ(clEnqueueNDRangeKernel(cl.queue, k, 2, nullptr, global2, local2, 0, nullptr, nullptr),
             CL_INVALID_WORK_GROUP_SIZE);
   EXPECT_EQ(clEnqueueNDRangeKernel(cl.queue, k, 5, nullptr, &global, nullptr, 0, nullptr, nullptr),
             CL_INVALID_WORK_DIMENSION);
   ASSERT_EQ(clEnqueueNDRangeKernel(cl.queue, k, 1, nullptr, &global, nullptr, 0, nullptr, nullptr),
             CL_SUCCESS);
   std::vector<cl_int> out = read<cl_int>(cl, buf, 64);
   EXPECT_EQ(out[0], 5);
   EXPECT_EQ(out[63], 5);
   clReleaseMemObject(buf);
   clReleaseKernel(k);
}

/* clEnqueueFillBuffer runs on the copy/fill engine for the pattern sizes it has (the
 * FILL_BYTES counter grows by the bytes filled) and through a mapping for the others;
 * the bytes around the range are untouched either way. */
TEST(opencl, fill_buffer_on_the_fill_engine)
{
   Cl cl("lsgpu");
   ASSERT_NE(cl.device, nullptr);
   const size_t bytes = 3 * 16384 * 16 + 4096;
   std::vector<uint8_t> init(bytes, 0x5a);
   cl_mem buf = cl.buffer(bytes, init.data());
   struct Case {
      size_t pattern, offset, size;
   } cases[] = {
      {4, 64, 16384 * 4 * 3 + 40}, {16, 16, 16384 * 16 * 2 + 32}, {1, 5, 77}, {64, 128, 640}};
   for (const Case &c : cases) {
      std::vector<uint8_t> pattern(c.pattern);
      for (size_t i = 0; i < c.pattern; i++)
         pattern[i] = (uint8_t)(i * 7 + c.pattern);
      const lsgpu::DeviceCounters before = lsgpu::DeviceCounters::read();
      ASSERT_EQ(clEnqueueFillBuffer(cl.queue, buf, pattern.data(), c.pattern, c.offset, c.size, 0,
                                    nullptr, nullptr),
                CL_SUCCESS);
      std::vector<uint8_t> got = read<uint8_t>(cl, buf, bytes);
      const lsgpu::DeviceCounters d = lsgpu::DeviceCounters::read().since(before);
      ASSERT_TRUE(d.valid);
      if (c.pattern <= 16)
         EXPECT_EQ(d.fill_bytes, c.size) << "pattern of " << c.pattern;
      else
         EXPECT_EQ(d.fill_bytes, 0u) << "pattern of " << c.pattern << " (mapped)";
      unsigned wrong = 0;
      for (size_t i = 0; i < bytes; i++) {
         const bool in = i >= c.offset && i < c.offset + c.size;
         const uint8_t want = in ? pattern[(i - c.offset) % c.pattern] : init[i];
         wrong += got[i] != want;
      }
      EXPECT_EQ(wrong, 0u) << "pattern of " << c.pattern;
      init = got;
   }
   clReleaseMemObject(buf);
}
