/* SPDX-License-Identifier: MIT */
/*
 * OpenCL images on lsgpu (docs/compute.md): rusticl → the driver's compute descriptor
 * table → lsgpu.tex / lsgpu.txf / lsgpu.imgst in the shader cores. Each kernel's
 * result is checked against the CPU, texel by texel.
 */
#include "cl_util.h"

#include <cmath>

using namespace lsgpu_cl_test;

namespace
{

cl_mem
image(Cl &cl, cl_mem_object_type type, cl_channel_type data, size_t w, size_t h, size_t depth,
      const void *host, cl_mem buffer = nullptr)
{
   cl_image_format fmt = {CL_RGBA, data};
   cl_image_desc desc = {};
   desc.image_type = type;
   desc.image_width = w;
   desc.image_height = h;
   desc.image_array_size = depth;
   desc.buffer = buffer;
   cl_int err;
   cl_mem m = clCreateImage(cl.context, CL_MEM_READ_WRITE | (host ? CL_MEM_COPY_HOST_PTR : 0), &fmt,
                            &desc, const_cast<void *>(host), &err);
   EXPECT_EQ(err, CL_SUCCESS);
   return m;
}

template <typename T>
std::vector<T>
read_image(Cl &cl, cl_mem m, size_t w, size_t h, size_t d = 1)
{
   std::vector<T> out(w * h * d * 4);
   const size_t origin[3] = {0, 0, 0}, region[3] = {w, h, d};
   EXPECT_EQ(clEnqueueReadImage(cl.queue, m, CL_TRUE, origin, region, 0, 0, out.data(), 0, nullptr,
                                nullptr),
             CL_SUCCESS);
   return out;
}

} // namespace

TEST(opencl_image, device_offers_full_profile_images)
{
   Cl cl("lsgpu");
   ASSERT_NE(cl.device, nullptr);
   cl_bool images = CL_FALSE;
   clGetDeviceInfo(cl.device, CL_DEVICE_IMAGE_SUPPORT, sizeof(images), &images, nullptr);
   EXPECT_EQ(images, CL_TRUE);
   EXPECT_EQ(Cl::info(cl.device, CL_DEVICE_PROFILE), "FULL_PROFILE");
   size_t w = 0;
   cl_uint reads = 0, writes = 0;
   clGetDeviceInfo(cl.device, CL_DEVICE_IMAGE2D_MAX_WIDTH, sizeof(w), &w, nullptr);
   clGetDeviceInfo(cl.device, CL_DEVICE_MAX_READ_IMAGE_ARGS, sizeof(reads), &reads, nullptr);
   clGetDeviceInfo(cl.device, CL_DEVICE_MAX_WRITE_IMAGE_ARGS, sizeof(writes), &writes, nullptr);
   EXPECT_GE(w, 16384u);
   EXPECT_GE(reads, 128u);
   EXPECT_GE(writes, 64u);
}

/* A float image read through a linear, normalized sampler (bilinear weights), the
 * same image read without a sampler (texel fetch) and its size queries, written
 * mirrored to a second image. */
TEST(opencl_image, sampled_fetched_and_written_float_images)
{
   Cl cl("lsgpu");
   ASSERT_NE(cl.device, nullptr);
   std::string log;
   cl_kernel k = cl.kernel(
      "constant sampler_t lin = CLK_NORMALIZED_COORDS_TRUE | CLK_ADDRESS_CLAMP_TO_EDGE |\n"
      "                         CLK_FILTER_LINEAR;\n"
      "kernel void mix(read_only image2d_t src, write_only image2d_t dst,\n"
      "                global float4 *sampled) {\n"
      "   int x = get_global_id(0), y = get_global_id(1);\n"
      "   int w = get_image_width(src), h = get_image_height(src);\n"
      "   float4 t = read_imagef(src, (int2)(x, y));\n"
      "   write_imagef(dst, (int2)(w - 1 - x, y), t * 2.0f + (float4)(w, h, 0, 0));\n"
      "   sampled[y * w + x] = read_imagef(src, lin, (float2)((x + 1.0f) / w, (y + 0.5f) / h));\n"
      "}\n",
      "mix", &log);
   ASSERT_NE(k, nullptr) << log;
   const size_t w = 13, h = 7;
   std::vector<float> src(w * h * 4);
   for (size_t i = 0; i < src.size(); i++)
      src[i] = (float)((i * 37) % 101) / 8.0f;
   cl_mem a = image(cl, CL_MEM_OBJECT_IMAGE2D, CL_FLOAT, w, h, 0, src.data());
   cl_mem b = image(cl, CL_MEM_OBJECT_IMAGE2D, CL_FLOAT, w, h, 0, nullptr);
   cl_mem s = cl.buffer(w * h * 16, nullptr);
   clSetKernelArg(k, 0, sizeof(a), &a);
   clSetKernelArg(k, 1, sizeof(b), &b);
   clSetKernelArg(k, 2, sizeof(s), &s);
   const size_t global[2] = {w, h};
   ASSERT_EQ(clEnqueueNDRangeKernel(cl.queue, k, 2, nullptr, global, nullptr, 0, nullptr, nullptr),
             CL_SUCCESS);
   std::vector<float> out = read_image<float>(cl, b, w, h);
   std::vector<float> sampled = read<float>(cl, s, w * h * 4);
   unsigned wrong = 0;
   for (size_t y = 0; y < h; y++) {
      for (size_t x = 0; x < w; x++) {
         for (unsigned c = 0; c < 4; c++) {
            const float t = src[(y * w + x) * 4 + c];
            const float want = t * 2.0f + (c == 0 ? w : c == 1 ? h : 0);
            wrong += out[(y * w + (w - 1 - x)) * 4 + c] != want;
            /* u = x + 1 texels: halfway between texels x and x + 1 (clamped). */
            const size_t x1 = std::min(x + 1, w - 1);
            const float lin = 0.5f * t + 0.5f * src[(y * w + x1) * 4 + c];
            if (std::fabs(sampled[(y * w + x) * 4 + c] - lin) > 1e-4f && wrong++ < 3)
               ADD_FAILURE() << "sampled " << x << "," << y << "." << c << ": "
                             << sampled[(y * w + x) * 4 + c] << ", want " << lin;
         }
      }
   }
   EXPECT_EQ(wrong, 0u);
   for (cl_mem m : {a, b, s})
      clReleaseMemObject(m);
   clReleaseKernel(k);
}

