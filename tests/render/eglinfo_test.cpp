/* SPDX-License-Identifier: MIT */
/* Unmodified programs find the simulated GPU without MESA_LOADER_DRIVER_OVERRIDE. */
#include <cstdio>
#include <cstdlib>
#include <gtest/gtest.h>
#include <string>

#include "command_output.h"

using lsgpu::test::command_output;

TEST(eglinfo, surfaceless_platform_is_served_by_lsgpu)
{
   ASSERT_EQ(getenv("MESA_LOADER_DRIVER_OVERRIDE"), nullptr);
   /* Debian's eglinfo (mesa-demos 8.5) prints every platform; look at the
    * surfaceless section only. */
   std::string out = command_output("eglinfo -p surfaceless 2>&1");
   size_t start = out.find("Surfaceless platform:");
   ASSERT_NE(start, std::string::npos) << out.substr(0, 2000);
   size_t end = out.find(" platform:", start + 21);
   std::string section = out.substr(start, end == std::string::npos ? end : end - start);
   EXPECT_NE(section.find("EGL driver name: lsgpu"), std::string::npos) << section;
   EXPECT_EQ(section.find("eglInitialize failed"), std::string::npos) << section;
}
