/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_GLSL_FRONTEND_H
#define LSGPU_GLSL_FRONTEND_H

/* GLSL → NIR for the standalone tool through Mesa's standalone front end, then
 * lsgpu_compile_nir once per requested set of options. */

#include "compiler/shader_enums.h"
#include "lsgpu_compiler.h"
#include "lsgpu_shader_test.h"

struct lsgpu_stage_result {
   gl_shader_stage stage;
   unsigned variant; /* index into the options list */
   bool ok;
   std::string reason;
   lsgpu_shader_binary binary;
};

/* False with a reason when the front end rejects the program. */
bool lsgpu_compile_glsl(const lsgpu_test_file &file,
                        const std::vector<lsgpu_compile_options> &variants,
                        std::vector<lsgpu_stage_result> *results, std::string *reason);

#endif