/* Integer images keep integers (no float round trip: values above 2^24 survive) and
 * saturate on store; 1D buffer images and 2D image arrays address texels by layer. */
TEST(opencl_image, integer_buffer_and_array_images)
{
   Cl cl("lsgpu");
   ASSERT_NE(cl.device, nullptr);
   std::string log;
   cl_kernel k = cl.kernel(
      "kernel void ints(read_only image1d_buffer_t in, write_only image2d_array_t out,\n"
      "                 write_only image2d_t narrow) {\n"
      "   int i = get_global_id(0);\n"
      "   uint4 v = read_imageui(in, i);\n"
      "   write_imageui(out, (int4)(i % 4, i / 4 % 2, i / 8, 0), v + (uint4)(1, 2, 3, 4));\n"
      "   write_imagei(narrow, (int2)(i, 0), (int4)(i * 40 - 300, -i, 5, 1000));\n"
      "}\n",
      "ints", &log);
   ASSERT_NE(k, nullptr) << log;
   const size_t n = 24; /* out: 4 x 2 x 3 layers */
   std::vector<cl_uint> in(n * 4);
   for (size_t i = 0; i < in.size(); i++)
      in[i] = (cl_uint)(0x01000001u * (i + 1));
   cl_mem buf = cl.buffer(in.size() * 4, in.data());
   cl_mem in_img =
      image(cl, CL_MEM_OBJECT_IMAGE1D_BUFFER, CL_UNSIGNED_INT32, n, 0, 0, nullptr, buf);
   cl_mem out = image(cl, CL_MEM_OBJECT_IMAGE2D_ARRAY, CL_UNSIGNED_INT32, 4, 2, 3, nullptr);
   cl_mem narrow = image(cl, CL_MEM_OBJECT_IMAGE2D, CL_SIGNED_INT8, n, 1, 0, nullptr);
   clSetKernelArg(k, 0, sizeof(in_img), &in_img);
   clSetKernelArg(k, 1, sizeof(out), &out);
   clSetKernelArg(k, 2, sizeof(narrow), &narrow);
   ASSERT_EQ(clEnqueueNDRangeKernel(cl.queue, k, 1, nullptr, &n, nullptr, 0, nullptr, nullptr),
             CL_SUCCESS);
   std::vector<cl_uint> got = read_image<cl_uint>(cl, out, 4, 2, 3);
   std::vector<cl_char> small = read_image<cl_char>(cl, narrow, n, 1);
   unsigned wrong = 0;
   for (size_t i = 0; i < n; i++) {
      for (unsigned c = 0; c < 4; c++) {
         wrong += got[i * 4 + c] != in[i * 4 + c] + c + 1;
         const int v = c == 0 ? (int)i * 40 - 300 : c == 1 ? -(int)i : c == 2 ? 5 : 1000;
         wrong += small[i * 4 + c] != (cl_char)std::clamp(v, -128, 127);
      }
   }
   EXPECT_EQ(wrong, 0u) << "got[0] = " << got[0] << ", small[0] = " << (int)small[0];
   for (cl_mem m : {in_img, buf, out, narrow})
      clReleaseMemObject(m);
   clReleaseKernel(k);
}

/* cl_khr_3d_image_writes, which rusticl advertises from the driver's formats: each
 * work item writes its slice of a 3D image. */
