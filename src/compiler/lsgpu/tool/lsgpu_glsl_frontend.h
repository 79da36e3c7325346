/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_GLSL_FRONTEND_H
#define LSGPU_GLSL_FRONTEND_H

/* GLSL → NIR for the standalone tool through Mesa's standalone front end, then
 * lsgpu_compile_nir once per requested set of options. */

#include "compiler/shader_enums.h"
#include "lsgpu_compiler.h"
#include "lsgpu_shader_test.h"

typedef struct nir_shader nir_shader;

struct lsgpu_stage_result {
   gl_shader_stage stage;
   unsigned variant; /* index into the options list */
   bool ok;
   std::string reason;
   lsgpu_shader_binary binary;
};

/* The linked program's stages as NIR, prepared as st/mesa would hand them to the
 * driver; the caller ralloc_frees them. Not thread-safe (Mesa's standalone GLSL
 * context is one per process). */
bool lsgpu_glsl_to_nir(const lsgpu_test_file &file, std::vector<nir_shader *> *shaders,
                       std::string *reason);

/* False with a reason when the front end rejects the program. */
bool lsgpu_compile_glsl(const lsgpu_test_file &file,
                        const std::vector<lsgpu_compile_options> &variants,
                        std::vector<lsgpu_stage_result> *results, std::string *reason);

#endif
