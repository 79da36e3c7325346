/* SPDX-License-Identifier: MIT */
/* OpenCL test helpers: a context and queue on a named rusticl device, programs built
 * with their log, buffers, and reads back. Header-only: each test file is small. */
#pragma once
#define CL_TARGET_OPENCL_VERSION 300
#include <CL/cl.h>
#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace lsgpu_cl_test
{

/* The first device of rusticl whose name contains `name`, with a context and queue. */
struct Cl {
   cl_device_id device = nullptr;
   cl_context context = nullptr;
   cl_command_queue queue = nullptr;

   explicit Cl(const char *name)
   {
      cl_platform_id platforms[8];
      cl_uint np = 0;
      if (clGetPlatformIDs(8, platforms, &np) != CL_SUCCESS)
         return;
      for (cl_uint p = 0; p < np && !device; p++) {
         cl_device_id devices[8];
         cl_uint nd = 0;
         if (clGetDeviceIDs(platforms[p], CL_DEVICE_TYPE_ALL, 8, devices, &nd) != CL_SUCCESS)
            continue;
         for (cl_uint d = 0; d < nd && !device; d++)
            if (info(devices[d], CL_DEVICE_NAME).find(name) != std::string::npos)
               device = devices[d];
      }
      if (!device)
         return;
      cl_int err;
      context = clCreateContext(nullptr, 1, &device, nullptr, nullptr, &err);
      queue = clCreateCommandQueueWithProperties(context, device, nullptr, &err);
   }
   ~Cl()
   {
      if (queue)
         clReleaseCommandQueue(queue);
      if (context)
         clReleaseContext(context);
   }
   static std::string info(cl_device_id d, cl_device_info what)
   {
      char buf[256] = {};
      clGetDeviceInfo(d, what, sizeof(buf) - 1, buf, nullptr);
      return buf;
   }
   /* Builds `source` and returns kernel `name`, or nullptr with the build log. */
   cl_kernel kernel(const char *source, const char *name, std::string *log,
                    const char *options = "")
   {
      cl_int err;
      cl_program program = clCreateProgramWithSource(context, 1, &source, nullptr, &err);
      if (clBuildProgram(program, 1, &device, options, nullptr, nullptr) != CL_SUCCESS) {
         char buf[8192] = {};
         clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, sizeof(buf) - 1, buf,
                               nullptr);
         *log = buf;
         clReleaseProgram(program);
         return nullptr;
      }
      cl_kernel k = clCreateKernel(program, name, &err);
      clReleaseProgram(program); /* the kernel keeps it */
      return k;
   }
   cl_mem buffer(size_t bytes, const void *data)
   {
      cl_int err;
      return clCreateBuffer(context, CL_MEM_READ_WRITE | (data ? CL_MEM_COPY_HOST_PTR : 0), bytes,
                            const_cast<void *>(data), &err);
   }
};

template <typename T>
std::vector<T>
read(Cl &cl, cl_mem m, size_t n)
{
   std::vector<T> out(n);
   EXPECT_EQ(
      clEnqueueReadBuffer(cl.queue, m, CL_TRUE, 0, n * sizeof(T), out.data(), 0, nullptr, nullptr),
      CL_SUCCESS);
   return out;
}

} // namespace lsgpu_cl_test
