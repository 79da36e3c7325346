/* SPDX-License-Identifier: MIT */

/* The driver compiles st/mesa's shaders with the LSGPU-1 compiler when they are
 * created, and keeps the binaries in Mesa's disk shader cache: a second run of the
 * same program reads them back instead of compiling (LSGPU_DEBUG=perf says which). */

#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

#include <gtest/gtest.h>

#include "command_output.h"

namespace
{

std::string
run_demo(const std::string &cache_dir)
{
   const std::string cmd = "MESA_SHADER_CACHE_DISABLE=false MESA_SHADER_CACHE_DIR=" + cache_dir +
                           " LSGPU_DEBUG=perf " LSGPU_DEMO " " + cache_dir + "/out.png 2>&1";
   return lsgpu::test::command_output(cmd);
}

unsigned
count(const std::string &s, const std::string &what)
{
   unsigned n = 0;
   for (size_t at = 0; (at = s.find(what, at)) != std::string::npos; at += what.size())
      n++;
   return n;
}

} // namespace

TEST(ShaderCache, SecondRunReadsBinariesFromTheDiskCache)
{
   char dir[] = "/tmp/lsgpu-shader-cache-XXXXXX";
   ASSERT_NE(mkdtemp(dir), nullptr);
   const std::string first = run_demo(dir);
   const std::string second = run_demo(dir);
   system(("rm -rf " + std::string(dir)).c_str());

   /* st/mesa's fixed-function vertex and fragment shaders, at least. A shader the
    * first run creates twice with the same NIR is already a cache hit there. */
   EXPECT_GE(count(first, "shader compiled in"), 2u) << first;
   EXPECT_LT(count(first, "read from the disk cache"), count(first, "shader compiled in")) << first;
   EXPECT_EQ(count(second, "shader compiled in"), 0u) << second;
   EXPECT_EQ(count(second, "read from the disk cache"),
             count(first, "shader compiled in") + count(first, "read from the disk cache"))
      << second;
   EXPECT_EQ(count(first, "cannot compile"), 0u) << first;
}
