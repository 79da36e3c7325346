/* SPDX-License-Identifier: MIT */
#include "command_output.h"

#include <cstdio>

namespace lsgpu::test
{

std::string
command_output(const std::string &cmd)
{
   std::string out;
   FILE *p = popen(cmd.c_str(), "r");
   if (!p)
      return out;
   char buf[4096];
   size_t n;
   while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
      out.append(buf, n);
   pclose(p);
   return out;
}

} // namespace lsgpu::test
