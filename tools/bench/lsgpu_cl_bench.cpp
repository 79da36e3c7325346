/* SPDX-License-Identifier: MIT */
/*
 * clpeak's kernels at sizes a simulated GPU finishes: single-precision and integer
 * compute, global memory bandwidth, and launch latency on one OpenCL device. The
 * kernel sources are read from Debian's clpeak binary (they are string constants in
 * it), so the code measured is clpeak's own; the sizes are ours, the same on every
 * device, so their rates compare. On lsgpu the GPU's counters also give the timing
 * model's estimate at the class's clock (SHADER_CYCLES over the compute units).
 *
 * usage: lsgpu-cl-bench DEVICE-NAME-PART [--clpeak PATH] [--scale N]
 * Prints one `result:` line per measurement for ./lsgpu bench compute to tabulate.
 */
#define CL_TARGET_OPENCL_VERSION 300
#include <CL/cl.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "../common/device_counters.h"

namespace
{

/* The NUL-terminated string of `binary` that contains `marker`, or "". */
std::string
embedded_source(const std::string &binary, const char *marker)
{
   const size_t at = binary.find(marker);
   if (at == std::string::npos)
      return "";
   const size_t begin = binary.rfind('\0', at) + 1;
   const size_t end = binary.find('\0', at);
   return binary.substr(begin, end - begin);
}

struct Device {
   cl_device_id id = nullptr;
   cl_context context = nullptr;
   cl_command_queue queue = nullptr;
   cl_uint compute_units = 0;
   std::string name, platform;
};

bool
open_device(const char *part, Device *dev)
{
   cl_platform_id platforms[8];
   cl_uint np = 0;
   clGetPlatformIDs(8, platforms, &np);
   for (cl_uint p = 0; p < np && !dev->id; p++) {
      char pname[256] = {};
      clGetPlatformInfo(platforms[p], CL_PLATFORM_NAME, sizeof(pname) - 1, pname, nullptr);
      cl_device_id devices[8];
      cl_uint nd = 0;
      if (clGetDeviceIDs(platforms[p], CL_DEVICE_TYPE_ALL, 8, devices, &nd) != CL_SUCCESS)
         continue;
      for (cl_uint d = 0; d < nd && !dev->id; d++) {
         char name[256] = {};
         clGetDeviceInfo(devices[d], CL_DEVICE_NAME, sizeof(name) - 1, name, nullptr);
         if (strstr(name, part)) {
            dev->id = devices[d];
            dev->name = name;
            dev->platform = pname;
         }
      }
   }
   if (!dev->id)
      return false;
   clGetDeviceInfo(dev->id, CL_DEVICE_MAX_COMPUTE_UNITS, sizeof(dev->compute_units),
                   &dev->compute_units, nullptr);
   cl_int err;
   dev->context = clCreateContext(nullptr, 1, &dev->id, nullptr, nullptr, &err);
   dev->queue = clCreateCommandQueueWithProperties(dev->context, dev->id, nullptr, &err);
   return dev->queue != nullptr;
}

cl_program
build(Device &dev, const std::string &source)
{
   const char *text = source.c_str();
   cl_int err;
   cl_program program = clCreateProgramWithSource(dev.context, 1, &text, nullptr, &err);
   if (clBuildProgram(program, 1, &dev.id, "", nullptr, nullptr) != CL_SUCCESS) {
      char log[4096] = {};
      clGetProgramBuildInfo(program, dev.id, CL_PROGRAM_BUILD_LOG, sizeof(log) - 1, log, nullptr);
      fprintf(stderr, "lsgpu-cl-bench: build failed: %s\n", log);
      clReleaseProgram(program);
      return nullptr;
   }
   return program;
}

/* One measurement: the best of `reps` runs after a warm-up, in host seconds, and the
 * shader cycles one run took on lsgpu (0 elsewhere). */
struct Timing {
   double seconds = 0;
   double cycles = 0;
};

Timing
time_kernel(Device &dev, cl_kernel k, size_t global, size_t local, int reps, bool counters)
{
   Timing t;
   t.seconds = 1e30;
   clEnqueueNDRangeKernel(dev.queue, k, 1, nullptr, &global, &local, 0, nullptr, nullptr);
   clFinish(dev.queue);
   const lsgpu::DeviceCounters before =
      counters ? lsgpu::DeviceCounters::read() : lsgpu::DeviceCounters();
   for (int r = 0; r < reps; r++) {
      const auto t0 = std::chrono::steady_clock::now();
      clEnqueueNDRangeKernel(dev.queue, k, 1, nullptr, &global, &local, 0, nullptr, nullptr);
      clFinish(dev.queue);
      t.seconds = std::min(
         t.seconds, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
   }
   if (counters) {
      const lsgpu::DeviceCounters d = lsgpu::DeviceCounters::read().since(before);
      t.cycles = d.valid ? (double)d.shader_cycles / reps : 0;
   }
   return t;
}

/* Prints a rate and, on lsgpu, the same rate at the timing model's GPU time. */
void
report(const Device &dev, const char *test, const char *unit, double amount, const Timing &t)
{
   printf("result: %s %.4g %s", test, amount / t.seconds, unit);
   if (t.cycles > 0) {
      const double gpu_seconds = t.cycles / dev.compute_units / (LSGPU_CLOCK_MHZ * 1e6);
      printf(" estimate %.4g", amount / gpu_seconds);
   }
   printf("\n");
}

} // namespace

int
main(int argc, char **argv)
{
   if (argc < 2) {
      fprintf(stderr, "usage: lsgpu-cl-bench DEVICE-NAME-PART [--clpeak PATH] [--scale N]\n");
      return 2;
   }
   const char *clpeak = "/usr/bin/clpeak";
   int scale = 1;
   for (int i = 2; i + 1 < argc; i += 2) {
      if (!strcmp(argv[i], "--clpeak"))
         clpeak = argv[i + 1];
      else if (!strcmp(argv[i], "--scale"))
         scale = std::max(1, atoi(argv[i + 1]));
   }
   std::ifstream in(clpeak, std::ios::binary);
   const std::string binary((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
   const std::string sp = embedded_source(binary, "__kernel void compute_sp_v1(");
   const std::string integer = embedded_source(binary, "__kernel void compute_integer_v1(");
   const std::string bandwidth =
      embedded_source(binary, "__kernel void global_bandwidth_v1_global_offset(");
   if (sp.empty() || integer.empty() || bandwidth.empty()) {
      fprintf(stderr, "lsgpu-cl-bench: no clpeak kernels in %s (apt install clpeak)\n", clpeak);
      return 1;
   }
   Device dev;
   if (!open_device(argv[1], &dev)) {
      fprintf(stderr, "lsgpu-cl-bench: no OpenCL device named like '%s'\n", argv[1]);
      return 1;
   }
   const bool counters = dev.name.find("lsgpu") != std::string::npos;
   printf("device: %s (%s, %u compute units)\n", dev.name.c_str(), dev.platform.c_str(),
          dev.compute_units);
   cl_program p_sp = build(dev, sp), p_int = build(dev, integer), p_bw = build(dev, bandwidth);
   if (!p_sp || !p_int || !p_bw)
      return 1;

   const size_t local = 256, reps = 3;
   /* clpeak's compute kernels do 4096 flops (integer: 2048 operations) per work item
    * at every vector width. */
   const size_t items = 16384 * (size_t)scale;
   cl_int err;
   cl_mem out = clCreateBuffer(dev.context, CL_MEM_WRITE_ONLY, items * 4, nullptr, &err);
   const struct {
      cl_program program;
      const char *kernel, *test;
      double work;
      bool integer;
   } compute[] = {
      {p_sp, "compute_sp_v1", "compute-sp-float", 4096, false},
      {p_sp, "compute_sp_v4", "compute-sp-float4", 4096, false},
      {p_sp, "compute_sp_v16", "compute-sp-float16", 4096, false},
      {p_int, "compute_integer_v1", "compute-int-int", 2048, true},
      {p_int, "compute_integer_v4", "compute-int-int4", 2048, true},
   };
   for (const auto &c : compute) {
      cl_kernel k = clCreateKernel(c.program, c.kernel, &err);
      const cl_float a = 1.3f;
      const cl_int ai = 4;
      clSetKernelArg(k, 0, sizeof(out), &out);
      clSetKernelArg(k, 1, 4, c.integer ? (const void *)&ai : (const void *)&a);
      const Timing t = time_kernel(dev, k, items, local, reps, counters);
      report(dev, c.test, c.integer ? "GOPS" : "GFLOPS", items * c.work / 1e9, t);
      clReleaseKernel(k);
   }

   /* Global bandwidth: every work item reads 16 elements (clpeak's FETCH_PER_WI). */
   const size_t floats = 1024 * 1024 * (size_t)scale;
   std::vector<float> host(floats);
   for (size_t i = 0; i < floats; i++)
      host[i] = (float)i;
   cl_mem src = clCreateBuffer(dev.context, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, floats * 4,
                               host.data(), &err);
   cl_mem sums = clCreateBuffer(dev.context, CL_MEM_WRITE_ONLY, floats / 16 * 4, nullptr, &err);
   const struct {
      const char *kernel, *test;
      unsigned width;
   } bw[] = {
      {"global_bandwidth_v1_global_offset", "bandwidth-float", 1},
      {"global_bandwidth_v4_global_offset", "bandwidth-float4", 4},
      {"global_bandwidth_v16_global_offset", "bandwidth-float16", 16},
   };
   for (const auto &b : bw) {
      cl_kernel k = clCreateKernel(p_bw, b.kernel, &err);
      clSetKernelArg(k, 0, sizeof(src), &src);
      clSetKernelArg(k, 1, sizeof(sums), &sums);
      const Timing t = time_kernel(dev, k, floats / 16 / b.width, 64, reps, counters);
      report(dev, b.test, "GB/s", floats * 4 / 1e9, t);
      clReleaseKernel(k);
   }

   /* Launch latency: a one-work-item kernel, enqueued and waited for, 50 times. */
   {
      cl_kernel k = clCreateKernel(p_int, "compute_integer_v1", &err);
      const cl_int ai = 4;
      clSetKernelArg(k, 0, sizeof(out), &out);
      clSetKernelArg(k, 1, 4, &ai);
      const size_t one = 1, n = 50;
      clEnqueueNDRangeKernel(dev.queue, k, 1, nullptr, &one, &one, 0, nullptr, nullptr);
      clFinish(dev.queue);
      const auto t0 = std::chrono::steady_clock::now();
      for (size_t i = 0; i < n; i++) {
         clEnqueueNDRangeKernel(dev.queue, k, 1, nullptr, &one, &one, 0, nullptr, nullptr);
         clFinish(dev.queue);
      }
      const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      printf("result: launch-latency %.4g us\n", s / n * 1e6);
      clReleaseKernel(k);
   }
   for (cl_mem m : {out, src, sums})
      clReleaseMemObject(m);
   for (cl_program p : {p_sp, p_int, p_bw})
      clReleaseProgram(p);
   clReleaseCommandQueue(dev.queue);
   clReleaseContext(dev.context);
   return 0;
}
