/* SPDX-License-Identifier: MIT */
#include "lsgpu_glsl_frontend.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

#include "compiler/nir/nir.h"
#include "compiler/glsl/gl_nir.h"
#include "compiler/glsl/standalone.h"
#include "main/mtypes.h"
#include "program/program.h"

namespace
{

int
type_size_vec4(const struct glsl_type *type, bool bindless)
{
   return glsl_count_attribute_slots(type, false);
}

/* What st/mesa does to linked NIR before the driver sees it, for the parts the
 * standalone front end leaves out: sampler indices, uniform layout, UBO 0. */
void
prepare_like_st(nir_shader *nir, gl_shader_program *prog)
{
   nir->options = lsgpu_nir_options();
   NIR_PASS(_, nir, nir_lower_global_vars_to_local);
   NIR_PASS(_, nir, nir_split_var_copies);
   NIR_PASS(_, nir, nir_lower_var_copies);
   NIR_PASS(_, nir, gl_nir_lower_samplers, prog);
   nir_assign_var_locations(nir, nir_var_uniform, &nir->num_uniforms, type_size_vec4);
   NIR_PASS(_, nir, nir_lower_io, nir_var_uniform, type_size_vec4, (nir_lower_io_options)0);
   NIR_PASS(_, nir, nir_lower_uniforms_to_ubo, false, false);
   NIR_PASS(_, nir, nir_opt_dce);
}

/* Writes sources to temporary files (the standalone front end reads files and takes
 * the stage from the suffix), links them, and compiles every linked stage. */
} // namespace

bool
lsgpu_compile_glsl(const lsgpu_test_file &file, const std::vector<lsgpu_compile_options> &variants,
                   std::vector<lsgpu_stage_result> *results, std::string *reason)
{
   const std::vector<lsgpu_test_source> &sources = file.sources;
   char dir[] = "/tmp/lsgpu-compile-XXXXXX";
   if (!mkdtemp(dir)) {
      *reason = "cannot create a temporary directory";
      return false;
   }
   std::vector<std::string> paths;
   for (size_t i = 0; i < sources.size(); i++) {
      std::string p = std::string(dir) + "/s" + std::to_string(i) + sources[i].suffix;
      FILE *f = fopen(p.c_str(), "w");
      if (!f) {
         *reason = "cannot write " + p;
         return false;
      }
      fwrite(sources[i].text.data(), 1, sources[i].text.size(), f);
      fclose(f);
      paths.push_back(p);
   }
   std::vector<char *> argv;
   for (std::string &p : paths)
      argv.push_back(&p[0]);

   struct standalone_options so = {};
   /* The front end takes its limits from a table per GLSL version; its 1.10/1.20
    * rows are smaller than LSGPU-1's (2 texture coordinates, 8 varyings). The 1.30
    * row matches a GL 2.1-class part: 16 varyings, 8 texture coordinates, 16
    * samplers, 1024 uniform components, compatibility profile. A shader's own
    * #version still decides its language. */
   so.glsl_version = file.glsl_version < 130 ? 130 : file.glsl_version;
   so.do_link = 1;
   so.just_log = 1;
   static struct gl_context ctx;
   /* The front end prints its info logs on stdout; keep our output readable. */
   fflush(stdout);
   int saved = dup(1);
   std::string log_path = std::string(dir) + "/log";
   int devnull = open(log_path.c_str(), O_RDWR | O_CREAT | O_TRUNC, 0600);
   dup2(devnull, 1);
   gl_shader_program *prog = standalone_compile_shader(&so, argv.size(), argv.data(), &ctx);
   fflush(stdout);
   dup2(saved, 1);
   close(saved);
   std::string log;
   char buf[4096];
   lseek(devnull, 0, SEEK_SET);
   for (ssize_t n; (n = read(devnull, buf, sizeof(buf))) > 0;)
      log.append(buf, n);
   close(devnull);
   unlink(log_path.c_str());
   for (std::string &p : paths)
      unlink(p.c_str());
   rmdir(dir);

   if (!prog || !prog->data || !prog->data->LinkStatus) {
      *reason = "GLSL compile or link error (front end)";
      size_t at = log.find("error");
      if (at != std::string::npos)
         *reason += ": " + log.substr(at, log.find('\n', at) - at).substr(0, 200);
      if (prog)
         standalone_compiler_cleanup(prog);
      return false;
   }
   for (unsigned s = 0; s < MESA_SHADER_STAGES; s++) {
      gl_linked_shader *ls = prog->_LinkedShaders[s];
      if (!ls || !ls->Program || !ls->Program->nir)
         continue;
      nir_shader *nir = ls->Program->nir;
      prepare_like_st(nir, prog);
      for (unsigned v = 0; v < variants.size(); v++) {
         lsgpu_stage_result r = {};
         r.stage = (gl_shader_stage)s;
         r.variant = v;
         nir_shader *clone = nir_shader_clone(NULL, nir);
         char *err = nullptr;
         r.ok = lsgpu_compile_nir(clone, &variants[v], &r.binary, &err);
         if (!r.ok)
            r.reason = err ? err : "unknown";
         free(err);
         ralloc_free(clone);
         results->push_back(r);
      }
   }
   standalone_compiler_cleanup(prog);
   if (results->empty()) {
      *reason = "no stage was linked";
      return false;
   }
   return true;
}
