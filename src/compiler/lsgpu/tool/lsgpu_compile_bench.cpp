/* SPDX-License-Identifier: MIT */

/* lsgpu-compile --bench: compile time and code quality over a corpus, the chosen
 * pipeline next to -O0 and LLVM's O2 in the same run (docs/compiler.md). */

#include "lsgpu_glsl_frontend.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

bool lsgpu_load_shader_file(const std::string &path, lsgpu_test_file *out, std::string *reason);

namespace
{

struct Totals {
   const char *name;
   std::vector<double> ms;
   uint64_t inst = 0, cycles = 0, spills = 0, fills = 0, libcalls = 0, failed = 0;
};

double
percentile(std::vector<double> v, double p)
{
   if (v.empty())
      return 0;
   std::sort(v.begin(), v.end());
   size_t i = (size_t)(p * (v.size() - 1) + 0.5);
   return v[std::min(i, v.size() - 1)];
}

} // namespace

int
lsgpu_run_bench(const std::vector<std::string> &files)
{
   std::vector<lsgpu_compile_options> variants(3);
   variants[0].opt_level = LSGPU_OPT_DEFAULT;
   variants[1].opt_level = LSGPU_OPT_NONE;
   variants[2].opt_level = LSGPU_OPT_O2;
   for (lsgpu_compile_options &o : variants)
      o.number_vs_inputs = true;
   Totals t[3] = {{"default"}, {"-O0"}, {"O2"}};
   uint64_t nir_instrs = 0, stages = 0, rejected_files = 0, limited_files = 0;

   for (const std::string &f : files) {
      lsgpu_test_file file;
      std::string reason;
      std::vector<lsgpu_stage_result> results;
      if (!lsgpu_load_shader_file(f, &file, &reason)) {
         rejected_files++;
         continue;
      }
      if (file.rlimit) {
         /* Out-of-memory tests for the front end: --corpus runs them in a child. */
         limited_files++;
         continue;
      }
      if (!lsgpu_compile_glsl(file, variants, &results, &reason)) {
         rejected_files++;
         continue;
      }
      /* Count a stage only when every pipeline compiled it, so totals compare. */
      for (size_t i = 0; i + 2 < results.size(); i += 3) {
         bool all = results[i].ok && results[i + 1].ok && results[i + 2].ok;
         for (unsigned v = 0; v < 3; v++) {
            lsgpu_stage_result &r = results[i + v];
            if (!r.ok)
               t[v].failed++;
            t[v].libcalls += r.binary.stats.libcalls;
            if (all) {
               t[v].ms.push_back(r.binary.stats.compile_ms);
               t[v].inst += r.binary.stats.instructions;
               t[v].cycles += r.binary.stats.cycles;
               t[v].spills += r.binary.stats.spills;
               t[v].fills += r.binary.stats.fills;
            }
         }
         if (all) {
            stages++;
            nir_instrs += results[i].binary.stats.nir_instructions;
         }
         for (unsigned v = 0; v < 3; v++)
            lsgpu_shader_binary_finish(&results[i + v].binary);
      }
   }

   printf("bench compile: %zu files (%llu rejected by the front end, %llu rlimit tests "
          "skipped), %llu shaders compiled by every pipeline\n",
          files.size(), (unsigned long long)rejected_files, (unsigned long long)limited_files,
          (unsigned long long)stages);
   printf("%-8s %10s %10s %12s %12s %14s %10s\n", "pipeline", "median ms", "p95 ms", "inst",
          "cycles", "spills:fills", "libcalls");
   for (Totals &x : t) {
      char sf[32];
      snprintf(sf, sizeof(sf), "%llu:%llu", (unsigned long long)x.spills,
               (unsigned long long)x.fills);
      printf("%-8s %10.2f %10.2f %12llu %12llu %14s %10llu\n", x.name, percentile(x.ms, 0.5),
             percentile(x.ms, 0.95), (unsigned long long)x.inst, (unsigned long long)x.cycles, sf,
             (unsigned long long)x.libcalls);
   }
   printf("NIR instructions handed to LLVM: %llu; machine instructions per NIR instruction: "
          "default %.2f, -O0 %.2f, O2 %.2f\n",
          (unsigned long long)nir_instrs, nir_instrs ? (double)t[0].inst / nir_instrs : 0,
          nir_instrs ? (double)t[1].inst / nir_instrs : 0,
          nir_instrs ? (double)t[2].inst / nir_instrs : 0);
   printf("ratios vs default: -O0 inst %.3f time %.3f; O2 inst %.3f time %.3f\n",
          t[0].inst ? (double)t[1].inst / t[0].inst : 0,
          percentile(t[0].ms, 0.5) ? percentile(t[1].ms, 0.5) / percentile(t[0].ms, 0.5) : 0,
          t[0].inst ? (double)t[2].inst / t[0].inst : 0,
          percentile(t[0].ms, 0.5) ? percentile(t[2].ms, 0.5) / percentile(t[0].ms, 0.5) : 0);
   /* LSGPU-1 binaries carry no runtime: the chosen pipeline must never leave a call.
    * (LLVM's O2 turns store loops into memset calls, one reason it is not chosen.) */
   printf("libcalls: default %llu, -O0 %llu, O2 %llu\n", (unsigned long long)t[0].libcalls,
          (unsigned long long)t[1].libcalls, (unsigned long long)t[2].libcalls);
   return t[0].libcalls || t[0].failed ? 1 : 0;
}
