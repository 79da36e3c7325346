/* SPDX-License-Identifier: MIT */

/* lsgpu-compile --threads N: the compiler is safe when several contexts compile on
 * different threads at once (docs/compiler.md). Every shader of the corpus is
 * compiled once alone, then again by N threads at the same time, sharing the one
 * process-wide LLVM as llvmpipe and several GL contexts would; every binary must
 * come out byte-identical. */

#include "lsgpu_glsl_frontend.h"

#include <atomic>
#include <cstdio>
#include <cstring>
#include <thread>
#include <vector>

#include "compiler/nir/nir.h"

bool lsgpu_load_shader_file(const std::string &path, lsgpu_test_file *out, std::string *reason);

namespace
{

bool
compile_once(nir_shader *nir, std::vector<uint8_t> *code)
{
   lsgpu_compile_options opts = {};
   opts.number_vs_inputs = true;
   nir_shader *clone = nir_shader_clone(NULL, nir);
   lsgpu_shader_binary b;
   char *err = nullptr;
   const bool ok = lsgpu_compile_nir(clone, &opts, &b, &err);
   ralloc_free(clone);
   free(err);
   if (ok)
      code->assign(b.code, b.code + b.info.code_size);
   lsgpu_shader_binary_finish(&b);
   return ok;
}

} // namespace

int
lsgpu_run_thread_check(const std::vector<std::string> &files, unsigned threads)
{
   std::vector<nir_shader *> shaders;
   for (const std::string &f : files) {
      lsgpu_test_file file;
      std::string reason;
      if (!lsgpu_load_shader_file(f, &file, &reason) || file.rlimit)
         continue;
      lsgpu_glsl_to_nir(file, &shaders, &reason); /* the front end is single-threaded */
   }
   std::vector<std::vector<uint8_t>> serial(shaders.size());
   std::vector<bool> compiled(shaders.size());
   for (size_t i = 0; i < shaders.size(); i++)
      compiled[i] = compile_once(shaders[i], &serial[i]);

   std::atomic<size_t> next{0};
   std::atomic<unsigned> mismatches{0}, done{0};
   std::vector<std::thread> pool;
   for (unsigned t = 0; t < threads; t++) {
      pool.emplace_back([&] {
         for (size_t i; (i = next.fetch_add(1)) < shaders.size();) {
            std::vector<uint8_t> code;
            const bool ok = compile_once(shaders[i], &code);
            if (ok != compiled[i] || code != serial[i])
               mismatches++;
            done++;
         }
      });
   }
   for (std::thread &t : pool)
      t.join();
   for (nir_shader *s : shaders)
      ralloc_free(s);
   printf("threads: %zu shaders compiled on %u threads at once, %u differ from the serial "
          "compile\n",
          shaders.size(), threads, mismatches.load());
   return mismatches || done != shaders.size() ? 1 : 0;
}
