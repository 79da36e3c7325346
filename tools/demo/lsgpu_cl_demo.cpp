/* SPDX-License-Identifier: MIT */
/*
 * The main job's compute half: an OpenCL kernel on the simulated LSGPU-1 through
 * Mesa's rusticl. It draws the Mandelbrot set in fixed point (Q4.27 with 64-bit
 * products, so the GPU's result is exact and checkable), one work item per pixel in
 * 16x16 work groups, into an OpenCL image (CL_R, CL_UNSIGNED_INT8), checks every pixel against the
 * same loop on the CPU, writes a PNG and prints what the GPU did.
 *
 * usage: lsgpu-cl-demo [OUTPUT.png]
 */
#define CL_TARGET_OPENCL_VERSION 300
#include <CL/cl.h>
#include <cstdio>
#include <cstring>
#include <png.h>
#include <string>
#include <vector>

#include "../common/device_counters.h"

namespace
{

constexpr int kSize = 256;
constexpr int kMaxIter = 64;

const char *kSource = R"(
/* Q4.27 fixed point: |z| stays below 4 until it escapes. */
#define ONE (1 << 27)
int fmul(int a, int b) { return (int)(((long)a * (long)b) >> 27); }

kernel void mandelbrot(write_only image2d_t out, int x0, int y0, int step, int max_iter) {
   int px = get_global_id(0), py = get_global_id(1);
   int cx = x0 + px * step, cy = y0 + py * step;
   int zx = 0, zy = 0, n = 0;
   while (n < max_iter) {
      int xx = fmul(zx, zx), yy = fmul(zy, zy);
      if (xx + yy > 4 * ONE)
         break;
      zy = 2 * fmul(zx, zy) + cy;
      zx = xx - yy + cx;
      n++;
   }
   write_imageui(out, (int2)(px, py), (uint4)(n, 0, 0, 1));
}
)";

/* The kernel's loop on the CPU, for the check. */
int
iterations(int cx, int cy)
{
   auto fmul = [](int a, int b) { return (int)(((int64_t)a * (int64_t)b) >> 27); };
   int zx = 0, zy = 0, n = 0;
   while (n < kMaxIter) {
      int xx = fmul(zx, zx), yy = fmul(zy, zy);
      if (xx + yy > 4 * (1 << 27))
         break;
      zy = 2 * fmul(zx, zy) + cy;
      zx = xx - yy + cx;
      n++;
   }
   return n;
}

cl_device_id
find_lsgpu()
{
   cl_platform_id platforms[8];
   cl_uint np = 0;
   clGetPlatformIDs(8, platforms, &np);
   for (cl_uint p = 0; p < np; p++) {
      cl_device_id devices[8];
      cl_uint nd = 0;
      if (clGetDeviceIDs(platforms[p], CL_DEVICE_TYPE_GPU, 8, devices, &nd) != CL_SUCCESS)
         continue;
      for (cl_uint d = 0; d < nd; d++) {
         char name[256] = {};
         clGetDeviceInfo(devices[d], CL_DEVICE_NAME, sizeof(name) - 1, name, nullptr);
         if (strstr(name, "lsgpu"))
            return devices[d];
      }
   }
   return nullptr;
}

bool
write_png(const char *path, const std::vector<uint8_t> &iters)
{
   std::vector<uint8_t> rgb(iters.size() * 3);
   for (size_t i = 0; i < iters.size(); i++) {
      const int n = iters[i];
      const bool inside = n == kMaxIter;
      rgb[i * 3 + 0] = inside ? 0 : (uint8_t)(n * 4);
      rgb[i * 3 + 1] = inside ? 0 : (uint8_t)(n * 2);
      rgb[i * 3 + 2] = inside ? 0 : (uint8_t)(128 + n * 2);
   }
   png_image image = {};
   image.version = PNG_IMAGE_VERSION;
   image.width = kSize;
   image.height = kSize;
   image.format = PNG_FORMAT_RGB;
   return png_image_write_to_file(&image, path, 0, rgb.data(), kSize * 3, nullptr) != 0;
}

} // namespace

