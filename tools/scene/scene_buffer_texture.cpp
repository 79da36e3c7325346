/* SPDX-License-Identifier: MIT */
/*
 * The "buffer_texture" scene: texelFetch from buffer textures (TEX_TARGET_BUFFER) of
 * normalized, float and integer formats, one column of quads per format and one quad
 * per texel, the buffer's contents given after glTexBuffer (as programs do), and a
 * view at an offset (glTexBufferRange).
 */
#include <cstdint>
#include <cstdio>
#include <cstring>

#define GL_GLEXT_PROTOTYPES
#include <EGL/egl.h>
#include <GL/gl.h>
#include <GL/glext.h>

#include "scenes.h"

namespace lsgpu::scene
{

namespace
{

struct Format {
   GLenum internal;
   const char *prefix; /* "", "i" or "u": the sampler and result type */
   float scale;        /* shown as result / scale */
};

constexpr Format kFormats[] = {
   {GL_RGBA8, "", 1.0f},        {GL_RGBA16F, "", 4.0f},   {GL_RGBA32F, "", 4.0f},
   {GL_RG8, "", 1.0f},          {GL_R32F, "", 4.0f},      {GL_RGBA8UI, "u", 255.0f},
   {GL_RGBA16I, "i", 30000.0f}, {GL_RGBA32UI, "u", 1e9f},
};

} // namespace

void
buffer_texture()
{
   auto tex_buffer_range = (PFNGLTEXBUFFERRANGEPROC)eglGetProcAddress("glTexBufferRange");
   /* 64 bytes of patterned data, reinterpreted by each format. */
   uint8_t bytes[256];
   for (unsigned i = 0; i < sizeof(bytes); i++)
      bytes[i] = (uint8_t)(i * 37 + 11);
   /* Floats and halves of small values, for the float formats. */
   float floats[64];
   uint16_t halves[64];
   for (unsigned i = 0; i < 64; i++) {
      floats[i] = (float)(i % 17) * 0.23f - 0.5f;
      /* Halves of k / 8 for k in 0..31: exponent and mantissa by hand. */
      const unsigned k = i % 32;
      halves[i] = k == 0 ? 0 : (uint16_t)0x3000 + (uint16_t)(k * 0x80); /* from 0.125 up */
   }
   const unsigned n = sizeof(kFormats) / sizeof(kFormats[0]);
   for (unsigned f = 0; f < n; f++) {
      const Format &fmt = kFormats[f];
      static const char *vs = "#version 140\n"
                              "in vec2 position;\n"
                              "void main() { gl_Position = vec4(position, 0.0, 1.0); }\n";
      char fs[512];
      snprintf(fs, sizeof(fs),
               "#version 140\n"
               "uniform %ssamplerBuffer tex;\n"
               "uniform float scale;\n"
               "out vec4 colour;\n"
               "void main() {\n"
               "  int i = int(gl_FragCoord.y) / 8;\n"
               "  colour = vec4(texelFetch(tex, i)) / scale;\n"
               "}\n",
               fmt.prefix);
      const GLuint prog = link_program(vs, fs);
      glUseProgram(prog);
      glUniform1i(glGetUniformLocation(prog, "tex"), 0);
      glUniform1f(glGetUniformLocation(prog, "scale"), fmt.scale);
      GLuint bo, tex;
      glGenBuffers(1, &bo);
      glGenTextures(1, &tex);
      glBindBuffer(GL_TEXTURE_BUFFER, bo);
      glBindTexture(GL_TEXTURE_BUFFER, tex);
      const bool odd = f % 2 == 1;
      if (odd && tex_buffer_range) /* a view 64 bytes in */
         glBufferData(GL_TEXTURE_BUFFER, 256, nullptr, GL_STATIC_DRAW);
      if (odd && tex_buffer_range)
         tex_buffer_range(GL_TEXTURE_BUFFER, fmt.internal, bo, 64, 192);
      else
         glTexBuffer(GL_TEXTURE_BUFFER, fmt.internal, bo); /* storage comes after */
      const void *data = fmt.internal == GL_RGBA16F ? (const void *)halves
                         : fmt.internal == GL_RGBA32F || fmt.internal == GL_R32F
                            ? (const void *)floats
                            : (const void *)bytes;
      glBufferData(GL_TEXTURE_BUFFER, 256, data, GL_STATIC_DRAW);
      const float x0 = -1.0f + 2.0f * (float)f / (float)n, x1 = x0 + 2.0f / (float)n;
      draw_rect(prog, x0, -1, x1, 1);
      glUseProgram(0);
      glDeleteProgram(prog);
      glDeleteTextures(1, &tex);
      glDeleteBuffers(1, &bo);
   }
}

} // namespace lsgpu::scene