TEST(opencl_image, three_d_image_writes)
{
   Cl cl("lsgpu");
   ASSERT_NE(cl.device, nullptr);
   std::string log;
   cl_kernel k = cl.kernel("#pragma OPENCL EXTENSION cl_khr_3d_image_writes : enable\n"
                           "kernel void vol(write_only image3d_t out) {\n"
                           "   int4 p = (int4)(get_global_id(0), get_global_id(1),\n"
                           "                   get_global_id(2), 0);\n"
                           "   write_imagef(out, p, (float4)(p.x, p.y, p.z, 1) / 8.0f);\n"
                           "}\n",
                           "vol", &log);
   ASSERT_NE(k, nullptr) << log;
   const size_t w = 5, h = 4, d = 3;
   cl_image_format fmt = {CL_RGBA, CL_FLOAT};
   cl_image_desc desc = {};
   desc.image_type = CL_MEM_OBJECT_IMAGE3D;
   desc.image_width = w;
   desc.image_height = h;
   desc.image_depth = d;
   cl_int err;
   cl_mem vol = clCreateImage(cl.context, CL_MEM_READ_WRITE, &fmt, &desc, nullptr, &err);
   ASSERT_EQ(err, CL_SUCCESS);
   clSetKernelArg(k, 0, sizeof(vol), &vol);
   const size_t global[3] = {w, h, d};
   ASSERT_EQ(clEnqueueNDRangeKernel(cl.queue, k, 3, nullptr, global, nullptr, 0, nullptr, nullptr),
             CL_SUCCESS);
   std::vector<float> got = read_image<float>(cl, vol, w, h, d);
   unsigned wrong = 0;
   for (size_t z = 0; z < d; z++)
      for (size_t y = 0; y < h; y++)
         for (size_t x = 0; x < w; x++) {
            const float *t = &got[((z * h + y) * w + x) * 4];
            wrong += t[0] != x / 8.0f || t[1] != y / 8.0f || t[2] != z / 8.0f || t[3] != 0.125f;
         }
   EXPECT_EQ(wrong, 0u);
   clReleaseMemObject(vol);
   clReleaseKernel(k);
}

/* read_write images (OpenCL 2.0; rusticl offers them with formatted loads): each
 * work-item reads its texel, writes it back changed, fences the image and reads its
 * own write again. */
TEST(opencl_image, read_write_image_sees_its_own_writes)
{
   Cl cl("lsgpu");
   ASSERT_NE(cl.device, nullptr);
   cl_uint rw_args = 0;
   clGetDeviceInfo(cl.device, CL_DEVICE_MAX_READ_WRITE_IMAGE_ARGS, sizeof(rw_args), &rw_args,
                   nullptr);
   EXPECT_GE(rw_args, 8u);
   std::string log;
   cl_kernel k = cl.kernel("kernel void twice(read_write image2d_t img, global uint *seen) {\n"
                           "   int2 p = (int2)(get_global_id(0), get_global_id(1));\n"
                           "   uint4 v = read_imageui(img, p);\n"
                           "   write_imageui(img, p, v * 2u + (uint4)(0, 1, 2, 3));\n"
                           "   atomic_work_item_fence(CLK_IMAGE_MEM_FENCE, memory_order_acq_rel,\n"
                           "                          memory_scope_work_item);\n"
                           "   seen[p.y * get_global_size(0) + p.x] = read_imageui(img, p).w;\n"
                           "}\n",
                           "twice", &log, "-cl-std=CL3.0");
   ASSERT_NE(k, nullptr) << log;
   const size_t w = 16, h = 8;
   std::vector<uint32_t> texels(w * h * 4);
   for (size_t i = 0; i < texels.size(); i++)
      texels[i] = (uint32_t)(i * 1000 + 7);
   cl_mem img = image(cl, CL_MEM_OBJECT_IMAGE2D, CL_UNSIGNED_INT32, w, h, 1, texels.data());
   cl_int err;
   cl_mem seen = clCreateBuffer(cl.context, CL_MEM_READ_WRITE, w * h * 4, nullptr, &err);
   ASSERT_EQ(err, CL_SUCCESS);
   clSetKernelArg(k, 0, sizeof(img), &img);
   clSetKernelArg(k, 1, sizeof(seen), &seen);
   const size_t global[2] = {w, h};
   ASSERT_EQ(clEnqueueNDRangeKernel(cl.queue, k, 2, nullptr, global, nullptr, 0, nullptr, nullptr),
             CL_SUCCESS);
   std::vector<uint32_t> got = read_image<uint32_t>(cl, img, w, h);
   std::vector<uint32_t> alpha(w * h);
   ASSERT_EQ(
      clEnqueueReadBuffer(cl.queue, seen, CL_TRUE, 0, w * h * 4, alpha.data(), 0, nullptr, nullptr),
      CL_SUCCESS);
   unsigned wrong = 0;
   for (size_t i = 0; i < w * h; i++) {
      for (unsigned c = 0; c < 4; c++)
         wrong += got[i * 4 + c] != texels[i * 4 + c] * 2 + c;
      wrong += alpha[i] != texels[i * 4 + 3] * 2 + 3;
   }
   EXPECT_EQ(wrong, 0u);
   clReleaseMemObject(seen);
   clReleaseMemObject(img);
   clReleaseKernel(k);
}
