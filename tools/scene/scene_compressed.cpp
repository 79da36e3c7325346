/* SPDX-License-Identifier: MIT */
/*
 * The "compressed" scene: one 16×16 tile per block-compressed format (S3TC DXT1/3/5
 * and their sRGB forms, RGTC and LATC, ETC2 and EAC) holding pseudo-random blocks, so
 * that every mode of every codec appears (three-colour DXT1 blocks, T, H and planar
 * ETC2 blocks, punch-through alpha, EAC multipliers of zero). The top half samples
 * level 0 texel for texel (nearest, texel centres on pixel centres: exact); the bottom
 * half minifies by 2, 4, 8 or 16 into a mipmap chain of random blocks (levels 1..4,
 * down to 1×1 inside one block), bilinear a quarter texel off the centres (weights
 * that 8-bit filtering represents exactly). Signed formats show v / 2 + 1/2.
 */
#include <cstddef>
#include <cstdint>
#include <vector>

#define GL_GLEXT_PROTOTYPES
#include <GL/gl.h>
#include <GL/glext.h>

#include "scenes.h"

namespace lsgpu::scene
{

namespace
{

struct Format {
   GLenum internal;
   unsigned block_bytes;
   bool is_signed;
};

constexpr Format kFormats[] = {
   {GL_COMPRESSED_RGB_S3TC_DXT1_EXT, 8, false},
   {GL_COMPRESSED_RGBA_S3TC_DXT1_EXT, 8, false},
   {GL_COMPRESSED_RGBA_S3TC_DXT3_EXT, 16, false},
   {GL_COMPRESSED_RGBA_S3TC_DXT5_EXT, 16, false},
   {GL_COMPRESSED_SRGB_S3TC_DXT1_EXT, 8, false},
   {GL_COMPRESSED_SRGB_ALPHA_S3TC_DXT1_EXT, 8, false},
   {GL_COMPRESSED_SRGB_ALPHA_S3TC_DXT3_EXT, 16, false},
   {GL_COMPRESSED_SRGB_ALPHA_S3TC_DXT5_EXT, 16, false},
   {GL_COMPRESSED_RED_RGTC1, 8, false},
   {GL_COMPRESSED_SIGNED_RED_RGTC1, 8, true},
   {GL_COMPRESSED_RG_RGTC2, 16, false},
   {GL_COMPRESSED_SIGNED_RG_RGTC2, 16, true},
   {GL_COMPRESSED_LUMINANCE_LATC1_EXT, 8, false},
   {GL_COMPRESSED_SIGNED_LUMINANCE_ALPHA_LATC2_EXT, 16, true},
   {GL_COMPRESSED_RGB8_ETC2, 8, false},
   {GL_COMPRESSED_SRGB8_ETC2, 8, false},
   {GL_COMPRESSED_RGB8_PUNCHTHROUGH_ALPHA1_ETC2, 8, false},
   {GL_COMPRESSED_SRGB8_PUNCHTHROUGH_ALPHA1_ETC2, 8, false},
   {GL_COMPRESSED_RGBA8_ETC2_EAC, 16, false},
   {GL_COMPRESSED_SRGB8_ALPHA8_ETC2_EAC, 16, false},
   {GL_COMPRESSED_R11_EAC, 8, false},
   {GL_COMPRESSED_SIGNED_R11_EAC, 8, true},
   {GL_COMPRESSED_RG11_EAC, 16, false},
   {GL_COMPRESSED_SIGNED_RG11_EAC, 16, true},
};
constexpr unsigned kCount = sizeof(kFormats) / sizeof(kFormats[0]);
constexpr int kTile = 16, kLevels = 5; /* 16×16 down to 1×1 */

/* Deterministic bytes (a 32-bit LCG's high bytes), the same on both drivers. */
struct Random {
   uint32_t state;
   uint8_t next()
   {
      state = state * 1664525u + 1013904223u;
      return (uint8_t)(state >> 24);
   }
};

GLuint
random_texture(const Format &f, Random &rng)
{
   GLuint tex;
   glGenTextures(1, &tex);
   glBindTexture(GL_TEXTURE_2D, tex);
   for (int level = 0; level < kLevels; level++) {
      const int size = kTile >> level, blocks = (size + 3) / 4;
      std::vector<uint8_t> data((size_t)blocks * blocks * f.block_bytes);
      for (uint8_t &b : data)
         b = rng.next();
      glCompressedTexImage2D(GL_TEXTURE_2D, level, f.internal, size, size, 0, (GLsizei)data.size(),
                             data.data());
   }
   return tex;
}

} // namespace

void
compressed()
{
   static const char *vs = "#version 130\n"
                           "in vec2 position;\n"
                           "void main() { gl_Position = vec4(position, 0.0, 1.0); }\n";
   static const char *fs = "#version 130\n"
                           "uniform sampler2D tex;\n"
                           "uniform vec2 origin;\n"
                           "uniform float scale, bias, shift;\n"
                           "out vec4 colour;\n"
                           "void main() {\n"
                           "  vec2 st = (gl_FragCoord.xy - origin) / 16.0 * scale + shift;\n"
                           "  colour = texture(tex, st) * (1.0 - bias) + bias;\n"
                           "}\n";
   const GLuint prog = link_program(vs, fs);
   glUseProgram(prog);
   glUniform1i(glGetUniformLocation(prog, "tex"), 0);
   const GLint origin = glGetUniformLocation(prog, "origin");
   const GLint scale = glGetUniformLocation(prog, "scale");
   const GLint bias = glGetUniformLocation(prog, "bias");
   const GLint shift = glGetUniformLocation(prog, "shift");
   Random rng = {12345};
   for (unsigned i = 0; i < kCount; i++) {
      const Format &f = kFormats[i];
      const GLuint tex = random_texture(f, rng);
      glUniform1f(bias, f.is_signed ? 0.5f : 0.0f);
      for (int minified = 0; minified < 2; minified++) {
         /* Tiles fill rows of eight: formats 0..23 in rows 4..6 nearest, 0..2 minified. */
         const int x = (int)(i % 8) * kTile, y = (int)(i / 8 + (minified ? 0 : 4)) * kTile;
         glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER,
                         minified ? GL_LINEAR_MIPMAP_NEAREST : GL_NEAREST);
         glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
         glUniform2f(origin, (float)x, (float)y);
         const int level = minified ? 1 + (int)i % 4 : 0;
         glUniform1f(scale, (float)(1 << level));
         glUniform1f(shift, minified ? 0.25f / (float)(kTile >> level) : 0.0f);
         const float x0 = x / 64.0f - 1, y0 = y / 64.0f - 1, x1 = x0 + kTile / 64.0f,
                     y1 = y0 + kTile / 64.0f;
         draw_rect(prog, x0, y0, x1, y1);
      }
      glDeleteTextures(1, &tex);
   }
   glUseProgram(0);
   glDeleteProgram(prog);
}

} // namespace lsgpu::scene
