/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_FUZZ_GLSL_GENERATOR_H
#define LSGPU_FUZZ_GLSL_GENERATOR_H

#include <FuzzedDataProvider.h>
#include <string>

namespace lsgpu::fuzz
{

/* The interface every generated program shares, so the harness can feed it without
 * knowing what was generated (unused uniforms are simply not found). */
constexpr int kUniformFloats = 8; /* uniform float u[8] */

struct GlslProgram {
   std::string vs, fs;
};

/* A GLSL 1.20 vertex and fragment shader pair that compiles, built from the
 * fuzzer's bytes: typed expressions over locals, uniforms, varyings and built-ins,
 * if/else, bounded and data-dependent loops (the latter are the watchdog's work),
 * dynamically indexed local and uniform arrays (out of range too), helper
 * functions, derivatives, 2D and cube textures, discard and gl_FragDepth.
 * Deterministic: the same bytes give the same text, so a found input replays. */
GlslProgram generate_glsl(FuzzedDataProvider &fdp);

/* The vertex shader used when the fragment shader comes from the input as text. */
extern const char *const kPassThroughVs;

} // namespace lsgpu::fuzz

#endif