int
main(int argc, char **argv)
{
   const char *out = argc > 1 ? argv[1] : "lsgpu-demo-compute.png";
   cl_device_id device = find_lsgpu();
   if (!device) {
      fprintf(stderr, "lsgpu-cl-demo: rusticl offers no lsgpu device (RUSTICL_ENABLE=lsgpu?)\n");
      return 1;
   }
   char version[64] = {}, profile[32] = {};
   clGetDeviceInfo(device, CL_DEVICE_VERSION, sizeof(version) - 1, version, nullptr);
   clGetDeviceInfo(device, CL_DEVICE_PROFILE, sizeof(profile) - 1, profile, nullptr);
   for (size_t n = strlen(version); n && version[n - 1] == ' '; n--)
      version[n - 1] = '\0'; /* rusticl pads the version string */

   cl_int err;
   cl_context ctx = clCreateContext(nullptr, 1, &device, nullptr, nullptr, &err);
   cl_command_queue queue = clCreateCommandQueueWithProperties(ctx, device, nullptr, &err);
   cl_program program = clCreateProgramWithSource(ctx, 1, &kSource, nullptr, &err);
   if (clBuildProgram(program, 1, &device, "", nullptr, nullptr) != CL_SUCCESS) {
      char log[8192] = {};
      clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, sizeof(log) - 1, log, nullptr);
      fprintf(stderr, "lsgpu-cl-demo: the kernel did not build:\n%s\n", log);
      return 1;
   }
   cl_kernel kernel = clCreateKernel(program, "mandelbrot", &err);
   /* One unsigned byte per pixel (CL_R, CL_UNSIGNED_INT8): written by lsgpu.imgst. */
   const cl_image_format format = {CL_R, CL_UNSIGNED_INT8};
   cl_image_desc desc = {};
   desc.image_type = CL_MEM_OBJECT_IMAGE2D;
   desc.image_width = desc.image_height = kSize;
   cl_mem image = clCreateImage(ctx, CL_MEM_WRITE_ONLY, &format, &desc, nullptr, &err);
   /* The view: re in [-2.2, 0.8], im in [-1.5, 1.5], in Q4.27. */
   const int one = 1 << 27, x0 = -(int)(2.2 * one), y0 = -(int)(1.5 * one);
   const int step = (int)(3.0 * one / kSize), max_iter = kMaxIter;
   clSetKernelArg(kernel, 0, sizeof(image), &image);
   clSetKernelArg(kernel, 1, sizeof(int), &x0);
   clSetKernelArg(kernel, 2, sizeof(int), &y0);
   clSetKernelArg(kernel, 3, sizeof(int), &step);
   clSetKernelArg(kernel, 4, sizeof(int), &max_iter);

   const lsgpu::DeviceCounters before = lsgpu::DeviceCounters::read();
   const size_t global[2] = {kSize, kSize}, local[2] = {16, 16};
   err = clEnqueueNDRangeKernel(queue, kernel, 2, nullptr, global, local, 0, nullptr, nullptr);
   std::vector<uint8_t> iters(kSize * kSize);
   if (err == CL_SUCCESS) {
      const size_t origin[3] = {0, 0, 0}, region[3] = {kSize, kSize, 1};
      err = clEnqueueReadImage(queue, image, CL_TRUE, origin, region, 0, 0, iters.data(), 0,
                               nullptr, nullptr);
   }
   const lsgpu::DeviceCounters after = lsgpu::DeviceCounters::read();
   if (err != CL_SUCCESS) {
      fprintf(stderr, "lsgpu-cl-demo: the kernel failed (OpenCL error %d)\n", err);
      return 1;
   }

   int wrong = 0, inside = 0;
   for (int y = 0; y < kSize; y++)
      for (int x = 0; x < kSize; x++) {
         const int n = iters[y * kSize + x];
         wrong += n != iterations(x0 + x * step, y0 + y * step);
         inside += n == kMaxIter;
      }
   const bool written = write_png(out, iters);
   printf("lsgpu-cl-demo: OpenCL %s (%s) on lsgpu through rusticl\n", version + 7, profile);
   printf("lsgpu-cl-demo: Mandelbrot %dx%d, %d iterations at most, 16x16 work groups: %d pixels "
          "inside the set; %d of %d pixels differ from the CPU\n",
          kSize, kSize, kMaxIter, inside, wrong, kSize * kSize);
   if (after.valid && before.valid) {
      const lsgpu::DeviceCounters d = after.since(before);
      printf("lsgpu-cl-demo: GPU counters: %s\n", d.to_string().c_str());
      /* The timing model's cycles at the class's nominal clock (docs/isa.md §6). */
      printf("lsgpu-cl-demo: %.2f ms of shader-core time at %d MHz\n",
             d.shader_cycles / (LSGPU_CLOCK_MHZ * 1000.0), LSGPU_CLOCK_MHZ);
   }
   if (written)
      printf("lsgpu-cl-demo: wrote %s\n", out);

   clReleaseMemObject(image);
   clReleaseKernel(kernel);
   clReleaseProgram(program);
   clReleaseCommandQueue(queue);
   clReleaseContext(ctx);
   return wrong == 0 && written ? 0 : 1;
}
