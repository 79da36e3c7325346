/* SPDX-License-Identifier: MIT */
#include "capable.h"

#include <cstdio>
#include <string>

namespace lsgpu::sim
{

bool
lsgpu_capable(pid_t pid, int cap)
{
   std::string path = "/proc/" + std::to_string(pid) + "/status";
   FILE *f = fopen(path.c_str(), "r");
   if (!f)
      return false;
   char line[256];
   unsigned long long caps = 0;
   while (fgets(line, sizeof(line), f)) {
      if (sscanf(line, "CapEff: %llx", &caps) == 1)
         break;
   }
   fclose(f);
   return caps & (1ull << cap);
}

} // namespace lsgpu::sim
