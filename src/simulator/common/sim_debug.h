/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_DEBUG_H
#define LSGPU_SIM_DEBUG_H

#include <cstdlib>
#include <cstring>

namespace lsgpu::sim
{

/* Whether LSGPU_SIM_DEBUG names `flag` (docs/debugging.md lists them). Callers keep
 * the answer in a static: the environment is read once per flag. */
inline bool
sim_debug(const char *flag)
{
   const char *s = getenv("LSGPU_SIM_DEBUG");
   return s && strstr(s, flag);
}

} // namespace lsgpu::sim

#endif
