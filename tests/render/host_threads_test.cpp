/* SPDX-License-Identifier: MIT */

/* The simulator's host threads (LSGPU_SIM_THREADS, docs/simulator.md) never show in
 * what the GPU computes: the same programs drawn on devices with one host thread and
 * with four give the same bytes in every pixel and the same device counters (work,
 * cycles, fragments). Each run has a device server of its own, started on demand
 * with the thread count in its environment. */

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <unistd.h>
#include <vector>

#include <gtest/gtest.h>

#include "command_output.h"

namespace
{

struct SceneRun {
   std::string output;
   std::vector<unsigned char> pixels;
   std::string counters; /* lsgpu-device --status's counters line */
};

SceneRun
run_scene(const std::string &scene, unsigned threads)
{
   SceneRun r;
   char dir[] = "/tmp/lsgpu-threads-XXXXXX";
   if (!mkdtemp(dir))
      return r;
   const std::string socket = std::string(dir) + "/device", image = std::string(dir) + "/out.rgba";
   r.output = lsgpu::test::command_output("env LSGPU_DEVICE=" + socket +
                                          " LSGPU_SIM_THREADS=" + std::to_string(threads) +
                                          " " LSGPU_SCENE " " + scene + " " + image + " 2>&1");
   std::ifstream f(image, std::ios::binary);
   r.pixels.assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
   const std::string status =
      lsgpu::test::command_output(LSGPU_DEVICE_BIN " --socket " + socket + " --status");
   const size_t at = status.find("counters:");
   if (at != std::string::npos)
      r.counters = status.substr(at, status.find('\n', at) - at);
   lsgpu::test::command_output(LSGPU_DEVICE_BIN " --socket " + socket + " --stop");
   unlink(image.c_str());
   unlink((socket + ".log").c_str());
   unlink((socket + ".lock").c_str());
   rmdir(dir);
   return r;
}

class HostThreads : public testing::TestWithParam<const char *>
{
};

TEST_P(HostThreads, SameImageAndCountersWithOneThreadAndWithFour)
{
   const SceneRun one = run_scene(GetParam(), 1), four = run_scene(GetParam(), 4);
   ASSERT_EQ(one.output.rfind("GL_RENDERER: lsgpu", 0), 0u) << one.output;
   ASSERT_EQ(one.pixels.size(), 128u * 128u * 4u) << one.output;
   ASSERT_FALSE(one.counters.empty());
   EXPECT_NE(one.counters.find(" fragments "), std::string::npos) << one.counters;
   EXPECT_EQ(one.counters, four.counters);
   size_t differing = 0;
   for (size_t i = 0; i < one.pixels.size() && i < four.pixels.size(); i++)
      differing += one.pixels[i] != four.pixels[i];
   EXPECT_EQ(one.pixels.size(), four.pixels.size());
   EXPECT_EQ(differing, 0u) << "bytes differ between 1 and 4 host threads";
}

/* Order-dependent results: blending and depth over overlapping primitives, framebuffer
 * fetch, multisampling, texturing; a fragment shader with a storage-buffer atomic
 * (which numbers fragments in the order the cores run them) and one whose local array
 * lives on the stack (each core's own window). */
INSTANTIATE_TEST_SUITE_P(Scenes, HostThreads,
                         testing::Values("blend", "depth", "fbfetch", "msaa", "texture",
                                         "points_lines", "stencil", "fragment_order"));

} // namespace
