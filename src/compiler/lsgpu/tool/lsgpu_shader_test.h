/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SHADER_TEST_H
#define LSGPU_SHADER_TEST_H

/* Reading shaders for lsgpu-compile: plain GLSL files and piglit .shader_test files. */

#include <string>
#include <vector>

#define LSGPU_BINARY_FILE_MAGIC 0x4247534cu /* "LSGB": lsgpu-compile -o files */

struct lsgpu_test_source {
   std::string suffix; /* .vert .frag .comp: the standalone front end's stage key */
   std::string text;
};

struct lsgpu_test_file {
   int glsl_version = 120;
   unsigned long rlimit = 0; /* piglit's "rlimit N" in [require]: address-space bytes */
   std::vector<lsgpu_test_source> sources;
};

/* False with a reason for files that hold nothing LSGPU-1 compiles (ARB assembly,
 * geometry or tessellation stages). */
bool lsgpu_parse_shader_test(const char *path, lsgpu_test_file *out, std::string *reason);
bool lsgpu_load_glsl_file(const char *path, lsgpu_test_file *out, std::string *reason);

#endif
